import { createRequire } from 'node:module';
import type { Ajv as AjvInstance, Options, ValidateFunction } from 'ajv';
import type { Draft } from '../core/config.js';
import type { JsonObject } from '../core/json.js';

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
const instances = new Map<Draft, AjvInstance>();

const OPTIONS: Options = {
  strict: false,
  allErrors: true,
  logger: false,
  validateFormats: true,
  validateSchema: false,
  addUsedSchema: false,
};

type AjvClass = new (options: Options) => AjvInstance;
const classOf = (m: unknown): AjvClass => ((m as { default?: AjvClass }).default ?? m) as AjvClass;

export function getAjv(draft: Draft): AjvInstance {
  let ajv = instances.get(draft);
  if (ajv) return ajv;
  switch (draft) {
    case 'draft-04':
      ajv = new (classOf(require('ajv-draft-04')))(OPTIONS);
      break;
    case '2019-09':
      ajv = new (classOf(require('ajv/dist/2019')))(OPTIONS);
      break;
    case '2020-12':
      ajv = new (classOf(require('ajv/dist/2020')))(OPTIONS);
      break;
    default:
      ajv = new (classOf(require('ajv')))(OPTIONS);
      if (draft === 'draft-06') ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as JsonObject);
  }
  const addFormats = classOf(require('ajv-formats')) as unknown as (a: AjvInstance) => AjvInstance;
  addFormats(ajv);
  instances.set(draft, ajv);
  return ajv;
}

/** The meta-schema validator of a draft, compiled once per process. */
export function getMetaValidator(draft: Draft): ValidateFunction {
  const ajv = getAjv(draft);
  const id = META_IDS[draft];
  const validate = ajv.getSchema(id) ?? ajv.getSchema(`${id}#`);
  if (!validate) throw new Error(`meta-schema ${id} is not available`);
  return validate;
}

const META_IDS: Record<Draft, string> = {
  'draft-04': 'http://json-schema.org/draft-04/schema',
  'draft-06': 'http://json-schema.org/draft-06/schema',
  'draft-07': 'http://json-schema.org/draft-07/schema',
  '2019-09': 'https://json-schema.org/draft/2019-09/schema',
  '2020-12': 'https://json-schema.org/draft/2020-12/schema',
};
