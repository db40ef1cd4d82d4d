import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../../generator/cli/main.js';
import { LINT_RULES } from '../../../generator/lint/index.js';

const EXAMPLE = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../fixtures/lint/', import.meta.url));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false });
  return { code, out, err };
}

describe('contracts lint', () => {
  it.each(['text', 'json', 'github', 'sarif', 'markdown'])('exits 0 on the example repository (--format %s)', async (format) => {
    const { code, out, err } = await run('lint', '--cwd', EXAMPLE, '--format', format);
    expect(err).toBe('');
    expect(code).toBe(0);
    if (format === 'text') expect(out).toBe('No problems found.\n');
    if (format === 'github') expect(out).toBe('');
    if (format === 'json' || format === 'sarif') expect(() => JSON.parse(out)).not.toThrow();
  });

  it('exits 0 when only warnings and info are found', async () => {
    const { code, out } = await run('lint', '--cwd', `${FIXTURES}UNKNOWN_EXTENSION`);
    expect(code).toBe(0);
    expect(out).toMatch(/^schemas\/shop\/thing\.done\.v1\.json:\d+:\d+  warning  UNKNOWN_EXTENSION  /m);
    expect(out.trimEnd().split('\n').at(-1)).toBe('0 errors, 3 warnings in 2 files.');
  });

  it('exits 1 with file:line:col  severity  RULE_ID  message lines when errors are found', async () => {
    const { code, out } = await run('lint', '--cwd', `${FIXTURES}EXAMPLE_INVALID`);
    expect(code).toBe(1);
    expect(out.split('\n')[0]).toBe(
      'schemas/shop/thing.done.v1.json:24:7  error  EXAMPLE_INVALID  Example 1 of `shop.thing.done.v1` does not validate: `/id` must match format "uuid". Fix the example or the schema.',
    );
  });

  it('--list-rules prints the rule table', async () => {
    const { code, out } = await run('lint', '--list-rules');
    expect(code).toBe(0);
    expect(out.trimEnd().split('\n')).toHaveLength(LINT_RULES.length);
    expect(out).toMatch(/^PARTITION_KEY\s+error\s+`x-partition-key` is present/m);
  });

  it.each([
    [['lint', '--format', 'xml'], /Invalid values|Choices/],
    [['lint', '--nope'], /Unknown argument/],
  ])('usage errors exit 2 without a stack trace: %j', async (argv, message) => {
    const { code, out, err } = await run(...argv);
    expect(code).toBe(2);
    expect(out + err).toMatch(message);
    expect(out + err).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it('--help documents formats and exit codes', async () => {
    // yargs prints help through console.log, not through the injected io.
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const { code } = await run('lint', '--help');
    const out = log.mock.calls.flat().join('\n');
    log.mockRestore();
    expect(code).toBe(0);
    expect(out).toMatch(/--format/);
    expect(out).toMatch(/Exit codes: 0 no errors/);
  });
});
