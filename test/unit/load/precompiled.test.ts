import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPrecompiledModules } from '../../../generator/load/standalone-build.js';

/** The committed precompiled validators are exactly what ajv generates now; `npm run precompile` refreshes them. */
const dir = new URL('../../../generator/load/precompiled/', import.meta.url);

describe('precompiled validators', () => {
  const modules = buildPrecompiledModules();
  it.each(Object.keys(modules).sort())('%s matches what ajv generates now (no drift)', (name) => {
    const path = new URL(name, dir);
    expect(existsSync(path), `${name} is missing; run npm run precompile`).toBe(true);
    expect(readFileSync(path, 'utf8'), `${name} drifted; run npm run precompile and review the diff`).toBe(modules[name]);
  });
});
