import { createRequire } from 'node:module';
import type { Ajv as AjvInstance, Options, ValidateFunction } from 'ajv';
import type { Draft } from '../core/config.js';
import type { JsonObject } from '../core/json.js';
import { validate as meta04 } from './precompiled/meta-draft-04.js';
import { validate as meta06 } from './precompiled/meta-draft-06.js';
import { validate as meta07 } from './precompiled/meta-draft-07.js';
import { validate as meta2019 } from './precompiled/meta-2019-09.js';
import { validate as meta2020 } from './precompiled/meta-2020-12.js';

export type { AjvInstance, ValidateFunction };

/**
 * One Ajv instance per draft, created on first use: ajv is required lazily, so `contracts
 * --help` and commands that never validate do not load it. Each instance compiles its
 * draft's meta-schema once. Options: no strict mode (contracts carry `x-` keywords; lint
 * judges them), every error reported, formats from ajv-formats, no logging, compiled schemas
 * not registered by `$id` (two versions of a contract may share one), nothing ever fetched
 * (no `loadSchema`), `$data` off.
 */
const require = createRequire(import.meta.url);
const instances = new Map<string, AjvInstance>();

export const AJV_OPTIONS: Options = {
  strict: false,
  allErrors: true,
  logger: false,
  validateFormats: true,
  validateSchema: false,
  addUsedSchema: false,
};

type AjvClass = new (options: Options) => AjvInstance;
const classOf = (m: unknown): AjvClass => ((m as { default?: AjvClass }).default ?? m) as AjvClass;

export function getAjv(draft: Draft, options: { sourceCode?: boolean } = {}): AjvInstance {
  const key = `${draft}${options.sourceCode ? '+source' : ''}`;
  let ajv = instances.get(key);
  if (!ajv) {
    ajv = createAjv(draft, options.sourceCode ? { ...AJV_OPTIONS, code: { source: true } } : AJV_OPTIONS);
    instances.set(key, ajv);
  }
  return ajv;
}

/** A new Ajv instance for a draft, with ajv-formats (full mode). */
export function createAjv(draft: Draft, options: Options): AjvInstance {
  let ajv: AjvInstance;
  switch (draft) {
    case 'draft-04':
      ajv = new (classOf(require('ajv-draft-04')))(options);
      break;
    case '2019-09':
      ajv = new (classOf(require('ajv/dist/2019')))(options);
      break;
    case '2020-12':
      ajv = new (classOf(require('ajv/dist/2020')))(options);
      break;
    default:
      ajv = new (classOf(require('ajv')))(options);
      if (draft === 'draft-06') ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as JsonObject);
  }
  const addFormats = classOf(require('ajv-formats')) as unknown as (a: AjvInstance) => AjvInstance;
  addFormats(ajv);
  return ajv;
}

/** The meta-schema validator of a draft: precompiled (see standalone-build.ts), so nothing is compiled at run time. */
export function getMetaValidator(draft: Draft): ValidateFunction {
  return META_VALIDATORS[draft] as unknown as ValidateFunction;
}

const META_VALIDATORS: Record<Draft, unknown> = {
  'draft-04': meta04,
  'draft-06': meta06,
  'draft-07': meta07,
  '2019-09': meta2019,
  '2020-12': meta2020,
};
