/**
 * References of registered schemas: which `$ref`s name shared definitions, how a contract's refs are rewritten
 * into registry reference names (and back, for `contracts pull`), and which shared files a schema depends on.
 * Part of the registration view (view.ts); pure.
 */
import type { JsonObject, JsonValue } from '../core/json.js';
import { isJsonObject } from '../core/json.js';
import { compareCodePoints as byCodePoint } from '../core/order.js';
import type { Catalog, SharedSchema } from '../load/index.js';
import { sharedReferenceName, sharedSubject } from './subjects.js';

/** A reference from a registered schema to another registered schema, version resolved at plan time. */
export interface SchemaReferenceSpec {
  /** The string written in `$ref` (without fragment), e.g. `_shared/money.json`. */
  name: string;
  /** Subject the referenced schema is registered under, e.g. `_shared.money`. */
  subject: string;
}

/** Keywords whose values are instance data, not schemas: `$ref` inside them is not a reference. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples', 'example']);

/** Visit every `$ref` string, returning a replacement (or undefined to keep it). Returns a copy. */
export function mapRefs(schema: JsonValue, fn: (ref: string) => string | undefined): JsonValue {
  if (Array.isArray(schema)) return schema.map((v) => mapRefs(v, fn));
  if (!isJsonObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string') out[key] = fn(value) ?? value;
    else if (DATA_KEYWORDS.has(key)) out[key] = structuredClone(value);
    else out[key] = mapRefs(value, fn);
  }
  return out;
}

function collectRefs(schema: JsonValue, into: string[] = []): string[] {
  mapRefs(schema, (ref) => {
    into.push(ref);
    return undefined;
  });
  return into;
}

function splitRef(ref: string): { base: string; fragment: string } {
  const hash = ref.indexOf('#');
  return hash < 0 ? { base: ref, fragment: '' } : { base: ref.slice(0, hash), fragment: ref.slice(hash) };
}

const FAKE_ROOT = 'file:///__repo__/';

/**
 * Resolve the non-fragment part of a `$ref` written in `fromFile` (whose `$id` may be an
 * absolute base) to a shared schema of the catalog, or undefined (local, remote or unknown).
 */
export function resolveSharedRef(ref: string, fromFile: string, fromId: string | undefined, shared: readonly SharedSchema[]): SharedSchema | undefined {
  const { base } = splitRef(ref);
  if (base === '') return undefined;
  const candidates: string[] = [];
  if (fromId && /^[a-z][a-z0-9+.-]*:/i.test(fromId)) {
    try {
      candidates.push(new URL(base, fromId).href);
    } catch {
      /* not resolvable against $id */
    }
  }
  try {
    candidates.push(new URL(base).href);
  } catch {
    /* relative */
  }
  for (const c of candidates) {
    const byId = shared.find((s) => s.id !== undefined && stripHash(s.id) === stripHash(c));
    if (byId) return byId;
  }
  let url: URL;
  try {
    url = new URL(base, FAKE_ROOT + fromFile);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'file:' || !url.pathname.startsWith('/__repo__/')) return undefined;
  const path = decodeURIComponent(url.pathname.slice('/__repo__/'.length));
  return shared.find((s) => s.file === path);
}

function stripHash(uri: string): string {
  return uri.replace(/#$/, '');
}

/** Resolves a `$ref` written in a file to the shared schema it names (undefined: local, remote, unknown). */
export type SharedResolver = (ref: string, fromFile: string, fromId: string | undefined) => SharedSchema | undefined;

/**
 * Resolver over a catalog: the loader's resolved `$ref` edges when present (exact, honours
 * nested `$id`s), else URI resolution against the file path and `$id`.
 */
export function sharedResolver(catalog: Pick<Catalog, 'shared' | 'refs'>): SharedResolver {
  const byFile = new Map(catalog.shared.map((s) => [s.file, s]));
  const edges = new Map<string, string>();
  for (const e of catalog.refs ?? []) if (e.target) edges.set(`${e.file}\u0000${e.ref}`, e.target.file);
  return (ref, fromFile, fromId) => {
    const target = edges.get(`${fromFile}\u0000${ref}`);
    if (target !== undefined) return target === fromFile ? undefined : byFile.get(target);
    return resolveSharedRef(ref, fromFile, fromId, catalog.shared);
  };
}

/** Files other than shared schemas and itself that a file's `$ref`s point at (from the loader's edges). */
export function nonSharedTargets(catalog: Pick<Catalog, 'shared' | 'refs'>, file: string): string[] {
  const shared = new Set(catalog.shared.map((s) => s.file));
  const out = new Set<string>();
  for (const e of catalog.refs ?? []) if (e.file === file && e.target && e.target.file !== file && !shared.has(e.target.file)) out.add(e.target.file);
  return [...out].sort(byCodePoint);
}

interface Rewritten {
  schema: JsonObject;
  references: SchemaReferenceSpec[];
}

/**
 * Rewrite the refs of a schema for registration: refs to shared schemas become
 * `<reference name><fragment>`; with `localPrefix`, local `#/…` refs move under it
 * (the contract is nested at `#/properties/data` in the envelope).
 */
export function rewriteForRegistration(
  schema: JsonObject,
  file: string,
  id: string | undefined,
  resolveShared: SharedResolver,
  localPrefix: string | undefined,
): Rewritten {
  const references = new Map<string, SchemaReferenceSpec>();
  const rewritten = mapRefs(schema, (ref) => {
    if (ref.startsWith('#')) {
      if (!localPrefix) return undefined;
      if (ref === '#' || ref === '#/') return localPrefix;
      return ref.startsWith('#/') ? localPrefix + ref.slice(1) : undefined;
    }
    const target = resolveShared(ref, file, id);
    if (!target) return undefined;
    const name = sharedReferenceName(target.file);
    references.set(name, { name, subject: sharedSubject(target.file) });
    return name + splitRef(ref).fragment;
  }) as JsonObject;
  return { schema: rewritten, references: [...references.values()].sort((a, b) => byCodePoint(a.name, b.name)) };
}

/**
 * Inverse of the registration rewrite, used by `pull`: local refs under `#/properties/data`
 * move back to the root, reference names become paths relative to `toFile`.
 */
export function rewriteForRepository(
  schema: JsonObject,
  toFile: string,
  referenceFile: (name: string) => string | undefined,
  localPrefix?: string,
): JsonObject {
  return mapRefs(schema, (ref) => {
    if (ref.startsWith('#')) {
      if (!localPrefix) return undefined;
      if (ref === localPrefix) return '#';
      return ref.startsWith(localPrefix + '/') ? '#' + ref.slice(localPrefix.length) : undefined;
    }
    const { base, fragment } = splitRef(ref);
    const target = referenceFile(base);
    return target ? relativePath(toFile, target) + fragment : undefined;
  }) as JsonObject;
}

/** POSIX relative path from the directory of `fromFile` to `toFile`, always with a leading `./` or `../`. */
export function relativePath(fromFile: string, toFile: string): string {
  const from = fromFile.split('/').slice(0, -1);
  const to = toFile.split('/');
  let i = 0;
  while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
  const up = from.length - i;
  const rest = to.slice(i).join('/');
  return up === 0 ? `./${rest}` : `${'../'.repeat(up)}${rest}`;
}

export function idOf(schema: JsonObject): string | undefined {
  return typeof schema.$id === 'string' ? schema.$id : undefined;
}

export function directSharedDeps(schema: JsonObject, file: string, id: string | undefined, resolveShared: SharedResolver): string[] {
  const out = new Set<string>();
  for (const ref of collectRefs(schema)) {
    const target = resolveShared(ref, file, id);
    if (target && target.file !== file) out.add(target.file);
  }
  return [...out].sort(byCodePoint);
}
