#!/usr/bin/env node
// Builds generator/ajv/precompiled/ (the meta-schema and config validators, ajv standalone code: `.js` + `.d.ts`)
// from generator/ajv/standalone-build.ts. `npm run build` runs it before tsc, which type-checks the generator
// against the `.d.ts` files; the `.js` files are written next to them (vitest runs the sources) and into dist/
// (tsc copies no `.js`). Not committed (.gitignore), so they cannot drift from the ajv version installed;
// test/unit/ajv/precompiled.test.ts fails if they are stale. Files whose bytes are unchanged are not rewritten.
//   npm run precompile   (or: npm run build)
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const root = new URL('../', import.meta.url);
const OUT = ['generator/ajv/precompiled/', 'dist/generator/ajv/precompiled/'];

// standalone-build.ts imports only core/ and ajv/create.ts, none of which needs the validators it produces.
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', 'scripts/precompile-validators.tsconfig.json'], { cwd: root, stdio: 'inherit' });
if (compiled.status !== 0) {
  console.error('precompile: could not compile generator/ajv/standalone-build.ts (tsc errors above); fix them and run `npm run build` again');
  process.exit(2);
}
const { buildPrecompiledModules } = await import('../dist/precompile/ajv/standalone-build.js');
const configSchema = JSON.parse(readFileSync(new URL('contracts.config.schema.json', root), 'utf8'));
const modules = buildPrecompiledModules(configSchema);

let written = 0;
for (const dir of OUT) {
  mkdirSync(new URL(dir, root), { recursive: true });
  for (const [name, text] of Object.entries(modules)) {
    const file = new URL(dir + name, root);
    let before;
    try {
      before = readFileSync(file, 'utf8');
    } catch {
      before = undefined;
    }
    if (before === text) continue;
    writeFileSync(file, text);
    written++;
  }
}
process.stderr.write(`precompile: ${Object.keys(modules).length} files in ${OUT.join(' and ')} (${written} written)\n`);
