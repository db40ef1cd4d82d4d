/**
 * The I/O edge of the check stage: reads the git base, binds the compat engine, and runs the pure
 * cores (judge.ts, diff.ts, plan-lock.ts) over a loaded Catalog.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import type { CompatibilityPolicy } from '../core/compatibility.js';
import type { JsonObject } from '../core/json.js';
import { compareSchemas } from '../compat/index.js';
import type { Catalog } from '../load/index.js';
import { bundleEventSchema, loadCatalog, unresolvedRefsOf } from '../load/index.js';
import { throughRefs } from './pointers.js';
import type { Approval } from './approvals.js';
import { schemaFingerprint } from './canonical.js';
import type { DiffReport } from './diff.js';
import { diffRepository } from './diff.js';
import type { GitBaseResult } from './git.js';
import { materialize, readTreeAt, resolveGitBase } from './git.js';
import { judgeRepository } from './judge.js';
import { ComparisonCache } from './revisions.js';
import type { Direction } from '../core/compatibility.js';
import { resolveCompatibility } from '../core/compatibility.js';
import type { LockFile } from '../records/index.js';
import { LOCK_FILE, parseLock } from '../records/index.js';
import { loadMigrations, MIGRATIONS_DIR } from '../migrations/index.js';
import type { Baseline, CheckReport, CompareFn, CurrentEvent, PastEvent } from './model.js';

/** The compat engine in one direction (BACKWARD runs compare(previous, next), FORWARD compare(next, previous)). */
export const compatCompare: CompareFn = (previous: JsonObject, next: JsonObject, direction: Direction, policy: CompatibilityPolicy, eventType: string) =>
  compareSchemas(previous, next, { level: direction === 'backward' ? 'BACKWARD' : 'FORWARD', policy, eventType }).changes;

/** Every event type of a catalog, bundled, canonical and fingerprinted, with its level and policy. */
function bundleFailed(e: { eventType: string; file: string }, why: string): Diagnostic {
  return {
    ruleId: 'CHECK_BUNDLE_FAILED',
    severity: 'error',
    message: `\`${e.eventType}\` could not be bundled into one self-contained schema (${why}); it was not checked. Fix the problems \`contracts lint\` reports for ${e.file}.`,
    file: e.file,
    pointer: '',
    line: 0,
    column: 0,
  };
}

export function currentEvents(catalog: Catalog): { events: CurrentEvent[]; diagnostics: Diagnostic[] } {
  const events: CurrentEvent[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const e of catalog.events) {
    const unresolved = unresolvedRefsOf(catalog, e.eventType);
    if (unresolved.length > 0) {
      // The loader's REF_* errors point at each `$ref`; this says what they cost: the event is not judged.
      const where = unresolved.map((r) => `${r.file}#${r.pointer}`).join(', ');
      diagnostics.push(bundleFailed(e, unresolved.length === 1 ? `its \`$ref\` at ${where} does not resolve` : `its \`$ref\`s at ${where} do not resolve`));
      continue;
    }
    let schema: JsonObject;
    try {
      schema = bundleEventSchema(catalog, e.eventType);
    } catch (error) {
      diagnostics.push(bundleFailed(e, (error as Error).message));
      continue;
    }
    const { level, policy } = resolveCompatibility(catalog.config, e);
    const current: CurrentEvent = {
      eventType: e.eventType,
      domain: e.domain,
      action: e.action,
      version: e.version,
      file: e.file,
      schema,
      fingerprint: schemaFingerprint(schema),
      deprecated: e.deprecated,
      level,
      policy,
    };
    if (e.sunset) current.sunset = e.sunset;
    const source = catalog.files.get(e.file);
    if (source) current.source = source;
    current.locate = bundleLocator(catalog, e.file, schema);
    events.push(current);
  }
  return { events, diagnostics };
}

/**
 * Maps a pointer into a bundled schema back to where it is written. The loader inlines every file an
 * event reaches under `#/definitions/<name>` (or `$defs`), `<name>` being the path below `schemas/` with
 * `/` → `.` and no `.json` (`_shared.money` → `schemas/_shared/money.json`); such pointers are located in
 * that file, everything else in the event file (nearest existing ancestor).
 */
export function bundleLocator(catalog: Catalog, eventFile: string, bundled: JsonObject): (pointer: string) => { file: string; line: number; column: number } {
  return (raw) => {
    const pointer = throughRefs(bundled, raw);
    const m = /^\/(?:definitions|\$defs)\/([^/]+)(.*)$/.exec(pointer);
    if (m) {
      const name = (m[1] as string).replace(/~1/g, '/').replace(/~0/g, '~');
      const file = inlinedFile(catalog, name);
      const source = file ? catalog.files.get(file) : undefined;
      if (file && source && file !== eventFile) return { file, ...source.locate(m[2] as string) };
    }
    const source = catalog.files.get(eventFile);
    return { file: eventFile, ...(source ? source.locate(pointer) : { line: 0, column: 0 }) };
  };
}

/** `_shared.money` → `schemas/_shared/money.json` (trying each `.` as `/`, longest directory first). */
function inlinedFile(catalog: Catalog, name: string): string | undefined {
  const parts = name.split('.');
  for (let dirs = parts.length - 1; dirs >= 0; dirs--) {
    const candidate = `schemas/${parts.slice(0, dirs).join('/')}${dirs ? '/' : ''}${parts.slice(dirs).join('.')}.json`;
    if (catalog.files.has(candidate)) return candidate;
  }
  return undefined;
}

/** Paths read from the git base: the schemas tree, the config (levels, draft), the lock and the migrations. */
const BASE_PATHS = ['schemas', 'contracts.config.json', LOCK_FILE, MIGRATIONS_DIR];

/**
 * The repository as it was at the git base (see git.ts for how the ref is chosen), loaded with the
 * same loader from a temporary copy of the tree. Undefined with a note when there is no base.
 */
export async function loadBaseline(root: string, against: string | undefined): Promise<{ baseline?: Baseline; note?: string }> {
  const resolved: GitBaseResult = await resolveGitBase(root, against);
  if (!resolved.base) return { note: resolved.note };
  const { ref, commit, how } = resolved.base;
  const files = await readTreeAt(root, commit, BASE_PATHS);
  const tree = await materialize(files);
  try {
    const catalog = await loadCatalog({ root: tree.dir });
    const events = new Map<string, PastEvent>();
    for (const e of currentEvents(catalog).events) {
      const past: PastEvent = { eventType: e.eventType, file: e.file, schema: e.schema, fingerprint: e.fingerprint, deprecated: e.deprecated };
      if (e.sunset) past.sunset = e.sunset;
      events.set(e.eventType, past);
    }
    const baseline: Baseline = { ref, commit, how, events, migrations: (await loadMigrations(tree.dir)).migrations };
    const lockText = files.get(LOCK_FILE);
    if (lockText !== undefined) baseline.lock = parseLock(lockText, `${LOCK_FILE} at ${ref}`);
    return { baseline };
  } finally {
    await tree.dispose();
  }
}

/** What check and diff both judge from: the current events, the lock, the approvals, the clock and the comparison cache. */
function commonInput(options: DiffRepositoryOptions, current: CurrentEvent[]) {
  return {
    current,
    lock: options.lock,
    approvals: options.approvals,
    now: options.now ?? new Date(),
    cache: options.cache ?? new ComparisonCache(compatCompare),
  };
}

export interface CheckRepositoryOptions {
  catalog: Catalog;
  /** contracts.lock.json as read by `readLock` (undefined when it does not exist). */
  lock: LockFile | undefined;
  /** Git ref to compare with. @default the merge base of HEAD with the default branch (origin/HEAD, main, master) */
  against?: string;
  /** Set false to ignore git entirely (lock file only). @default true */
  git?: boolean;
  approvals: readonly Approval[];
  /** Text of contracts.approvals.json (for line numbers). */
  approvalsText?: string;
  /** @default new Date() */
  now?: Date;
  /** Share memoised comparisons between check and diff in one run. */
  cache?: ComparisonCache;
  /** Compare with every earlier revision even when the lock records the verification. @default false */
  full?: boolean;
}

/**
 * `contracts check`: every event type against its earlier revisions (lock + git base) at its
 * configured level and policy, lock freshness, deletions, approvals. Errors in the report mean exit 1.
 */
export async function checkRepository(options: CheckRepositoryOptions): Promise<CheckReport> {
  const { events, diagnostics } = currentEvents(options.catalog);
  const base =
    options.git === false
      ? { note: 'git disabled; previous revisions come from contracts.lock.json only' }
      : await loadBaseline(options.catalog.root, options.against);
  const input: Parameters<typeof judgeRepository>[0] = {
    ...commonInput(options, events),
    diagnostics: [...options.catalog.diagnostics.filter((d) => d.severity === 'error'), ...diagnostics],
    unreadable: new Set([...options.catalog.diagnostics, ...diagnostics].filter((d) => d.severity === 'error' && d.file).map((d) => d.file)),
  };
  if (base.baseline) input.baseline = base.baseline;
  if (base.note) input.baselineNote = base.note;
  if (options.approvalsText !== undefined) input.approvalsText = options.approvalsText;
  if (options.full) input.full = true;
  return judgeRepository(input);
}

export interface DiffRepositoryOptions {
  catalog: Catalog;
  lock: LockFile | undefined;
  /** @default the merge base of HEAD with the default branch; without git, the lock's latest revisions */
  against?: string;
  git?: boolean;
  approvals: readonly Approval[];
  now?: Date;
  cache?: ComparisonCache;
}

/** `contracts diff`: every change between the git base and the working tree, for review. */
export async function diffAgainst(options: DiffRepositoryOptions): Promise<DiffReport & { note?: string }> {
  const { events } = currentEvents(options.catalog);
  const base: { baseline?: Baseline; note?: string } = options.git === false ? {} : await loadBaseline(options.catalog.root, options.against);
  const input: Parameters<typeof diffRepository>[0] = commonInput(options, events);
  if (base.baseline) {
    input.baseline = base.baseline;
    input.migrations = (await loadMigrations(options.catalog.root)).migrations;
  }
  const report: DiffReport & { note?: string } = diffRepository(input);
  if (base.note) report.note = base.note;
  return report;
}
