/** `contracts compare`: formats and exit codes, through main() with a capturing io. */
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../generator/cli/main.js';
import type { CliIO } from '../../../generator/cli/command.js';
import { compareSchemas } from '../../../generator/compat/index.js';

const dir = mkdtempSync(join(tmpdir(), 'contracts-compare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), isTTY: false };
  const code = await main(argv, io);
  return { code, out, err };
}

const open = { type: 'object', properties: { id: { type: 'string' } } };
const openPlusOptional = { type: 'object', properties: { id: { type: 'string' }, note: { type: 'string' } } };
const closed = { type: 'object', properties: { id: { type: 'string' }, amount: { type: 'number' } }, additionalProperties: false };
const closedMinusAmount = { type: 'object', properties: { id: { type: 'string' } }, additionalProperties: false };

const prevOpen = file('open.json', open);
const nextOpen = file('open-plus.json', openPlusOptional);
const prevClosed = file('closed.json', closed);
const nextClosed = file('closed-minus.json', closedMinusAmount);

describe('contracts compare', () => {
  it.each([
    { name: 'optional field on open object, STRICT', args: [prevOpen, nextOpen], code: 1 },
    { name: 'optional field on open object, LENIENT', args: [prevOpen, nextOpen, '--policy', 'lenient'], code: 0 },
    { name: 'same file', args: [prevOpen, prevOpen], code: 0 },
    { name: 'removed from closed object, BACKWARD', args: [prevClosed, nextClosed, '--level', 'BACKWARD'], code: 1 },
    { name: 'removed from closed object, FORWARD', args: [prevClosed, nextClosed, '--level', 'forward'], code: 0 },
    { name: 'removed from closed object, NONE', args: [prevClosed, nextClosed, '--level', 'NONE'], code: 0 },
  ])('exit code: $name → $code', async ({ args, code }) => {
    const r = await run('compare', ...args);
    expect(r.err).toBe('');
    expect(r.code).toBe(code);
  });

  it('--format json prints exactly the compareSchemas result', async () => {
    const r = await run('compare', prevClosed, nextClosed, '--format', 'json', '--level', 'FULL', '--policy', 'LENIENT');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(compareSchemas(closed, closedMinusAmount, { level: 'FULL', policy: 'LENIENT' }));
  });

  it('text format: one line per change and a verdict line', async () => {
    const r = await run('compare', prevClosed, nextClosed);
    expect(r.code).toBe(1);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL {2}#\/properties\/amount {2}BREAKING {2}Property `#\/properties\/amount` is in the previous revision but not in the next revision/,
    );
    expect(lines.at(-1)).toMatch(/^INCOMPATIBLE: .* at BACKWARD\/STRICT \(1 change, 1 breaking\)\.$/);
  });

  it('text format with FULL names the direction of each change', async () => {
    const r = await run('compare', prevOpen, nextOpen, '--level', 'FULL');
    expect(r.out).toContain('backward  OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL  #/properties/note  BREAKING');
    expect(r.out).toContain('forward  PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL  #/properties/note  compatible');
  });

  it('a missing file is bad input: exit 2, names the file, no stack', async () => {
    const missing = join(dir, 'nope.json');
    const r = await run('compare', missing, prevOpen);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`Cannot read ${missing}: no such file.`);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('malformed JSON is bad input: exit 2 with file, line and column', async () => {
    const bad = file('bad.json', '{\n  "type": "object",\n  "properties": {,}\n}\n');
    const r = await run('compare', prevOpen, bad);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${bad}:3:18: `);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('a directory is bad input: exit 2', async () => {
    const sub = join(dir, 'sub');
    mkdirSync(sub, { recursive: true });
    const r = await run('compare', sub, prevOpen);
    expect(r.code).toBe(2);
    expect(r.err).toContain('it is a directory');
  });

  it('an unknown level is a usage error: exit 2', async () => {
    const r = await run('compare', prevOpen, nextOpen, '--level', 'SIDEWAYS');
    expect(r.code).toBe(2);
  });

  it('an unresolvable $ref is bad input: exit 2 naming the ref', async () => {
    const dangling = file('dangling.json', { $ref: '#/definitions/missing' });
    const r = await run('compare', prevOpen, dangling);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Cannot resolve `$ref` "#/definitions/missing" at `#` in the next schema');
  });
});
