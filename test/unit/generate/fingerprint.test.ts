/**
 * The generate cache's key includes the generator's own code: a change in any module it reads (not only in
 * generate/) must change the fingerprint, or a warm run reuses output an older registration/ or records/ wrote.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generatorFingerprint } from '../../../generator/generate/cache.js';

const GENERATOR = fileURLToPath(new URL('../../../generator/', import.meta.url));
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function copyOfGenerator(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'contracts-fingerprint-'));
  dirs.push(dir);
  await cp(GENERATOR, dir, { recursive: true });
  return dir;
}

describe('generatorFingerprint', () => {
  const edits = [
    { name: 'a module of generate/', file: 'generate/cache.ts', changes: true },
    { name: 'a module of registration/ (subjects and references in the packages)', file: 'registration/view.ts', changes: true },
    { name: 'a module of records/ (versions in the packages)', file: 'records/lock.ts', changes: true },
    { name: 'a core helper', file: 'core/json-pointer.ts', changes: true },
    { name: 'a Markdown file (not code)', file: 'ARCHITECTURE.md', changes: false },
  ];
  it.each(edits)('$name: changes it = $changes', async ({ file, changes }) => {
    const dir = await copyOfGenerator();
    const before = await generatorFingerprint(dir);
    expect(await generatorFingerprint(dir)).toBe(before);
    await writeFile(join(dir, file), '\n// edited\n', { flag: 'a' });
    expect((await generatorFingerprint(dir)) !== before).toBe(changes);
  });
});
