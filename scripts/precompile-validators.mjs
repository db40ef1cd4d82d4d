#!/usr/bin/env node
// Refreshes generator/ajv/precompiled/ (the meta-schema and config validators, ajv standalone code) from
// generator/ajv/standalone-build.ts, after `npm run build`. test/unit/ajv/precompiled.test.ts fails on drift.
//   npm run precompile
import { writeFileSync } from 'node:fs';
import { buildPrecompiledModules } from '../dist/generator/ajv/index.js';
import { readConfigSchema } from '../dist/generator/load/config.js';

const dir = new URL('../generator/ajv/precompiled/', import.meta.url);
const modules = buildPrecompiledModules(readConfigSchema());
for (const [name, text] of Object.entries(modules).sort(([a], [b]) => (a < b ? -1 : 1))) writeFileSync(new URL(name, dir), text);
process.stderr.write(`precompile: wrote ${Object.keys(modules).length} files to generator/ajv/precompiled/\n`);
