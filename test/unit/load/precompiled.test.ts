import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPrecompiledModules } from '../../../generator/load/standalone-build.js';

const dir = new URL('../../../generator/load/precompiled/', import.meta.url);
const update = process.env.UPDATE_PRECOMPILED === '1';

describe('precompiled validators', () => {
  const modules = buildPrecompiledModules();
  it.each(Object.keys(modules).sort())('%s matches what ajv generates now (no drift)', (name) => {
    const path = new URL(name, dir);
    if (update) writeFileSync(path, modules[name] as string);
    expect(existsSync(path), `${name} is missing; run with UPDATE_PRECOMPILED=1`).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(modules[name]);
  });
});
