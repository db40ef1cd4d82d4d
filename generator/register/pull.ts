/**
 * `contracts pull`: write what a registry holds (latest version of every subject) into the
 * repository layout, for teams adopting the tool with an existing registry. Envelopes built by
 * this tool are unwrapped back to their `data` contract; any other JSON schema is written whole.
 * Nothing is overwritten silently: a file with other content is refused unless `force`.
 */
import { readFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import type { JsonObject } from '../core/json.js';
import { isJsonObject } from '../core/json.js';
import { classifySchemaPath, eventTypeToPath } from '../load/index.js';
import { annotationsOf, restoreAnnotations, DATA_POINTER, canonicalSchemaText, isOurEnvelope, rewriteForRepository } from '../registration/index.js';
import type { RegisteredSchema, RegistryClient } from './client.js';
import { mapLimit } from './state.js';
import { compareCodePoints as byKey } from '../core/order.js';
import { writeFileAtomic } from '../core/write-file.js';

export interface PullFile {
  /** Repository-relative path. */
  path: string;
  content: string;
  subject: string;
  version: number;
  id: number;
  /** `envelope` (unwrapped `data`), `schema` (written whole) or `reference` (a referenced schema). */
  origin: 'envelope' | 'schema' | 'reference';
}

export interface PullSkip {
  subject: string;
  reason: string;
}

export interface PullPlan {
  files: PullFile[];
  skipped: PullSkip[];
}

export interface PullResult extends PullPlan {
  written: string[];
  unchanged: string[];
  /** Files with other content that were not overwritten (without `force`). */
  refused: string[];
}

/** Fetch every subject's latest version and decide where each goes. */
export async function planPull(options: { client: RegistryClient; concurrency?: number }): Promise<PullPlan> {
  const { client } = options;
  const subjects = (await client.listSubjects()).sort();
  const latest = await mapLimit(subjects, options.concurrency ?? 8, (s) => client.getVersion(s, 'latest'));
  // Reference name → file, decided first so refs can be rewritten to relative paths.
  const referenceFiles = new Map<string, { subject: string; version: number }>();
  for (const v of latest) for (const r of v.references) if (!referenceFiles.has(r.name)) referenceFiles.set(r.name, { subject: r.subject, version: r.version });
  const refPath = new Map<string, string>();
  for (const name of [...referenceFiles.keys()].sort()) refPath.set(name, referencePath(name, refPath));
  const referencedSubjects = new Set([...referenceFiles.values()].map((r) => r.subject));
  const outcomes: (PullFile | PullSkip)[] = [];
  for (const [name, ref] of [...referenceFiles.entries()].sort()) {
    const v = latest.find((l) => l.subject === ref.subject) ?? (await client.getVersion(ref.subject, ref.version));
    outcomes.push(referenceFile(name, ref.subject, v, refPath));
  }
  for (const v of latest) if (!referencedSubjects.has(v.subject)) outcomes.push(subjectFile(v, refPath));
  const files = outcomes.filter((o): o is PullFile => 'path' in o);
  const skipped = outcomes.filter((o): o is PullSkip => !('path' in o));
  return onePerPath(files, skipped);
}

/** A referenced schema, written where its reference name says. */
function referenceFile(name: string, subject: string, v: RegisteredSchema, refPath: ReadonlyMap<string, string>): PullFile | PullSkip {
  const schema = parse(v.schema, v);
  if (!schema) return { subject, reason: 'its schema is not a JSON object' };
  // The registered form names a referenced schema by its reference name; the repository by its path.
  if (schema.$id === name) delete schema.$id;
  const path = refPath.get(name) as string;
  return toFile(
    path,
    rewriteForRepository(schema, path, (n) => refPath.get(n)),
    v,
    'reference',
  );
}

/** A subject nothing references: an envelope written by us, or a plain schema imported as an event. */
function subjectFile(v: RegisteredSchema, refPath: ReadonlyMap<string, string>): PullFile | PullSkip {
  if (v.schemaType !== 'JSON') return { subject: v.subject, reason: `its schema type is ${v.schemaType}, not JSON` };
  const schema = parse(v.schema, v);
  if (!schema) return { subject: v.subject, reason: 'its schema is not a JSON object' };
  if (isOurEnvelope(schema)) {
    const eventType = String((schema.properties.eventType as JsonObject).const);
    const path = eventTypeToPath(eventType);
    if (!path) return { subject: v.subject, reason: `event type "${eventType}" is not <domain>.<action>.v<N>` };
    const data: JsonObject = { ...(schema.properties.data as JsonObject) };
    const contract: JsonObject = typeof schema.$schema === 'string' ? { $schema: schema.$schema, ...data } : data;
    return toFile(
      path,
      rewriteForRepository(contract, path, (n) => refPath.get(n), DATA_POINTER),
      v,
      'envelope',
    );
  }
  const title = typeof schema.title === 'string' ? schema.title : '';
  const path = eventTypeToPath(title) ?? `schemas/imported/${slug(v.subject)}.v1.json`;
  return toFile(
    path,
    rewriteForRepository(schema, path, (n) => refPath.get(n)),
    v,
    'schema',
  );
}

/** Two subjects can hold the same event type (one per topic): keep the first, report the rest when different. */
function onePerPath(files: PullFile[], skipped: PullSkip[]): PullPlan {
  const byPath = new Map<string, PullFile>();
  for (const f of files) {
    const prior = byPath.get(f.path);
    if (!prior) byPath.set(f.path, f);
    else if (prior.content !== f.content)
      skipped.push({ subject: f.subject, reason: `it maps to ${f.path} like subject "${prior.subject}", with different content; pulled "${prior.subject}"` });
  }
  return { files: [...byPath.values()].sort((a, b) => byKey(a.path, b.path)), skipped: skipped.sort((a, b) => byKey(a.subject, b.subject)) };
}

/** Write a pull plan under `root`: temp file + rename; existing files with other content refused unless `force`. */
export async function writePull(options: { root: string; plan: PullPlan; force?: boolean }): Promise<PullResult> {
  const root = resolve(options.root);
  const result: PullResult = { ...options.plan, written: [], unchanged: [], refused: [] };
  for (const file of options.plan.files) {
    const target = resolve(root, file.path);
    const rel = relative(root, target);
    if (rel.startsWith('..') || rel.includes(`..${sep}`)) throw new Error(`refusing to write outside the repository: ${file.path}`);
    const existing = await readFile(target, 'utf8').catch(() => undefined);
    if (existing !== undefined && sameJson(existing, file.content)) {
      result.unchanged.push(file.path);
      continue;
    }
    if (existing !== undefined && !options.force) {
      result.refused.push(file.path);
      continue;
    }
    await writeFileAtomic(target, file.content);
    result.written.push(file.path);
  }
  return result;
}

/** Fetch and write: the `contracts pull` verb. */
export async function pullSubjects(options: { client: RegistryClient; root: string; force?: boolean }): Promise<PullResult> {
  return writePull({ root: options.root, plan: await planPull(options), force: options.force });
}

function toFile(path: string, schema: JsonObject, v: RegisteredSchema, origin: PullFile['origin']): PullFile {
  return { path, content: JSON.stringify(schema, null, 2) + '\n', subject: v.subject, version: v.version, id: v.id, origin };
}

/** Same JSON content, whatever the formatting or key order: the user's file is left as written. */
function sameJson(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return canonicalSchemaText(JSON.parse(a)) === canonicalSchemaText(JSON.parse(b));
  } catch {
    return false;
  }
}

/** The registered schema, with the keywords the registered form moved to metadata put back. */
function parse(text: string, v: Pick<RegisteredSchema, 'metadata'>): JsonObject | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    if (!isJsonObject(value as never)) return undefined;
    const annotations = annotationsOf(v.metadata);
    return annotations ? restoreAnnotations(value as JsonObject, annotations) : (value as JsonObject);
  } catch {
    return undefined;
  }
}

/** Where a referenced schema goes: `schemas/<name>` when that is a shared path, else `schemas/_imported/<slug>.json`. */
function referencePath(reference: string, taken: ReadonlyMap<string, string>): string {
  const name = reference.replace(/^\//, '');
  const direct = `schemas/${name}`;
  const safe = /^[A-Za-z0-9_][A-Za-z0-9._-]*(\/[A-Za-z0-9_][A-Za-z0-9._-]*)*\.json$/.test(name) && !name.split('/').includes('..');
  const candidate = safe && classifySchemaPath(direct).kind === 'shared' ? direct : `schemas/_imported/${slug(name.replace(/\.json$/, ''))}.json`;
  let path = candidate;
  for (let i = 2; [...taken.values()].includes(path); i++) path = candidate.replace(/\.json$/, `-${i}.json`);
  return path;
}

/** A lowercase `[a-z][a-z0-9-]*` segment from any subject name. */
export function slug(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(s) ? s : `s-${s || 'subject'}`;
}
