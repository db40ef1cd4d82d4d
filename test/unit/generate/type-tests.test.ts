/**
 * Runs tsc (strict) on test/types/service.ts against the committed generated packages. The file
 * holds `@ts-expect-error` on a wrong payload, an unknown event name and a missing partition
 * key (among others): tsc fails both when valid usage stops compiling and when an expected
 * error disappears ("Unused '@ts-expect-error' directive"), so exit 0 proves both.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../../..');

describe('type tests', () => {
  it('compile test/types/service.ts strict against generated/ with every expected error present', () => {
    const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');
    const run = spawnSync(process.execPath, [tsc, '-p', 'test/types/tsconfig.json', '--pretty', 'false'], { cwd: repoRoot, encoding: 'utf8' });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 120_000);
});
