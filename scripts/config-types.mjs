#!/usr/bin/env node
// Generates generator/core/config-file.ts (the `ContractsConfigFile` type: contracts.config.json as written) from
// contracts.config.schema.json with json-schema-to-typescript, so the schema is the one source of truth for the
// config's shape. generator/core/config.ts derives the resolved `ContractsConfig` (defaults applied) from it.
//   npm run config-types            rewrite the file
//   npm run config-types -- --check exit 1 when the committed file differs (test/unit/load/config-types.test.ts)
import { readFileSync, writeFileSync } from 'node:fs';
import { compile } from 'json-schema-to-typescript';

const SCHEMA = new URL('../contracts.config.schema.json', import.meta.url);
const TARGET = new URL('../generator/core/config-file.ts', import.meta.url);
const TARGET_NAME = 'generator/core/config-file.ts';

async function render() {
  // The title names the root type; the type is named for what it is in the code instead.
  const { title: _title, ...schema } = JSON.parse(readFileSync(SCHEMA, 'utf8'));
  return compile(schema, 'ContractsConfigFile', {
    bannerComment: '// Generated from contracts.config.schema.json by `npm run config-types`; do not edit (test/unit/load/config-types.test.ts checks drift).',
    additionalProperties: false,
    // Our own schema, local only: nothing is resolved outside the file.
    $refOptions: { resolve: { external: false, file: false, http: false } },
    // Same as .prettierrc.json, so the file reads like the rest of the tree (Prettier is pinned: stable bytes).
    style: { printWidth: 160, singleQuote: true, trailingComma: 'all' },
  });
}

const text = await render();
let current;
try {
  current = readFileSync(TARGET, 'utf8');
} catch {
  current = undefined;
}
if (process.argv.includes('--check')) {
  if (current !== text) {
    process.stderr.write(
      `config-types: ${TARGET_NAME} is out of date with contracts.config.schema.json. Run \`npm run config-types\` and commit the result.\n`,
    );
    process.exitCode = 1;
  } else process.stderr.write(`config-types: ${TARGET_NAME} is up to date.\n`);
} else if (current === text) {
  process.stderr.write(`config-types: ${TARGET_NAME} unchanged.\n`);
} else {
  writeFileSync(TARGET, text);
  process.stderr.write(`config-types: wrote ${TARGET_NAME}.\n`);
}
