/**
 * `contracts lock`, the pure plan: which revisions to append to contracts.lock.json, which entries
 * to drop, and what to refuse. Applying it is one atomic write (lock.ts `writeLock`).
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { normalizeDiagnostics } from '../core/diagnostic.js';
import type { Approval } from './approvals.js';
import { APPROVALS_FILE, isExpired, sunsetReached } from './approvals.js';
import type { ComparisonCache } from './revisions.js';
import { changeId, isDocumentationOnly, previousRevisions } from './revisions.js';
import { breakSummary, locateChange } from './explain.js';
import { covers, LEVEL_PLANS } from '../core/compatibility.js';
import type { LockEntry, LockFile, LockRevision } from '../records/index.js';
import { LOCKFILE_VERSION, latestRevision } from '../records/index.js';
import type { CurrentEvent } from './model.js';
import { bumpSemver, initialSemver } from '../core/semver.js';
import { byField } from '../core/order.js';

export type LockAction =
  | { eventType: string; action: 'added'; semver: string }
  | { eventType: string; action: 'revised'; from: string; semver: string; change: LockRevision['change'] }
  | { eventType: string; action: 'metadata'; semver: string }
  | { eventType: string; action: 'unchanged'; semver: string }
  | { eventType: string; action: 'dropped'; semver: string }
  | { eventType: string; action: 'refused'; reason: string };

export interface LockPlan {
  /** The lock to write (equal to the input when nothing changed). Never contains refused changes. */
  lock: LockFile;
  actions: LockAction[];
  /** Errors for refused changes; when any exist, nothing must be written. */
  diagnostics: Diagnostic[];
  changed: boolean;
}

export interface PlanLockInput {
  current: readonly CurrentEvent[];
  lock: LockFile | undefined;
  approvals: readonly Approval[];
  now: Date;
  cache: ComparisonCache;
}

export function planLock(input: PlanLockInput): LockPlan {
  const { cache, now } = input;
  const before = input.lock?.events ?? {};
  const events: Record<string, LockEntry> = {};
  const actions: LockAction[] = [];
  const diagnostics: Diagnostic[] = [];
  const approvals = new Map(input.approvals.filter((a) => !isExpired(a, now)).map((a) => [`${a.eventType}\u0000${a.change}`, a]));
  const current = new Set(input.current.map((e) => e.eventType));

  for (const event of input.current) {
    const planned = planEvent(event, before[event.eventType], approvals, cache);
    events[event.eventType] = planned.entry;
    actions.push(planned.action);
    diagnostics.push(...(planned.refused ?? []));
  }

  for (const [eventType, entry] of Object.entries(before)) {
    if (!current.has(eventType)) planDeletion(eventType, entry, now, { events, actions, diagnostics });
  }

  const sorted: Record<string, LockEntry> = {};
  for (const key of Object.keys(events).sort()) sorted[key] = events[key] as LockEntry;
  const lock: LockFile = { lockfileVersion: LOCKFILE_VERSION, events: sorted };
  actions.sort(byField('eventType'));
  return {
    lock,
    actions,
    diagnostics: normalizeDiagnostics(diagnostics),
    changed: !input.lock || actions.some((a) => a.action !== 'unchanged' && a.action !== 'refused'),
  };
}

/** What the plan decides for one current event: the entry to write, what it did, and its refusals. */
interface EventPlan {
  entry: LockEntry;
  action: LockAction;
  refused?: Diagnostic[];
}

/** One current event against its recorded entry (if any): added, unchanged, re-checked or revised. */
function planEvent(event: CurrentEvent, entry: LockEntry | undefined, approvals: ReadonlyMap<string, Approval>, cache: ComparisonCache): EventPlan {
  const meta = { file: event.file, deprecated: event.deprecated, ...(event.sunset ? { sunset: event.sunset } : {}) };
  const checked = { level: event.level, policy: event.policy };
  if (!entry) {
    const semver = initialSemver(event.version);
    return {
      entry: { ...meta, revisions: [{ semver, fingerprint: event.fingerprint, change: 'initial', checked, schema: event.schema }] },
      action: { eventType: event.eventType, action: 'added', semver },
    };
  }
  const last = latestRevision(entry);
  if (last.fingerprint === event.fingerprint) {
    const same = entry.file === meta.file && entry.deprecated === meta.deprecated && (entry.sunset ?? '') === (meta.sunset ?? '');
    if (last.checked && covers(last.checked, checked)) {
      return {
        entry: { ...meta, revisions: entry.revisions },
        action: { eventType: event.eventType, action: same ? 'unchanged' : 'metadata', semver: last.semver },
      };
    }
    // Recorded at a weaker level (or before records existed): verify again so `check` can trust it.
    const { refused } = judgeRevision(event, entry, approvals, cache);
    if (refused.length) {
      const reason = `${refused.length} breaking change(s) against earlier revisions under ${event.level}/${event.policy}`;
      return { entry, action: { eventType: event.eventType, action: 'refused', reason }, refused };
    }
    return {
      entry: { ...meta, revisions: [...entry.revisions.slice(0, -1), { ...last, checked }] },
      action: { eventType: event.eventType, action: 'metadata', semver: last.semver },
    };
  }

  // A new revision: it must pass the configured level against the recorded ones.
  const { refused, accepted } = judgeRevision(event, entry, approvals, cache);
  if (refused.length)
    return { entry, action: { eventType: event.eventType, action: 'refused', reason: `${refused.length} unapproved breaking change(s)` }, refused };
  const change: LockRevision['change'] = accepted.size ? 'approved-breaking' : isDocumentationOnly(last.schema, event.schema) ? 'documentation' : 'compatible';
  const semver = bumpSemver(last.semver, change === 'documentation' ? 'patch' : 'minor');
  const revision: LockRevision = { semver, fingerprint: event.fingerprint, change, checked, schema: event.schema };
  if (accepted.size) revision.acceptedChanges = [...accepted].sort();
  return {
    entry: { ...meta, revisions: [...entry.revisions, revision] },
    action: { eventType: event.eventType, action: 'revised', from: last.semver, semver, change },
  };
}

/** A recorded event type that no longer exists: dropped after its sunset, otherwise kept and refused. */
function planDeletion(
  eventType: string,
  entry: LockEntry,
  now: Date,
  out: { events: Record<string, LockEntry>; actions: LockAction[]; diagnostics: Diagnostic[] },
): void {
  if (entry.deprecated && sunsetReached(entry.sunset, now)) {
    out.actions.push({ eventType, action: 'dropped', semver: latestRevision(entry).semver });
    return;
  }
  out.events[eventType] = entry;
  out.actions.push({ eventType, action: 'refused', reason: 'deleted before its sunset' });
  const why = entry.deprecated ? (entry.sunset ? `its sunset (${entry.sunset}) has not been reached` : 'it has no `x-sunset` date') : 'it was never deprecated';
  out.diagnostics.push({
    ruleId: 'EVENT_TYPE_REMOVED',
    severity: 'error',
    file: entry.file,
    pointer: '',
    line: 0,
    column: 0,
    message: `Not dropping \`${eventType}\` from the lock: ${why}. Restore ${entry.file}, mark it \`"deprecated": true\` with an \`"x-sunset"\` date, and delete it after that date.`,
  });
}

/**
 * The current revision against the recorded ones at its level: breaks accepted by a valid approval
 * or by an acceptance already recorded in the lock, and the refusals for the rest.
 */
function judgeRevision(
  event: CurrentEvent,
  entry: LockEntry,
  approvals: ReadonlyMap<string, Approval>,
  cache: ComparisonCache,
): { refused: Diagnostic[]; accepted: Set<string> } {
  const plan = LEVEL_PLANS[event.level];
  const previous = previousRevisions(entry, undefined, undefined, event.fingerprint);
  const scope = plan.directions.length === 0 ? [] : plan.transitive ? previous : previous.slice(-1);
  const recordedAccepted = new Set(entry.revisions.flatMap((r) => r.acceptedChanges ?? []));
  const accepted = new Set<string>();
  const refused: Diagnostic[] = [];
  for (const prev of scope) {
    for (const direction of plan.directions) {
      for (const change of cache.directional(prev, event, direction, event.policy, event.eventType)) {
        if (change.compatible) continue;
        const fp = changeId(event.eventType, direction, change.type, change.path);
        if (recordedAccepted.has(fp)) continue;
        if (approvals.has(`${event.eventType}\u0000${fp}`)) {
          accepted.add(fp);
          continue;
        }
        const { detailPath, ...where } = locateChange(event, prev.schema, change.type, change.path);
        const summary = breakSummary({ type: change.type, path: change.path, ...(detailPath ? { detailPath } : {}), direction, against: [prev.label] });
        refused.push({
          ruleId: change.type,
          severity: 'error',
          file: where.file,
          pointer: where.pointer,
          line: where.line,
          column: where.column,
          message: `Not recording \`${event.eventType}\`: ${summary ? `${summary} ` : ''}Breaking change against revision ${prev.label} (${direction}, ${event.level}/${event.policy})${detailPath ? ` (detail: \`${detailPath}\`)` : ''}: ${change.message.replace(/\.?$/, '.')} To record it anyway, approve ${fp} in ${APPROVALS_FILE}.`,
        });
      }
    }
  }
  return { refused, accepted };
}
