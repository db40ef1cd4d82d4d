/**
 * Precompiles validators at generate time (ajv standalone, ESM). Each event type gets one module
 * exporting `strict` (producer side: undeclared properties rejected even in open schemas) and
 * `tolerant` (consumer side: unknown properties ignored), compiled with ajv's `allErrors`, so a
 * failure lists every issue without a second validator: on valid data they run the same checks as
 * first-error code (bench/validators.mjs measures it), and one variant per side halves the module
 * (docs/decisions.md, "One validator per side"). Output is dependency-free: formats and
 * ajv's runtime helpers are inlined (see formats.ts), and a leftover `require(` is an internal error.
 */
import { createHash } from 'node:crypto';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { _ } from 'ajv';
import standaloneCodeModule from 'ajv/dist/standalone/index.js';
import type { Draft } from '../core/config.js';
import type { JsonObject } from '../core/json.js';
import { FUNCTION_FORMATS, IGNORED_FORMATS, REGEX_FORMATS, RUNTIME_HELPERS } from './formats.js';
import { defineOwn, mapSchema } from './schema-graph.js';
import { consumerVariant, DEFINITIONS as DEFS, needsWrittenGuard, producerVariant } from './tolerance.js';

// CommonJS default export: `default` under NodeNext, the function itself under some bundlers.
type StandaloneCode = (ajv: AnyAjv, refs: Record<string, string>) => string;
const standaloneCode: StandaloneCode = ((standaloneCodeModule as unknown as { default?: StandaloneCode }).default ??
  standaloneCodeModule) as unknown as StandaloneCode;

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
 * What the warm path remembers of one compiled validator module. ajv names shared values
 * (`pattern3`, `func7`, `schema20`, …) in a scope the instance keeps across the whole group: a
 * name is `<prefix><n>` with `n` counting every request for that prefix so far, and a value whose
 * key (a pattern, a format name, a runtime helper) is already there is shared instead. A module's
 * bytes therefore depend on its own input, on the counters of the prefixes it creates values in,
 * and on which keys exist. The record keeps exactly those, plus what the module adds, so a later
 * run can reuse the module (and step past it) when all of them are unchanged.
 */
export interface ValidatorRecord {
  /** sha256 of the validator input (event type, draft, data name, definitions) and the generator salt. */
  input: string;
  /** Counter of each prefix the module created values in, before it. */
  needs: Record<string, number>;
  /** Digest of the shareable keys in scope before the module. */
  keys: string;
  /** What compiling the module did to the scope: requests per prefix, shareable keys added. */
  counts: Record<string, number>;
  added: Record<string, string[]>;
}

/** A recorded validator module that may be reused: its record and the file written from it. */
export interface PreviousValidator {
  record: ValidatorRecord;
  file: string;
}

/** A compiled module (`code`, still to be rendered into a file) or a reused one (`file`, as written). */
export type CompiledValidator = { record: ValidatorRecord; code: string; file?: undefined } | { record: ValidatorRecord; file: string; code?: undefined };

/** The part of an ajv value scope later modules can observe (see ValidatorRecord). */
interface ScopeState {
  counters: Record<string, number>;
  keys: Record<string, string[]>;
}

/**
 * Compiles the validator modules of a group of events (one ajv instance per draft family, shared
 * across the group). Returns eventType → module. With `previous` (the warm path), a module whose
 * record still holds is taken as written and the scope state is stepped past it on paper; when a
 * later module must be compiled, the instance first compiles the skipped ones again, so it is in
 * the real state.
 */
export function compileValidatorModules(
  inputs: readonly ValidatorInput[],
  previous?: ReadonlyMap<string, PreviousValidator>,
  salt = '',
): Map<string, CompiledValidator> {
  interface Family {
    ajv: AnyAjv;
    /** The scope state the group has reached (on paper, when `lag` is not empty). */
    state: ScopeState;
    /** Inputs taken from records since the instance last compiled: compiled before the next one. */
    lag: ValidatorInput[];
  }
  const families = new Map<string, Family>();
  const out = new Map<string, CompiledValidator>();
  for (const input of inputs) {
    const name = input.draft === '2020-12' ? '2020' : '2019';
    let family = families.get(name);
    if (!family) {
      const ajv = createAjv(name);
      family = { ajv, state: scopeState(ajv), lag: [] };
      families.set(name, family);
    }
    const inputKey = validatorInputKey(input, salt);
    const known = previous?.get(input.eventType);
    if (known && recordHolds(known.record, inputKey, family.state)) {
      out.set(input.eventType, { file: known.file, record: known.record });
      family.state = stepPast(family.state, known.record);
      family.lag.push(input);
      continue;
    }
    for (const skipped of family.lag) tagged(skipped.eventType, () => compileOne(family.ajv, skipped));
    family.lag = [];
    const before = scopeState(family.ajv);
    const code = tagged(input.eventType, () => compileOne(family.ajv, input));
    const after = scopeState(family.ajv);
    family.state = after;
    out.set(input.eventType, { code, record: recordOf(inputKey, before, after, family.ajv) });
  }
  return out;
}

/** Runs `fn`, recording on any error which event type's validator was being compiled (plan.ts names it). */
function tagged<T>(eventType: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error && typeof error === 'object') Object.assign(error, { eventType });
    throw error;
  }
}

function recordHolds(record: ValidatorRecord, inputKey: string, state: ScopeState): boolean {
  return (
    record.input === inputKey && record.keys === keysDigest(state) && Object.entries(record.needs).every(([prefix, n]) => (state.counters[prefix] ?? 0) === n)
  );
}

function stepPast(state: ScopeState, record: ValidatorRecord): ScopeState {
  const counters = { ...state.counters };
  for (const [prefix, n] of Object.entries(record.counts)) counters[prefix] = (counters[prefix] ?? 0) + n;
  const keys = { ...state.keys };
  for (const [prefix, added] of Object.entries(record.added)) keys[prefix] = [...(keys[prefix] ?? []), ...added];
  return { counters, keys };
}

function recordOf(input: string, before: ScopeState, after: ScopeState, ajv: AnyAjv): ValidatorRecord {
  const values = scopeOf(ajv)._values;
  const needs: Record<string, number> = {};
  const counts: Record<string, number> = {};
  const added: Record<string, string[]> = {};
  for (const [prefix, n] of Object.entries(after.counters)) {
    const was = before.counters[prefix] ?? 0;
    if (n !== was) counts[prefix] = n - was;
  }
  for (const prefix of Object.keys(values)) {
    // Did the module create a value under this prefix? Then the prefix's counter named it.
    if (values[prefix]!.size > (valueCounts.get(before)?.[prefix] ?? 0)) needs[prefix] = before.counters[prefix] ?? 0;
  }
  for (const [prefix, keys] of Object.entries(after.keys)) {
    const had = new Set(before.keys[prefix] ?? []);
    const fresh = keys.filter((k) => !had.has(k));
    if (fresh.length > 0) added[prefix] = fresh;
  }
  return { input, needs, keys: keysDigest(before), counts, added };
}

function compileOne(ajv: AnyAjv, input: ValidatorInput): string {
  registerFormats(ajv, [validatorRoot(input)]);
  const ids = addVariants(ajv, input);
  const code = standaloneCode(ajv, { strict: `urn:event-contracts:${input.eventType}:strict`, tolerant: `urn:event-contracts:${input.eventType}:tolerant` });
  for (const schemaId of ids) ajv.removeSchema(schemaId);
  return finishModule(code, input.eventType);
}

/** Adds the strict and tolerant schemas of one event; returns every id added. */
function addVariants(ajv: AnyAjv, input: ValidatorInput): string[] {
  const root = (): JsonObject => validatorRoot(input);
  const id = (side: string): string => `urn:event-contracts:${input.eventType}:${side}`;
  const ids = [id('strict'), id('tolerant')];
  if (needsWrittenGuard(root())) {
    // strict ⊆ the schema as written (tolerance.ts): both must accept.
    ids.push(id('closed'), id('written'));
    ajv.addSchema({ ...(producerVariant(root()) as JsonObject), $id: id('closed') });
    ajv.addSchema({ ...root(), $id: id('written') });
    ajv.addSchema({ $id: id('strict'), allOf: [{ $ref: id('closed') }, { $ref: id('written') }] });
  } else {
    ajv.addSchema({ ...(producerVariant(root()) as JsonObject), $id: id('strict') });
  }
  ajv.addSchema({ ...consumerVariant(root()), $id: id('tolerant') });
  return ids;
}

function validatorInputKey(input: ValidatorInput, salt: string): string {
  return createHash('sha256')
    .update(JSON.stringify([salt, input.eventType, input.draft, input.dataName, [...input.definitions]]))
    .digest('hex');
}

type ValueScopeInternals = { _names: Record<string, { index: number }>; _values: Record<string, Map<unknown, { value?: { code?: unknown } }>> };

function scopeOf(ajv: AnyAjv): ValueScopeInternals {
  return (ajv as unknown as { scope: ValueScopeInternals }).scope;
}

/** Number of values per prefix when a state was taken (to tell which prefixes a module created values in). */
const valueCounts = new WeakMap<ScopeState, Record<string, number>>();

/**
 * The observable state of an instance's value scope: every prefix's counter and the keys a later
 * module could share a value by: strings (patterns, format names) and long-lived functions (ajv's
 * runtime helpers, by their code). Values keyed by a fresh object (a module's own schemas and
 * validate functions) are never shared: only the counters see them.
 */
function scopeState(ajv: AnyAjv): ScopeState {
  const scope = scopeOf(ajv);
  const counters: Record<string, number> = {};
  for (const [prefix, group] of Object.entries(scope._names)) counters[prefix] = group.index;
  const keys: Record<string, string[]> = {};
  const sizes: Record<string, number> = {};
  for (const [prefix, values] of Object.entries(scope._values)) {
    sizes[prefix] = values.size;
    const list: string[] = [];
    for (const [key, name] of values) {
      if (typeof key === 'string') list.push(`k:${key}`);
      else if (typeof key === 'function' && name.value?.code !== undefined) list.push(`c:${String(name.value.code)}`);
    }
    if (list.length > 0) keys[prefix] = list;
  }
  const state = { counters, keys };
  valueCounts.set(state, sizes);
  return state;
}

function keysDigest(state: ScopeState): string {
  const hash = createHash('sha256');
  for (const prefix of Object.keys(state.keys).sort()) hash.update(`[${prefix}]${JSON.stringify([...state.keys[prefix]!].sort())}`);
  return hash.digest('hex');
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
    allErrors: true,
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
  body = guardLengthChecks(body);
  const usedFormats = Object.keys(FUNCTION_FORMATS).filter((name) => body.includes(`__formats${propertyAccess(name)}`));
  if (usedFormats.length > 0) {
    prelude.push(
      `const __formats = {\n${usedFormats.map((name) => `  ${JSON.stringify(name)}: ${FUNCTION_FORMATS[name]!.replace(/\n/g, '\n  ')},`).join('\n')}\n};`,
    );
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

/**
 * `minLength`/`maxLength` count code points (ajv's ucs2length loops over the string), a third of
 * a validator's time on string-heavy data. A UTF-16 length bounds the count — ucs2length(s) ≤
 * s.length ≤ 2·ucs2length(s) — so `ucs2length(s) > N` can only hold when `s.length > N`, and
 * `ucs2length(s) < N` only when `s.length < 2·N`: those cheap tests go first and the exact count
 * runs only when they cannot decide. Same results for every string. Only whole statement lines
 * ajv writes (`lines: true`) are rewritten, never text inside schema literals (one line each).
 */
function guardLengthChecks(body: string): string {
  const alias = /^const (func\d+) = __ucs2length;$/m.exec(body)?.[1];
  if (alias === undefined) return body;
  const check = new RegExp(`^if\\(${alias}\\(([A-Za-z_$][\\w$]*)\\) ([<>]) (\\d+)\\)\\{$`, 'gm');
  return body.replace(check, (_line, data: string, op: string, limit: string) =>
    op === '>'
      ? `if(${data}.length > ${limit} && ${alias}(${data}) > ${limit}){`
      : `if(${data}.length < ${2 * Number(limit)} && ${alias}(${data}) < ${limit}){`,
  );
}
