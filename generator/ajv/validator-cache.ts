import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Draft } from '../core/config.js';
import type { JsonObject } from '../core/json.js';
import type { ValidateFunction } from './instances.js';
import { getAjv } from './instances.js';

const require = createRequire(import.meta.url);

export interface CompileOptions {
  /**
   * Directory for compiled validators (ajv standalone code, one file per schema content hash).
   * A hit skips loading and running the ajv compiler. undefined: no cache.
   */
  cacheDir?: string;
}

let versionTag: string | undefined;
/** Versions that change generated code: ajv, ajv-formats, ajv-draft-04 and this module's options. */
function versions(): string {
  versionTag ??= ['ajv', 'ajv-formats', 'ajv-draft-04']
    .map((name) => `${name}@${(require(`${name}/package.json`) as { version: string }).version}`)
    .concat('options@1')
    .join(' ');
  return versionTag;
}

/**
 * Compile a self-contained schema for its draft. With `cacheDir`, the validator's standalone
 * code is kept under a hash of (draft, schema text, library versions) and later runs evaluate
 * it instead of compiling: `contracts lint` on an unchanged repository then never loads the
 * ajv compiler. The cached file is plain ajv output (same trust as ajv compiling in process);
 * an unreadable or corrupt cache entry is ignored and rewritten. Throws what ajv throws when
 * the schema does not compile.
 */
export function compileSchema(draft: Draft, schema: JsonObject, options: CompileOptions = {}): ValidateFunction {
  if (!options.cacheDir) return getAjv(draft).compile(schema);
  const key = createHash('sha256')
    .update(`${versions()}\u0000${draft}\u0000${JSON.stringify(schema)}`)
    .digest('hex');
  const file = join(options.cacheDir, `${key.slice(0, 40)}.cjs`);
  try {
    const code = readFileSync(file, 'utf8');
    const module = { exports: {} as unknown };
    new Function('require', 'module', 'exports', code)(require, module, module.exports);
    if (typeof module.exports === 'function') return module.exports as ValidateFunction;
  } catch {
    // miss or corrupt: compile below
  }
  const ajv = getAjv(draft, { sourceCode: true });
  const validate = ajv.compile(schema);
  try {
    const standalone = (require('ajv/dist/standalone') as { default: (a: unknown, v: unknown) => string }).default;
    const code = standalone(ajv, validate);
    mkdirSync(options.cacheDir, { recursive: true });
    const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`; // unique per writer: worker threads share a pid
    writeFileSync(tmp, code);
    renameSync(tmp, file);
  } catch {
    // a read-only or full disk only costs the next run a compile
  }
  return validate;
}
