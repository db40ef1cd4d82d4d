import { Parser } from '@asyncapi/parser';

/**
 * Runs the official AsyncAPI parser and returns every diagnostic except the one info we accept
 * ("asyncapi-latest-version": 3.1.0 exists; the issue asks for 3.0), so errors (0) and warnings (1)
 * always count, plus the number of messages the parsed document has (-1 when it did not parse).
 */
export async function parserProblems(text: string): Promise<{ problems: string[]; messages: number }> {
  const { document, diagnostics } = await new Parser().parse(text);
  const problems = diagnostics
    .filter((d) => d.severity <= 1 || d.code !== 'asyncapi-latest-version')
    .map((d) => `${d.severity} ${d.code} ${d.message} at ${d.path.join('/')}`);
  return { problems, messages: document?.allMessages().length ?? -1 };
}
