#!/usr/bin/env node
// Refreshes generator/load/precompiled/ (the meta-schema and config validators, ajv standalone code) from
// generator/load/standalone-build.ts, after `npm run build`. test/unit/load/precompiled.test.ts fails on drift.
//   npm run precompile
import { writeFileSync } from 'node:fs';
import { buildPrecompiledModules } from '../dist/generator/load/standalone-build.js';

const dir = new URL('../generator/load/precompiled/', import.meta.url);
const modules = buildPrecompiledModules();
for (const [name, text] of Object.entries(modules).sort(([a], [b]) => (a < b ? -1 : 1))) writeFileSync(new URL(name, dir), text);
process.stderr.write(`precompile: wrote ${Object.keys(modules).length} files to generator/load/precompiled/\n`);
