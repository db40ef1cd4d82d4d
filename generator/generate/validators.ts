/**
 * Precompiles validators at generate time (ajv standalone, ESM). Each event type gets one module
 * exporting `strict` (producer side: undeclared properties rejected even in open schemas) and
 * `tolerant` (consumer side: unknown properties ignored). Output is dependency-free: formats and
 * ajv's runtime helpers are inlined (see formats.ts), and a leftover `require(` is an internal error.
 */
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { _ } from 'ajv';
import standaloneCodeModule from 'ajv/dist/standalone/index.js';
import type { Draft } from '../core/config.js';
import type { JsonObject } from '../core/json.js';
import { FUNCTION_FORMATS, IGNORED_FORMATS, REGEX_FORMATS, RUNTIME_HELPERS } from './formats.js';
import { consumerVariant, defineOwn, mapSchema, producerVariant } from './schema-graph.js';

/** Where definitions live in a validator's root schema; refs `#/definitions/X` become `#/${DEFS}/X`. */
const DEFS = '__definitions';

// CommonJS default export: `default` under NodeNext, the function itself under some bundlers.
type StandaloneCode = (ajv: AnyAjv, refs: Record<string, string>) => string;
const standaloneCode: StandaloneCode = ((standaloneCodeModule as unknown as { default?: StandaloneCode }).default ?? standaloneCodeModule) as unknown as StandaloneCode;

export interface ValidatorInput {
  eventType: string;
  draft: Draft;
  /** Definition name of the event's `data`. */
  dataName: string;
  /** Every definition the data schema reaches (already ref-rewritten, `ts*`/`x-*` stripped). */
  definitions: ReadonlyMap<string, JsonObject>;
}

type AnyAjv = InstanceType<typeof Ajv2019> | InstanceType<typeof Ajv2020>;

/**
 * Compiles the validator modules of a group of events (one ajv instance per draft family, shared
 * across the group). Returns eventType → module source.
 */
export function compileValidatorModules(inputs: readonly ValidatorInput[]): Map<string, string> {
  const instances = new Map<string, AnyAjv>();
  const out = new Map<string, string>();
  for (const input of inputs) {
    const family = input.draft === '2020-12' ? '2020' : '2019';
    let ajv = instances.get(family);
    if (!ajv) {
      ajv = createAjv(family);
      instances.set(family, ajv);
    }
    const root = (): JsonObject => validatorRoot(input);
    const strictId = `urn:event-contracts:${input.eventType}:strict`;
    const tolerantId = `urn:event-contracts:${input.eventType}:tolerant`;
    registerFormats(ajv, [root()]);
    ajv.addSchema({ ...(producerVariant(root()) as JsonObject), $id: strictId });
    ajv.addSchema({ ...(consumerVariant(root()) as JsonObject), $id: tolerantId });
    const code = standaloneCode(ajv, { strict: strictId, tolerant: tolerantId });
    out.set(input.eventType, finishModule(code, input.eventType));
    ajv.removeSchema(strictId);
    ajv.removeSchema(tolerantId);
  }
  return out;
}

/**
 * The schema a validator (or serializer) is compiled from: the data schema itself at the root
 * (not a `$ref` to it, so an object declared by its own properties gets `additionalProperties:
 * false` on the producer side), with every definition it reaches under a container no contract
 * uses, and refs moved there.
 */
export function validatorRoot(input: Pick<ValidatorInput, 'dataName' | 'definitions'>): JsonObject {
  const definitions: JsonObject = {};
  for (const [name, schema] of input.definitions) defineOwn(definitions, name, moveRefs(schema));
  return { ...moveRefs(input.definitions.get(input.dataName)!), [DEFS]: definitions };
}

function moveRefs(schema: JsonObject): JsonObject {
  return mapSchema(schema, (node) => {
    if (typeof node.$ref === 'string' && node.$ref.startsWith('#/definitions/')) node.$ref = `#/${DEFS}/${node.$ref.slice('#/definitions/'.length)}`;
    return node;
  }) as JsonObject;
}

function createAjv(family: '2019' | '2020'): AnyAjv {
  const options = {
    code: { source: true, esm: true, lines: true, formats: _`__formats` },
    strict: false,
    allErrors: false,
    validateSchema: false,
    ownProperties: true,
    unicodeRegExp: true,
    messages: true,
  } as const;
  const ajv: AnyAjv = family === '2020' ? new Ajv2020(options) : new Ajv2019(options);
  for (const [name, source] of Object.entries(FUNCTION_FORMATS)) {
    ajv.addFormat(name, new Function(`return (${source});`)() as (s: string) => boolean);
  }
  for (const [name, regex] of Object.entries(REGEX_FORMATS)) ajv.addFormat(name, regex);
  for (const name of IGNORED_FORMATS) ajv.addFormat(name, true);
  return ajv;
}

/** Formats no one registered are accepted without a check (JSON Schema: format is an annotation by default). */
function registerFormats(ajv: AnyAjv, schemas: JsonObject[]): void {
  const seen = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === 'format' && typeof v === 'string') seen.add(v);
        walk(v);
      }
    }
  };
  schemas.forEach(walk);
  for (const name of seen) if (!ajv.formats[name]) ajv.addFormat(name, true);
}

function finishModule(code: string, eventType: string): string {
  // ajv serialises schemas as object literals, where a `"__proto__":` key would set the
  // prototype instead of defining the property: make it a computed key (an own property).
  let body = code.replace(/^"use strict";\n?/, '').replace(/(?<![\\\w])"__proto__":/g, '["__proto__"]:');
  const prelude: string[] = [];
  for (const [needle, helper] of Object.entries(RUNTIME_HELPERS)) {
    if (body.includes(needle)) {
      body = body.split(needle).join(helper.name);
      prelude.push(helper.source);
    }
  }
  const usedFormats = Object.keys(FUNCTION_FORMATS).filter((name) => body.includes(`__formats${propertyAccess(name)}`));
  if (usedFormats.length > 0) {
    prelude.push(`const __formats = {\n${usedFormats.map((name) => `  ${JSON.stringify(name)}: ${FUNCTION_FORMATS[name]!.replace(/\n/g, '\n  ')},`).join('\n')}\n};`);
  }
  if (/\brequire\s*\(/.test(body)) {
    throw new Error(`internal: the validator of ${eventType} still requires a module at run time: ${/require\s*\([^)]*\)/.exec(body)?.[0]}`);
  }
  return `${prelude.join('\n')}${prelude.length > 0 ? '\n' : ''}${body.trimEnd()}\n`;
}

/** How ajv's codegen writes a property access (`.name` or `["name"]`). */
function propertyAccess(name: string): string {
  return /^[a-zA-Z_$][a-zA-Z0-9_$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}
