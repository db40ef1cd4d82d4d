import type { Ajv as AjvInstance, ValidateFunction } from 'ajv';
import type { Draft } from '../core/config.js';
import { AJV_OPTIONS, createAjv } from './create.js';
import { validate as meta04 } from './precompiled/meta-draft-04.js';
import { validate as meta06 } from './precompiled/meta-draft-06.js';
import { validate as meta07 } from './precompiled/meta-draft-07.js';
import { validate as meta2019 } from './precompiled/meta-2019-09.js';
import { validate as meta2020 } from './precompiled/meta-2020-12.js';

export type { AjvInstance, ValidateFunction };
export { AJV_OPTIONS, createAjv };

/**
 * One Ajv instance per draft, created on first use: ajv is required lazily, so `contracts
 * --help` and commands that never validate do not load it. Each instance compiles its
 * draft's meta-schema once. Options and factory: create.ts.
 */
const instances = new Map<string, AjvInstance>();

export function getAjv(draft: Draft, options: { sourceCode?: boolean } = {}): AjvInstance {
  const key = `${draft}${options.sourceCode ? '+source' : ''}`;
  let ajv = instances.get(key);
  if (!ajv) {
    ajv = createAjv(draft, options.sourceCode ? { ...AJV_OPTIONS, code: { source: true } } : AJV_OPTIONS);
    instances.set(key, ajv);
  }
  return ajv;
}

/** The meta-schema validator of a draft: precompiled (see standalone-build.ts), so nothing is compiled at run time. */
export function getMetaValidator(draft: Draft): ValidateFunction {
  return META_VALIDATORS[draft];
}

const META_VALIDATORS: Record<Draft, ValidateFunction> = {
  'draft-04': meta04,
  'draft-06': meta06,
  'draft-07': meta07,
  '2019-09': meta2019,
  '2020-12': meta2020,
};
