import { posix } from 'node:path';
import type { Draft } from '../core/config.js';
import type { JsonValue } from '../core/json.js';
import { isJsonObject } from '../core/json.js';
import type { SourceFile } from './catalog.js';
import { draftFromSchemaUri } from '../core/drafts.js';
import { fragmentToPointer, getAtPointer } from '../core/json-pointer.js';
import { walkSchema } from '../core/walk-schema.js';
import { quote } from '../core/quote.js';

/** Where a `$ref` points: a file of the repository and a JSON pointer inside it. */
export interface RefTarget {
  file: string;
  pointer: string;
}

/** One `$ref` found in the repository and what became of it. */
export interface RefEdge {
  /** File holding the `$ref`. */
  file: string;
  /** Pointer of the schema object holding the `$ref` (the keyword itself is at `${pointer}/$ref`). */
  pointer: string;
  /** The `$ref` value as written. */
  ref: string;
  /** Set when resolved. */
  target?: RefTarget;
  /** Set when not resolved: why. */
  problem?: 'REF_REMOTE' | 'REF_OUTSIDE_ROOT' | 'REF_UNRESOLVED';
  /** Repository-relative path of a file the ref needs that is not loaded yet (the loader reads it and resolves again). */
  wantsFile?: string;
  detail?: string;
}

/** A `$id` (or `$anchor`) declared in the repository. */
export interface DeclaredId {
  /** Absolute URI (no fragment for `$id`, `uri#name` for anchors). */
  uri: string;
  file: string;
  pointer: string;
}

/** Synthetic base URI of a file without `$id`: a non-special scheme keeps relative resolution plain. */
export function fileUri(path: string): string {
  return `repo:/${path.split('/').map(encodeURIComponent).join('/')}`;
}

/** Draft a file declares (`$schema`), else the default. */
export function fileDraft(json: JsonValue | undefined, defaultDraft: Draft): Draft {
  if (isJsonObject(json) && typeof json.$schema === 'string') return draftFromSchemaUri(json.$schema) ?? defaultDraft;
  return defaultDraft;
}

function stripFragment(uri: string): string {
  const i = uri.indexOf('#');
  return i < 0 ? uri : uri.slice(0, i);
}

function tryResolve(ref: string, base: string): string | undefined {
  try {
    return new URL(ref, base).href;
  } catch {
    return undefined;
  }
}

interface ScopedRef {
  file: string;
  pointer: string;
  ref: string;
  /** Base URI in force at the `$ref` (nearest `$id`, else the file). */
  base: string;
}

/** Walk one file: the `$id`s/anchors it declares and its `$ref`s with their base URIs. */
export function scanFile(file: SourceFile, defaultDraft: Draft): { ids: DeclaredId[]; refs: ScopedRef[] } {
  const ids: DeclaredId[] = [];
  const refs: ScopedRef[] = [];
  const draft = fileDraft(file.json, defaultDraft);
  const idKey = draft === 'draft-04' ? 'id' : '$id';
  const bases = new Map<string, string>(); // pointer → base in force there
  walkSchema(file.json ?? null, ({ schema, pointer, parentPointer }) => {
    let base = (parentPointer !== undefined ? bases.get(parentPointer) : undefined) ?? fileUri(file.path);
    const rawId = schema[idKey];
    if (typeof rawId === 'string' && rawId !== '') {
      if (rawId.startsWith('#')) {
        // draft-06/07 plain-name anchor
        ids.push({ uri: `${stripFragment(base)}${rawId}`, file: file.path, pointer });
      } else {
        const resolved = tryResolve(rawId, base);
        if (resolved) {
          base = stripFragment(resolved);
          ids.push({ uri: base, file: file.path, pointer });
        }
      }
    }
    if (typeof schema.$anchor === 'string') ids.push({ uri: `${stripFragment(base)}#${schema.$anchor}`, file: file.path, pointer });
    bases.set(pointer, base);
    if (typeof schema.$ref === 'string') refs.push({ file: file.path, pointer, ref: schema.$ref, base });
  });
  return { ids, refs };
}

/**
 * Resolve one `$ref` against the repository:
 * 1. a fragment-only ref points into the current resource (`#/…` pointer or `#name` anchor);
 * 2. an absolute URI equal to a declared `$id` is that schema;
 * 3. a relative reference is a file path relative to the referring file (never leaving the root);
 * 4. anything else (http:, https:, ftp:, `//host`, urn:, …) is remote and never fetched.
 */
export function resolveRef(r: ScopedRef, ids: ReadonlyMap<string, readonly DeclaredId[]>, files: ReadonlyMap<string, SourceFile>): RefEdge {
  const resourceAt = (uri: string): RefTarget | undefined => {
    const declared = ids.get(uri);
    if (!declared || declared.length === 0) return undefined;
    // Prefer the referring file's own declaration (a colliding `$id` elsewhere is a lint error, not a redirect).
    const found = declared.find((d) => d.file === r.file) ?? declared[0];
    return found ? { file: found.file, pointer: found.pointer } : undefined;
  };
  const edge: RefEdge = { file: r.file, pointer: r.pointer, ref: r.ref };
  const hash = r.ref.indexOf('#');
  const uriPart = hash < 0 ? r.ref : r.ref.slice(0, hash);
  const fragment = hash < 0 ? '' : r.ref.slice(hash + 1);

  let resource: RefTarget | undefined;
  let resourceUri: string;
  if (uriPart === '') {
    resourceUri = r.base;
    resource = resourceAt(r.base) ?? (r.base === fileUri(r.file) ? { file: r.file, pointer: '' } : undefined);
  } else {
    const absolute = tryResolve(uriPart, r.base);
    resourceUri = absolute ? stripFragment(absolute) : uriPart;
    resource = absolute ? resourceAt(resourceUri) : undefined;
    if (!resource) {
      const found = resolveNonIdUri(r, uriPart, resourceAt, ids, files);
      if (!('resource' in found)) return { ...edge, ...found };
      resource = found.resource;
      resourceUri = found.resourceUri;
    }
  }
  if (!resource) return { ...edge, problem: 'REF_UNRESOLVED', detail: `no schema declares ${quote(resourceUri)}` };

  let pointer = resource.pointer;
  if (fragment !== '') {
    const asPointer = fragmentToPointer(fragment);
    if (asPointer !== undefined) {
      pointer = resource.pointer + asPointer;
    } else {
      const anchor = ids.get(`${resourceUri}#${fragment}`)?.[0];
      if (!anchor) return { ...edge, problem: 'REF_UNRESOLVED', detail: `no anchor ${quote('#' + fragment)} is declared` };
      pointer = anchor.pointer;
      resource = anchor;
    }
  }
  const target = files.get(resource.file);
  if (getAtPointer(target?.json, pointer) === undefined) {
    return { ...edge, problem: 'REF_UNRESOLVED', detail: `${quote(resource.file)} has nothing at ${quote('#' + pointer)}` };
  }
  return { ...edge, target: { file: resource.file, pointer } };
}

/**
 * A `$ref` URI that names no declared `$id`: refused when absolute (`file:`, remote, absolute path),
 * otherwise a file path relative to the referring file that must stay inside the root and exist.
 */
function resolveNonIdUri(
  r: ScopedRef,
  uriPart: string,
  resourceAt: (uri: string) => RefTarget | undefined,
  ids: ReadonlyMap<string, readonly DeclaredId[]>,
  files: ReadonlyMap<string, SourceFile>,
): { resource: RefTarget; resourceUri: string } | Pick<RefEdge, 'problem' | 'detail' | 'wantsFile'> {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(uriPart)?.[1]?.toLowerCase();
  if (scheme === 'file') return { problem: 'REF_OUTSIDE_ROOT', detail: 'absolute `file:` URIs are not followed' };
  if (scheme || uriPart.startsWith('//')) return { problem: 'REF_REMOTE', detail: scheme ? `${scheme}:` : 'protocol-relative' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(uriPart);
  } catch {
    return { problem: 'REF_UNRESOLVED', detail: 'the path is not a valid URI reference' };
  }
  if (decoded.startsWith('/')) return { problem: 'REF_OUTSIDE_ROOT', detail: 'absolute paths are not followed' };
  if (decoded.includes('\\') || decoded.includes('\u0000')) {
    return { problem: 'REF_UNRESOLVED', detail: 'backslashes are not path separators in a `$ref` (and NUL is no file name); write relative paths with `/`' };
  }
  const path = posix.normalize(posix.join(posix.dirname(r.file), decoded));
  if (path === '..' || path.startsWith('../') || path.startsWith('/')) return { problem: 'REF_OUTSIDE_ROOT', detail: `it resolves to ${quote(path)}` };
  let resourceUri = fileUri(path);
  const declared = resourceAt(resourceUri);
  if (declared) return { resource: declared, resourceUri };
  const target = files.get(path);
  if (!target) return { wantsFile: path, problem: 'REF_UNRESOLVED', detail: `${quote(path)} does not exist` };
  if (target.json === undefined) return { problem: 'REF_UNRESOLVED', detail: `${quote(path)} could not be parsed` };
  // Anchors in a file with a root `$id` are declared under that id, not under the file's path.
  for (const [uri, declaredAt] of ids) {
    if (!uri.includes('#') && declaredAt.some((d) => d.file === path && d.pointer === '')) resourceUri = uri;
  }
  return { resource: { file: path, pointer: '' }, resourceUri };
}

/** Keywords that carry no structure: a schema made only of these plus `$ref` is a pure reference. */
const NON_STRUCTURAL = new Set([
  '$ref',
  '$id',
  'id',
  '$schema',
  '$comment',
  '$anchor',
  'title',
  'description',
  'default',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
]);

/**
 * Chains of pure references (`{"$ref": …}` with nothing structural beside it) that come back
 * to themselves. Recursive schemas (a ref inside `properties`, `items`, …) are not cycles.
 * Each cycle is reported once, at its smallest member.
 */
export function findPureRefCycles(edges: readonly RefEdge[], files: ReadonlyMap<string, SourceFile>): { at: RefEdge; chain: RefTarget[] }[] {
  const key = (t: RefTarget) => `${t.file}#${t.pointer}`;
  const byNode = new Map<string, RefEdge>();
  for (const e of edges) {
    if (!e.target) continue;
    const node = getAtPointer(files.get(e.file)?.json, e.pointer);
    if (!isJsonObject(node)) continue;
    if (Object.keys(node).every((k) => NON_STRUCTURAL.has(k) || k.startsWith('x-'))) byNode.set(key(e), e);
  }
  const cycles: { at: RefEdge; chain: RefTarget[] }[] = [];
  const reported = new Set<string>();
  for (const start of [...byNode.keys()].sort()) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let current: string | undefined = start;
    while (current && byNode.has(current) && !onPath.has(current)) {
      onPath.add(current);
      path.push(current);
      const target: RefTarget | undefined = byNode.get(current)?.target;
      current = target ? key(target) : undefined;
    }
    if (!current || !onPath.has(current)) continue;
    const cycle = path.slice(path.indexOf(current));
    const smallest = [...cycle].sort()[0] as string;
    if (reported.has(smallest)) continue;
    reported.add(smallest);
    const rotated = [...cycle.slice(cycle.indexOf(smallest)), ...cycle.slice(0, cycle.indexOf(smallest))];
    const at = byNode.get(smallest) as RefEdge;
    cycles.push({ at, chain: rotated.map((k) => byNode.get(k) as RefEdge).map((e) => ({ file: e.file, pointer: e.pointer })) });
  }
  return cycles;
}
