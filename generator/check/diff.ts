/**
 * The pure core of `contracts diff`: every change of every event type between the git base (or,
 * without one, the latest revisions in the lock) and the working tree, with its severity and the
 * semver bump it implies. No I/O.
 */
import type { CompatibilityLevel, CompatibilityPolicy } from '../core/compatibility.js';
import type { JsonObject } from '../core/json.js';
import type { Approval } from './approvals.js';
import { isExpired, sunsetReached } from './approvals.js';
import type { ComparisonCache } from './revisions.js';
import { changeId, documentationDifferences, isDocumentationOnly } from './revisions.js';
import { locateChange, summarize as withSummary } from './explain.js';
import type { Direction } from '../core/compatibility.js';
import { LEVEL_PLANS } from '../core/compatibility.js';
import type { LockFile } from '../records/index.js';
import { LOCK_FILE, latestRevision, semverOfFingerprint } from '../records/index.js';
import type { Baseline, ChangeSeverity, CurrentEvent, JudgedChange, PastEvent } from './model.js';
import type { SemverBump } from '../core/semver.js';
import { bumpSemver, initialSemver, maxBump } from '../core/semver.js';
import { byField } from '../core/order.js';
import type { MigrationFile } from '../migrations/index.js';
import type { DiffMigration } from './diff-migrations.js';
import { diffMigrations } from './diff-migrations.js';

export type { DiffMigration } from './diff-migrations.js';

export type DiffStatus = 'added' | 'new-major' | 'modified' | 'unchanged' | 'retired' | 'removed';

export interface DiffEvent {
  eventType: string;
  file: string;
  status: DiffStatus;
  level?: CompatibilityLevel;
  policy?: CompatibilityPolicy;
  /** Highest severity among the changes (`none` when unchanged). */
  severity: ChangeSeverity | 'none';
  /** What the generated package's version does: `major` means a new `v<N+1>` is needed (or the break must be approved). */
  bump: SemverBump;
  fromSemver?: string;
  toSemver?: string;
  /** Breaking, compatible and documentation changes, breaking first. */
  changes: JudgedChange[];
}

export interface DiffReport {
  /** `origin/main (merge base of HEAD and origin/main, 0123456789ab)` or `contracts.lock.json (latest revisions)`. */
  against: string;
  baseline?: { ref: string; commit: string; how: string };
  events: DiffEvent[];
  /** Migrations added, changed or removed against the git base (none without one: the lock records no migrations). */
  migrations: DiffMigration[];
  summary: {
    eventTypes: number;
    changed: number;
    breaking: number;
    compatible: number;
    documentation: number;
    added: number;
    removed: number;
    /** Unaccepted breaking changes (what makes `contracts diff` exit 1). */
    blocking: number;
  };
}

export interface DiffInput {
  current: readonly CurrentEvent[];
  lock: LockFile | undefined;
  baseline?: Baseline;
  approvals: readonly Approval[];
  now: Date;
  cache: ComparisonCache;
  /** `migrations/` of the working tree (compared with `baseline.migrations`). */
  migrations?: readonly MigrationFile[];
}

const SEVERITY_RANK: Record<ChangeSeverity | 'none', number> = { breaking: 3, compatible: 2, documentation: 1, none: 0 };
/** Reported by the documentation diff instead, once, without a direction. */
const DOCUMENTATION_TYPES = new Set(['TITLE_CHANGED', 'DESCRIPTION_CHANGED']);

export function diffRepository(input: DiffInput): DiffReport {
  const { lock, baseline, now } = input;
  const previous = previousSides(lock, baseline);
  const approvals = new Map(input.approvals.filter((a) => !isExpired(a, now)).map((a) => [`${a.eventType}\u0000${a.change}`, a]));
  const families = new Map<string, number[]>();
  for (const t of previous.keys()) {
    const m = /^(.*)\.v(\d+)$/.exec(t);
    if (m) families.set(m[1] as string, [...(families.get(m[1] as string) ?? []), Number(m[2])]);
  }
  const events = input.current.map((event) => diffEvent(event, { previous, families, approvals, input }));
  const currentTypes = new Set(input.current.map((e) => e.eventType));
  for (const [eventType, past] of previous) if (!currentTypes.has(eventType)) events.push(diffDeleted(eventType, past, input));
  events.sort(byField('eventType'));
  const report: DiffReport = {
    against: baseline ? `${baseline.ref} (${baseline.how}, ${baseline.commit.slice(0, 12)})` : `${LOCK_FILE} (latest recorded revisions)`,
    events,
    migrations: baseline ? diffMigrations(input.migrations ?? [], baseline.migrations ?? []) : [],
    summary: summarize(events),
  };
  if (baseline) report.baseline = { ref: baseline.ref, commit: baseline.commit, how: baseline.how };
  return report;
}

/** The other side of the diff: the git base, or the latest lock revision of each event type. */
function previousSides(lock: LockFile | undefined, baseline: Baseline | undefined): Map<string, PastEvent> {
  const previous = new Map<string, PastEvent>();
  if (baseline) {
    for (const [t, e] of baseline.events) previous.set(t, e);
    return previous;
  }
  for (const [t, entry] of Object.entries(lock?.events ?? {})) {
    const last = latestRevision(entry);
    const past: PastEvent = { eventType: t, file: entry.file, schema: last.schema, fingerprint: last.fingerprint, deprecated: entry.deprecated };
    if (entry.sunset) past.sunset = entry.sunset;
    previous.set(t, past);
  }
  return previous;
}

interface DiffEventContext {
  previous: ReadonlyMap<string, PastEvent>;
  /** Majors per `<domain>.<action>` on the other side. */
  families: ReadonlyMap<string, readonly number[]>;
  approvals: ReadonlyMap<string, Approval>;
  input: DiffInput;
}

/** One current event type: added (or a new major), unchanged, or modified with its changes and bump. */
function diffEvent(event: CurrentEvent, ctx: DiffEventContext): DiffEvent {
  const { lock, baseline, cache } = ctx.input;
  const past = ctx.previous.get(event.eventType);
  const entry = lock?.events[event.eventType];
  const base = { eventType: event.eventType, file: event.file, level: event.level, policy: event.policy };
  if (!past) {
    const older = (ctx.families.get(event.eventType.replace(/\.v\d+$/, '')) ?? []).some((v) => v < event.version);
    return { ...base, status: older ? 'new-major' : 'added', severity: 'none', bump: 'major', toSemver: initialSemver(event.version), changes: [] };
  }
  const fromSemver = semverOfFingerprint(entry, past.fingerprint) ?? semverOfFingerprint(baseline?.lock?.events[event.eventType], past.fingerprint);
  if (past.fingerprint === event.fingerprint) {
    const d: DiffEvent = { ...base, status: 'unchanged', severity: 'none', bump: 'none', changes: [] };
    if (fromSemver) {
      d.fromSemver = fromSemver;
      d.toSemver = fromSemver;
    }
    return d;
  }
  const changes = changesBetween(event, past, fromSemver ?? baseline?.ref ?? LOCK_FILE, cache, ctx.approvals);
  const severity = changes.reduce<ChangeSeverity | 'none'>((s, c) => (SEVERITY_RANK[c.severity] > SEVERITY_RANK[s] ? c.severity : s), 'none');
  let bump: SemverBump = 'none';
  for (const c of changes) bump = maxBump(bump, c.severity === 'breaking' ? (c.accepted ? 'minor' : 'major') : c.severity === 'compatible' ? 'minor' : 'patch');
  const d: DiffEvent = { ...base, status: 'modified', severity, bump, changes };
  if (fromSemver) d.fromSemver = fromSemver;
  const recorded = semverOfFingerprint(entry, event.fingerprint);
  const to = recorded ?? (fromSemver && bump !== 'major' ? bumpSemver(fromSemver, bump) : undefined);
  if (to) d.toSemver = to;
  return d;
}

/** An event type on the other side that no longer exists: retired after its sunset, or removed (breaking). */
function diffDeleted(eventType: string, past: PastEvent, input: DiffInput): DiffEvent {
  const { lock, baseline, now } = input;
  const retired = past.deprecated && sunsetReached(past.sunset, now);
  const d: DiffEvent = {
    eventType,
    file: past.file,
    status: retired ? 'retired' : 'removed',
    severity: retired ? 'none' : 'breaking',
    bump: retired ? 'none' : 'major',
    changes: [],
  };
  const semver = semverOfFingerprint(lock?.events[eventType], past.fingerprint);
  if (semver) d.fromSemver = semver;
  if (retired) return d;
  d.changes.push(
    withSummary({
      eventType,
      type: 'EVENT_TYPE_REMOVED',
      path: '#',
      severity: 'breaking',
      message: `\`${eventType}\` was deleted without a passed sunset; consumers may still subscribe to it. Deprecate it with an \`x-sunset\` date first, delete it after that date.`,
      fingerprint: changeId(eventType, 'backward', 'EVENT_TYPE_REMOVED', '#'),
      against: [baseline?.ref ?? LOCK_FILE],
      file: past.file,
      pointer: '',
      line: 0,
      column: 0,
    }),
  );
  return d;
}

function summarize(events: readonly DiffEvent[]): DiffReport['summary'] {
  const all = events.flatMap((e) => e.changes);
  return {
    eventTypes: events.length,
    changed: events.filter((e) => e.status !== 'unchanged').length,
    breaking: all.filter((c) => c.severity === 'breaking').length,
    compatible: all.filter((c) => c.severity === 'compatible').length,
    documentation: all.filter((c) => c.severity === 'documentation').length,
    added: events.filter((e) => e.status === 'added' || e.status === 'new-major').length,
    removed: events.filter((e) => e.status === 'removed' || e.status === 'retired').length,
    blocking: all.filter((c) => c.severity === 'breaking' && !c.accepted).length,
  };
}

/** One recorded revision of an event type (from the lock file). */
export interface RecordedRevision {
  fingerprint: string;
  schema: JsonObject;
  /** Label the changes are reported against, e.g. the semver `1.2.0`. */
  label: string;
}

/**
 * The changes from one recorded revision to a later one of the same event type, judged at its level and
 * policy: the same change list (and sentences) `contracts diff` puts in the PR report. Used by the catalog.
 */
export function changesBetweenRevisions(
  event: { eventType: string; level: CompatibilityLevel; policy: CompatibilityPolicy },
  previous: RecordedRevision,
  next: RecordedRevision,
  cache: ComparisonCache,
): JudgedChange[] {
  if (previous.fingerprint === next.fingerprint) return [];
  const current: CurrentEvent = {
    eventType: event.eventType,
    domain: '',
    action: '',
    version: 0,
    file: '',
    schema: next.schema,
    fingerprint: next.fingerprint,
    deprecated: false,
    level: event.level,
    policy: event.policy,
  };
  const past: PastEvent = { eventType: event.eventType, file: '', schema: previous.schema, fingerprint: previous.fingerprint, deprecated: false };
  return changesBetween(current, past, previous.label, cache, new Map());
}

/**
 * Changes from `past` to `event`: every change of the backward comparison (what was added, removed,
 * loosened or tightened), the forward comparison's breaking ones (what deployed readers cannot read),
 * and documentation-only edits. Severity follows the event type's level and policy.
 */
function changesBetween(event: CurrentEvent, past: PastEvent, label: string, cache: ComparisonCache, approvals: ReadonlyMap<string, Approval>): JudgedChange[] {
  const plan = LEVEL_PLANS[event.level];
  const judged = (d: Direction) => (plan.directions as readonly Direction[]).includes(d);
  const out: JudgedChange[] = [];
  const push = (type: string, path: string, direction: Direction | undefined, severity: ChangeSeverity, message: string, fingerprint: string) => {
    const { detailPath, ...where } = locateChange(event, past.schema, type, path);
    const change: JudgedChange = {
      eventType: event.eventType,
      type,
      path,
      ...(detailPath ? { detailPath } : {}),
      severity,
      message,
      fingerprint,
      against: [label],
      ...where,
    };
    if (direction) change.direction = direction;
    if (severity === 'breaking') {
      const approval = approvals.get(`${event.eventType}\u0000${fingerprint}`);
      if (approval) change.accepted = { by: 'approval', approval };
    }
    out.push(withSummary(change));
  };
  for (const direction of ['backward', 'forward'] as const) {
    for (const c of cache.directional(past, event, direction, event.policy, event.eventType)) {
      if (DOCUMENTATION_TYPES.has(c.type)) continue;
      const breaking = !c.compatible && judged(direction);
      if (direction === 'forward' && !breaking) continue;
      push(c.type, c.path, direction, breaking ? 'breaking' : 'compatible', c.message, changeId(event.eventType, direction, c.type, c.path));
    }
  }
  const docs = documentationDifferences(event.eventType, past.schema, event.schema);
  for (const d of docs) push(d.type, d.path, undefined, 'documentation', `${d.path.split('/').pop()} changed (documentation only).`, d.fingerprint);
  if (!out.some((c) => c.severity !== 'documentation') && !isDocumentationOnly(past.schema as JsonObject, event.schema)) {
    push(
      'OTHER_SCHEMA_CHANGE',
      '#',
      undefined,
      'compatible',
      'The schema changed only in keywords the compatibility rules do not compare (for example `format` or `x-` extensions); recorded as a compatible change.',
      changeId(event.eventType, 'backward', 'OTHER_SCHEMA_CHANGE', '#'),
    );
  }
  const rank = (c: JudgedChange) => -SEVERITY_RANK[c.severity];
  return out.sort((a, b) => rank(a) - rank(b) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}
