import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** `ContractsConfigFile` is generated from contracts.config.schema.json; `npm run config-types` refreshes it. */
describe('generator/core/config-file.ts', () => {
  it('is exactly what json-schema-to-typescript generates from contracts.config.schema.json now (no drift)', () => {
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const run = spawnSync(process.execPath, ['scripts/config-types.mjs', '--check'], { cwd: root, encoding: 'utf8' });
    expect(run.stderr).toContain('is up to date');
    expect(run.status, run.stderr).toBe(0);
  });
});
