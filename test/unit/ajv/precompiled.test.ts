import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPrecompiledModules } from '../../../generator/ajv/index.js';
import { readConfigSchema } from '../../../generator/load/config.js';

/** The built precompiled validators (`npm run build`, not committed) are exactly what ajv generates now. */
const dir = new URL('../../../generator/ajv/precompiled/', import.meta.url);

describe('precompiled validators', () => {
  const modules = buildPrecompiledModules(readConfigSchema());
  it.each(Object.keys(modules).sort())('%s matches what ajv generates now (no drift)', (name) => {
    const path = new URL(name, dir);
    expect(existsSync(path), `${name} is missing; run npm run build`).toBe(true);
    expect(readFileSync(path, 'utf8'), `${name} is stale; run npm run build`).toBe(modules[name]);
  });
});
