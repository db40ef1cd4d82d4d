import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPrecompiledModules } from '../../../generator/ajv/index.js';
import { readConfigSchema } from '../../../generator/load/config.js';

/** The committed precompiled validators are exactly what ajv generates now; `npm run precompile` refreshes them. */
const dir = new URL('../../../generator/ajv/precompiled/', import.meta.url);

describe('precompiled validators', () => {
  const modules = buildPrecompiledModules(readConfigSchema());
  it.each(Object.keys(modules).sort())('%s matches what ajv generates now (no drift)', (name) => {
    const path = new URL(name, dir);
    expect(existsSync(path), `${name} is missing; run npm run precompile`).toBe(true);
    expect(readFileSync(path, 'utf8'), `${name} drifted; run npm run precompile and review the diff`).toBe(modules[name]);
  });
});
