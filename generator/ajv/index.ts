/**
 * ajv plumbing, one home: the configured instance per draft (`instances.ts`), the on-disk cache of compiled
 * validators (`validator-cache.ts`), and the precompiled meta-schema and config validators (`precompiled/`, ajv
 * standalone code written by `npm run build` from `standalone-build.ts`, not committed). Imports core only; load and
 * lint use it through this index. (Generated packages' validators are compiled by generate/validators.ts with its
 * own options: that is code generation, not validation at run time.)
 */
export { AJV_OPTIONS, createAjv, getAjv, getMetaValidator, type AjvInstance, type ValidateFunction } from './instances.js';
export { compileSchema, type CompileOptions } from './validator-cache.js';
export { buildPrecompiledModules } from './standalone-build.js';
export { validate as configValidator } from './precompiled/config.js';
