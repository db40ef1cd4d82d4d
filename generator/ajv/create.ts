import { createRequire } from 'node:module';
import type { Ajv as AjvInstance, Options } from 'ajv';
import type { Draft } from '../core/config.js';
import type { JsonObject } from '../core/json.js';

/**
 * The ajv options and the per-draft factory, apart from instances.ts so that standalone-build.ts (run by
 * `npm run build` before tsc, see scripts/precompile-validators.mjs) compiles without the validators it produces.
 * Options: no strict mode (contracts carry `x-` keywords; lint judges them), every error reported, formats from
 * ajv-formats, no logging, compiled schemas not registered by `$id` (two versions of a contract may share one),
 * nothing ever fetched (no `loadSchema`), `$data` off.
 */
const require = createRequire(import.meta.url);

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
