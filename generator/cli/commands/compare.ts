import { readFile } from 'node:fs/promises';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { defineCommand } from '../command.js';
import type { CliIO } from '../command.js';
import { COMPATIBILITY_LEVELS, COMPATIBILITY_POLICIES, type CompatibilityLevel, type CompatibilityPolicy } from '../../core/compatibility.js';
import { InputError } from '../../core/errors.js';
import { ExitCode } from '../../core/exit-codes.js';
import { compareSchemas, type CompareResult } from '../../compat/index.js';

export interface CompareArgs {
  previous: string;
  next: string;
  level: CompatibilityLevel;
  policy: CompatibilityPolicy;
  format: 'text' | 'json';
}

export const compareCommand = defineCommand<CompareArgs>({
  command: 'compare <previous> <next>',
  describe: "Compare two JSON Schema files with Confluent's rules (previous = original_schema, next = update_schema for BACKWARD)",
  builder: (y) =>
    y
      .positional('previous', { type: 'string', demandOption: true, describe: 'The earlier schema (JSON file)' })
      .positional('next', { type: 'string', demandOption: true, describe: 'The later schema (JSON file)' })
      .option('level', {
        choices: COMPATIBILITY_LEVELS,
        default: 'BACKWARD' as CompatibilityLevel,
        coerce: (v: string) => String(v).toUpperCase(),
        describe: 'Compatibility level (FULL checks both directions; transitive levels equal their plain form for one previous schema)',
      })
      .option('policy', {
        choices: COMPATIBILITY_POLICIES,
        default: 'STRICT' as CompatibilityPolicy,
        coerce: (v: string) => String(v).toUpperCase(),
        describe: 'STRICT, or LENIENT (also accepts optional properties added to open objects)',
      })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'json prints exactly the compareSchemas() result' }) as never,
  run: async (args, io: CliIO) => {
    const previous = await readJsonFile(args.previous);
    const next = await readJsonFile(args.next);
    const result = compareSchemas(previous, next, { level: args.level, policy: args.policy });
    io.stdout(args.format === 'json' ? JSON.stringify(result, null, 2) + '\n' : renderText(result, args));
    return result.compatible ? ExitCode.OK : ExitCode.PROBLEMS;
  },
});

function renderText(result: CompareResult, args: CompareArgs): string {
  const lines: string[] = [];
  const full = result.changes.some((c) => c.direction === 'forward');
  for (const c of result.changes) {
    const dir = full || result.level.startsWith('FORWARD') ? `${c.direction}  ` : '';
    lines.push(`${dir}${c.type}  ${c.path}  ${c.compatible ? 'compatible' : 'BREAKING'}  ${c.message}`);
  }
  for (const note of result.notes ?? []) lines.push(`note: ${note}`);
  const breaking = result.changes.filter((c) => !c.compatible).length;
  const summary = `${result.changes.length} change${result.changes.length === 1 ? '' : 's'}, ${breaking} breaking`;
  lines.push(
    result.compatible
      ? `compatible: ${args.next} can follow ${args.previous} at ${result.level}/${result.policy} (${summary}).`
      : `INCOMPATIBLE: ${args.next} cannot follow ${args.previous} at ${result.level}/${result.policy} (${summary}).`,
  );
  return lines.join('\n') + '\n';
}

/** Reads and parses a JSON file; problems become an InputError naming file, line and column (exit 2, no stack). */
async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new InputError(`Cannot read ${file}: ${why}.`, file, 'Pass the paths of two JSON Schema files.');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const errors: ParseError[] = [];
    parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    const offset = first?.offset ?? 0;
    const { line, column } = lineColumn(text, offset);
    const what = first ? describeParseError(printParseErrorCode(first.error)) : 'invalid JSON';
    throw new InputError(
      `${file}:${line}:${column}: ${what}; the file is not valid JSON.`,
      file,
      'Fix the JSON at that position (comments and trailing commas are not allowed).',
    );
  }
}

function describeParseError(code: string): string {
  // InvalidSymbol → "invalid symbol", CommaExpected → "comma expected"
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
