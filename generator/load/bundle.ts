import type { JsonObject } from '../core/json.js';
import { isJsonObject } from '../core/json.js';
import type { Catalog } from './catalog.js';
import { definitionsKeyword } from '../core/drafts.js';
import { getAtPointer, parsePointer, pointerToFragment, toPointer } from '../core/json-pointer.js';
import type { RefEdge } from './refs.js';
import { fileDraft, resolveRef, scanFile } from './refs.js';
import { cloneJson, hasOwn, setOwn, walkSchema } from '../core/walk-schema.js';

/**
 * A self-contained copy of an event's `data` schema: every file its `$ref`s reach (shared
 * definitions, other contracts) is inlined under the definitions keyword of the event's draft
 * (`$defs` for 2019-09/2020-12, `definitions` before), named after its path below `schemas/`
 * with `/` → `.` and no `.json` (`schemas/_shared/money.json` → `_shared.money`), and every
 * resolved `$ref` is rewritten to a local `#/…` pointer. Inlined documents lose `$schema` and
 * every `$id` (nested `$id`s in the event too) so local pointers mean the bundle's root.
 * Unresolved and remote refs are left as written (lint reports them). Deterministic: the
 * same catalog gives the same bytes. The catalog is not modified.
 */
export function bundleEventSchema(catalog: Catalog, eventType: string): JsonObject {
  const event = catalog.events.find((e) => e.eventType === eventType);
  if (!event) throw new Error(`unknown event type ${eventType}`);
  const edgesByFile = refsByFile(catalog);
  const external = [...reachedFiles(event.file, edgesByFile)].filter((f) => f !== event.file).sort();

  const defsKey = definitionsKeyword(event.draft);
  const out = cloneJson(event.schema);
  const existingDefs = isJsonObject(out[defsKey]) ? (out[defsKey] as JsonObject) : undefined;
  const taken = new Set(existingDefs ? Object.keys(existingDefs) : []);
  const base = new Map<string, string>([[event.file, '']]);
  for (const file of external) {
    const stem = file
      .replace(/^schemas\//, '')
      .replace(/\.json$/, '')
      .split('/')
      .join('.');
    let name = stem;
    for (let n = 2; taken.has(name); n++) name = `${stem}_${n}`;
    taken.add(name);
    base.set(file, toPointer([defsKey, name]));
  }

  const rewrite = (file: string, doc: JsonObject, isRoot: boolean) => {
    const draft = fileDraft(catalog.files.get(file)?.json, catalog.config.defaultDraft);
    for (const e of edgesByFile.get(file) ?? []) {
      if (!e.target) continue;
      const holder = getAtPointer(doc, e.pointer);
      if (!isJsonObject(holder)) continue;
      const targetBase = base.get(e.target.file) ?? '';
      setOwn(holder, '$ref', `#${pointerToFragment(targetBase + e.target.pointer)}`);
    }
    walkSchema(doc, ({ schema, pointer }) => {
      if (pointer === '' && isRoot) return;
      delete schema.$id;
      if (draft === 'draft-04' && hasOwn(schema, 'id') && typeof schema.id === 'string') delete schema.id;
      if (pointer === '') delete schema.$schema;
    });
  };

  // Rewrite before inlining so pointers from the catalog's edges still match each document.
  rewrite(event.file, out, true);
  const inlined: [string, JsonObject][] = [];
  for (const file of external) {
    const json = catalog.files.get(file)?.json;
    const doc = isJsonObject(json) ? cloneJson(json) : {};
    rewrite(file, doc, false);
    const pointer = base.get(file) as string;
    inlined.push([parsePointer(pointer)?.[1] as string, doc]);
  }
  if (inlined.length > 0) {
    const defs: JsonObject = existingDefs ?? {};
    for (const [name, doc] of inlined) setOwn(defs, name, doc);
    setOwn(out, defsKey, defs);
  }
  return out;
}

/**
 * The `$ref`s in an event's file, and in every file its resolved refs reach, that do not resolve (missing file,
 * pointer, anchor; remote or outside the root): the bundle leaves them as written, so no comparison can use it.
 */
export function unresolvedRefsOf(catalog: Catalog, eventType: string): RefEdge[] {
  const event = catalog.events.find((e) => e.eventType === eventType);
  if (!event) return [];
  const edgesByFile = refsByFile(catalog);
  return [...reachedFiles(event.file, edgesByFile)].sort().flatMap((file) => (edgesByFile.get(file) ?? []).filter((e) => e.problem !== undefined));
}

function refsByFile(catalog: Catalog): Map<string, RefEdge[]> {
  const edgesByFile = new Map<string, RefEdge[]>();
  for (const e of catalogRefs(catalog)) {
    const list = edgesByFile.get(e.file) ?? [];
    list.push(e);
    edgesByFile.set(e.file, list);
  }
  return edgesByFile;
}

/** Files reachable from `start` through resolved refs (`start` included), in a stable order. */
function reachedFiles(start: string, edgesByFile: ReadonlyMap<string, RefEdge[]>): Set<string> {
  const reached = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    for (const e of edgesByFile.get(file) ?? []) {
      if (e.target && !reached.has(e.target.file)) {
        reached.add(e.target.file);
        queue.push(e.target.file);
      }
    }
  }
  return reached;
}

/** The catalog's resolved refs (computed when a hand-built catalog lacks them). */
export function catalogRefs(catalog: Catalog): RefEdge[] {
  if (catalog.refs) return catalog.refs;
  const ids = new Map<string, import('./refs.js').DeclaredId[]>();
  const scans = [...catalog.files.values()].filter((f) => f.json !== undefined).map((f) => scanFile(f, catalog.config.defaultDraft));
  for (const s of scans) for (const id of s.ids) ids.set(id.uri, [...(ids.get(id.uri) ?? []), id]);
  return scans.flatMap((s) => s.refs.map((r) => resolveRef(r, ids, catalog.files)));
}

/**
 * What the `$ref` of the schema object at `pointer` in `file` resolved to (the loader's edge:
 * `target` when resolved, `problem` otherwise), or undefined when there is no `$ref` there.
 */
export function resolveRefTarget(catalog: Catalog, file: string, pointer: string): RefEdge | undefined {
  return catalogRefs(catalog).find((e) => e.file === file && e.pointer === pointer);
}

/** The JSON value a ref target names (undefined when the file or pointer does not exist). */
export function valueAt(catalog: Catalog, target: { file: string; pointer: string }): import('../core/json.js').JsonValue | undefined {
  return getAtPointer(catalog.files.get(target.file)?.json, target.pointer);
}
