import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, cpSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import dns from 'node:dns';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../generator/cli/main.js';

/**
 * The hostile-input corpus: test/fixtures/hostile/<case>/ is a small repository that must
 * yield exactly the diagnostics in its expected.json (rule, file, pointer), exit code 1, no
 * stack trace, and no network connection attempt. Runs in-process through `main()` with every
 * way out to the network patched to record and throw.
 */
const HOSTILE = fileURLToPath(new URL('../../fixtures/hostile/', import.meta.url));
const cases = readdirSync(HOSTILE, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

const attempts: string[] = [];
const restore: (() => void)[] = [];
function trap<T extends object>(target: T, key: keyof T & string, label: string): void {
  const original = target[key];
  (target as Record<string, unknown>)[key] = (...args: unknown[]) => {
    attempts.push(`${label} ${JSON.stringify(args[0] ?? null)?.slice(0, 100)}`);
    throw new Error(`network access attempted: ${label}`);
  };
  restore.push(() => ((target as Record<string, unknown>)[key] = original));
}
beforeAll(() => {
  trap(net.Socket.prototype, 'connect', 'net.Socket.connect');
  trap(http, 'request', 'http.request');
  trap(http, 'get', 'http.get');
  trap(https, 'request', 'https.request');
  trap(https, 'get', 'https.get');
  trap(dns, 'lookup', 'dns.lookup');
  trap(globalThis, 'fetch', 'fetch');
});
afterAll(() => {
  for (const undo of restore.reverse()) undo();
});

async function lint(dir: string, format = 'json'): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['lint', '--cwd', dir, '--format', format], { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false });
  return { code, out, err };
}

const STACK = /\n\s+at .+:\d+:\d+\)?/;

interface Expected {
  diagnostics: { ruleId: string; file: string; pointer: string }[];
}
const key = (d: { ruleId: string; file: string; pointer: string }) => JSON.stringify([d.ruleId, d.file, d.pointer]);

describe('hostile-input corpus', () => {
  it('has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('%s', async (name) => {
    const dir = join(HOSTILE, name);
    const want = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
    const before = attempts.length;
    const { code, out, err } = await lint(dir);
    expect(err).toBe('');
    expect(code).toBe(1);
    const got = (JSON.parse(out) as { diagnostics: Expected['diagnostics'] }).diagnostics;
    expect(got.map(key).sort()).toEqual(want.diagnostics.map(key).sort());
    for (const format of ['text', 'github', 'markdown', 'sarif']) {
      const r = await lint(dir, format);
      expect(r.code).toBe(1);
      expect(r.out + r.err).not.toMatch(STACK);
      expect(r.out + r.err).not.toContain('internal error');
      // Nothing from a schema can start a line of its own, move the cursor or flip text direction.
      expect(r.out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/);
      if (format === 'github') for (const line of r.out.trimEnd().split('\n')) expect(line).toMatch(/^::(error|warning|notice) /);
      if (format === 'text') for (const line of r.out.trimEnd().split('\n').slice(0, -1)) expect(line).toMatch(/^\S.*  (error|warning|info)  [A-Z_]+  /);
    }
    expect(attempts.slice(before)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  describe('generated cases (too big or too odd to commit)', () => {
    let tmp: string;
    beforeAll(() => {
      tmp = mkdtempSync(join(tmpdir(), 'contracts-hostile-'));
    });
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));

    const base = join(HOSTILE, 'redos-pattern', 'schemas');

    it('a file over 1 MiB is reported, not read', async () => {
      const dir = join(tmp, 'huge');
      mkdirSync(join(dir, 'schemas', 'shop'), { recursive: true });
      const filler = 'x'.repeat(1024 * 1024 + 10);
      writeFileSync(join(dir, 'schemas', 'shop', 'thing.done.v1.json'), JSON.stringify({ type: 'object', description: filler }));
      const { code, out } = await lint(dir);
      expect(code).toBe(1);
      const got = (JSON.parse(out) as Expected).diagnostics;
      expect(got.map(key)).toEqual([key({ ruleId: 'FILE_TOO_LARGE', file: 'schemas/shop/thing.done.v1.json', pointer: '' })]);
    });

    it('a symlink leaving the root is reported and not followed', async () => {
      const dir = join(tmp, 'symlink');
      cpSync(base, join(dir, 'schemas'), { recursive: true });
      mkdirSync(join(tmp, 'outside'), { recursive: true });
      writeFileSync(join(tmp, 'outside', 'secret.json'), '{"type": "object"}');
      symlinkSync(join(tmp, 'outside'), join(dir, 'schemas', 'leak'));
      const { code, out } = await lint(dir);
      expect(code).toBe(1);
      const got = (JSON.parse(out) as Expected).diagnostics;
      expect(got.map(key)).toContain(key({ ruleId: 'FILE_UNREADABLE', file: 'schemas/leak', pointer: '' }));
      expect(out).not.toContain('secret.json');
    });

    it('a missing --cwd is a usage error (exit 2) without a stack trace', async () => {
      const { code, out, err } = await lint(join(tmp, 'does-not-exist'));
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toMatch(/Cannot read the repository root/);
      expect(err).not.toMatch(STACK);
    });
  });
});
