/** Schema shorthands and the diff summary shared by the compat engine's tests. */
import { diffSchemas } from '../../generator/compat/index.js';

export const S = (x: object = {}) => ({ type: 'string', ...x });
export const N = (x: object = {}) => ({ type: 'number', ...x });
export const I = (x: object = {}) => ({ type: 'integer', ...x });
export const O = (x: object = {}) => ({ type: 'object', ...x });
export const A = (x: object = {}) => ({ type: 'array', ...x });
export const D2020 = 'https://json-schema.org/draft/2020-12/schema';
export const O20 = (x: object = {}) => ({ $schema: D2020, type: 'object', ...x });
export const A20 = (x: object = {}) => ({ $schema: D2020, type: 'array', ...x });

/** The backward differences from `o` to `u` as sorted `"TYPE path"` lines. */
export const changesOf = (o: unknown, u: unknown) =>
  diffSchemas(o, u)
    .differences.map((d) => `${d.type} ${d.path}`)
    .sort();
