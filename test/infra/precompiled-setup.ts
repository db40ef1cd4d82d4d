/**
 * vitest globalSetup of both projects: the tests import the generator's sources, which import the precompiled ajv
 * validators that `npm run build` writes into generator/ajv/precompiled/ (not committed). `npm ci` builds them
 * (`prepare`); this covers a checkout where nothing was built yet, e.g. `npx vitest run` right after a pull.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export default function setup(): void {
  if (existsSync(`${root}generator/ajv/precompiled/config.js`)) return;
  const run = spawnSync(process.execPath, ['scripts/precompile-validators.mjs'], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) throw new Error('generator/ajv/precompiled/ could not be built; run `npm run build` and read its errors');
}
