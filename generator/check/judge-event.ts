/**
 * Judging one current event type: new or new major, else every break against the earlier revisions its
 * level asks for, each accepted by an approval or by the lock or not; then its status, semver and whether
 * the lock records it. Pure.
 */
import type { Diagnostic, Severity } from '../core/diagnostic.js';
import type { Approval } from './approvals.js';
import { APPROVALS_FILE, isExpired } from './approvals.js';
import { schemaFingerprint } from './canonical.js';
import { covers, LEVEL_PLANS } from '../core/compatibility.js';
import type { LockEntry } from '../records/index.js';
import { LOCK_FILE, latestRevision, semverOfFingerprint } from '../records/index.js';
import type { Baseline, CurrentEvent, EventCheck, EventStatus, JudgedChange } from './model.js';
import { locateInEvent } from './model.js';
import type { ComparisonCache, PreviousRevision } from './revisions.js';
import { changeId, isDocumentationOnly, previousRevisions, referenceRevision } from './revisions.js';
import { locateChange, summarize } from './explain.js';
import { checkDiagnostic, checkRule, type CheckRuleId } from './rules.js';
import type { SemverBump } from '../core/semver.js';
import { bumpSemver, initialSemver } from '../core/semver.js';

/** What every event's judgement reads; built once per run by judgeRepository. */
export interface EventJudgeContext {
  lock: LockEntryLookup;
  baseline: Baseline | undefined;
  now: Date;
  cache: ComparisonCache;
  full: boolean;
  /** Approvals by `eventType\0fingerprint`. */
  approvalIndex: ReadonlyMap<string, readonly Approval[]>;
  /** Breaks accepted when a revision was recorded in the trusted lock, by `eventType\0fingerprint` → semver. */
  recordedBreaks: ReadonlyMap<string, string>;
  /** Majors known per `<domain>.<action>` (lock, base and working tree). */
  knownMajors: ReadonlyMap<string, readonly number[]>;
}

/** The lock's entries (undefined when there is no lock file). */
export type LockEntryLookup = { readonly hasLock: boolean; entry(eventType: string): LockEntry | undefined };

export interface EventJudgement {
  check: EventCheck;
  diagnostics: Diagnostic[];
  /** Approvals that matched one of this event's breaks (used, whether valid or expired). */
  usedApprovals: Approval[];
  verifiedByLock: boolean;
}

export function judgeEvent(event: CurrentEvent, ctx: EventJudgeContext): EventJudgement {
  const { baseline } = ctx;
  const diagnostics: Diagnostic[] = [];
  const entry = trustedHistory(event.eventType, ctx.lock.entry(event.eventType), baseline, diagnostics);
  const past = baseline?.events.get(event.eventType);
  const previous = previousRevisions(entry, past, baseline, event.fingerprint);
  const reference = referenceRevision(entry, past, baseline);
  const recordedSemver = semverOfFingerprint(entry, event.fingerprint);
  const check: EventCheck = {
    eventType: event.eventType,
    file: event.file,
    status: 'unchanged',
    level: event.level,
    policy: event.policy,
    bump: 'none',
    comparedWith: [],
    changes: [],
  };
  if (reference?.semver) check.fromSemver = reference.semver;
  const judgement: EventJudgement = { check, diagnostics, usedApprovals: [], verifiedByLock: false };

  // New: not at the git base and nothing earlier in the lock (with a base), or not in the lock at all (without one).
  const isNew = baseline ? !past && previous.length === 0 : !entry;
  if (isNew) {
    judgeNew(event, ctx, check, diagnostics, recordedSemver);
    if (ctx.lock.hasLock) checkRecorded(event, entry, diagnostics, false);
    return judgement;
  }

  // Compare with earlier revisions at the configured level, except those the lock already proves.
  const plan = LEVEL_PLANS[event.level];
  const wanted = plan.directions.length === 0 ? [] : plan.transitive ? previous : previous.slice(-1);
  check.comparedWith = wanted.map((p) => p.label);
  const proven = ctx.full ? undefined : provenByLock(event, entry, baseline);
  const scope = proven ? wanted.filter((p) => !proven.has(p.fingerprint)) : wanted;
  if (proven && scope.length < wanted.length) {
    check.verifiedByLock = wanted.filter((p) => proven.has(p.fingerprint)).map((p) => p.label);
    judgement.verifiedByLock = true;
  }
  for (const change of findBreaks(event, scope, plan.directions, ctx.cache)) {
    const key = `${event.eventType}\u0000${change.fingerprint}`;
    const matching = ctx.approvalIndex.get(key) ?? [];
    judgement.usedApprovals.push(...matching);
    const valid = matching.find((a) => !isExpired(a, ctx.now));
    const recorded = ctx.recordedBreaks.get(key);
    if (valid) change.accepted = { by: 'approval', approval: valid };
    else if (recorded) change.accepted = { by: 'lock', semver: recorded };
    check.changes.push(change);
    diagnostics.push(breakDiagnostic(event, change));
  }

  // Status and semver relative to the reference revision (git base, else latest lock revision).
  const status = classify(event, reference, check.changes);
  check.status = status.status;
  check.bump = status.bump;
  check.semver = recordedSemver ?? (reference?.semver && status.bump !== 'major' ? bumpSemver(reference.semver, status.bump) : undefined);
  if (ctx.lock.hasLock)
    checkRecorded(
      event,
      entry,
      diagnostics,
      check.changes.some((c) => !c.accepted),
    );
  return judgement;
}

/** A new event type (or a new major): nothing to be compatible with. */
function judgeNew(event: CurrentEvent, ctx: EventJudgeContext, check: EventCheck, diagnostics: Diagnostic[], recordedSemver: string | undefined): void {
  const family = event.eventType.replace(/\.v\d+$/, '');
  const older = (ctx.knownMajors.get(family) ?? []).filter((v) => v < event.version).sort((a, b) => b - a);
  check.status = older.length ? 'new-major' : 'new';
  check.bump = older.length ? 'major' : 'none';
  check.semver = recordedSemver ?? initialSemver(event.version);
  const id: CheckRuleId = older.length ? 'NEW_MAJOR' : 'NEW_EVENT_TYPE';
  const message = older.length
    ? `\`${event.eventType}\` is a new major of \`${family}\` (latest earlier major: v${older[0]}); it is not compared with v${older[0]}, whose consumers are unaffected. Deprecate \`${family}.v${older[0]}\` with an \`x-sunset\` date once producers have moved.`
    : `\`${event.eventType}\` is a new event type (${check.semver}).`;
  diagnostics.push(at(event, '', id, checkRule(id).severity, message));
}

/** Every incompatible change against the revisions in scope, one per change id, naming every revision it breaks. */
function findBreaks(
  event: CurrentEvent,
  scope: readonly PreviousRevision[],
  directions: (typeof LEVEL_PLANS)[keyof typeof LEVEL_PLANS]['directions'],
  cache: ComparisonCache,
): JudgedChange[] {
  const breaks = new Map<string, JudgedChange>();
  for (const prev of scope) {
    for (const direction of directions) {
      for (const change of cache.directional(prev, event, direction, event.policy, event.eventType)) {
        if (change.compatible) continue;
        const fingerprint = changeId(event.eventType, direction, change.type, change.path);
        const seen = breaks.get(fingerprint);
        if (seen) {
          if (!seen.against.includes(prev.label)) seen.against.push(prev.label);
          continue;
        }
        const { detailPath, ...where } = locateChange(event, prev.schema, change.type, change.path);
        breaks.set(fingerprint, {
          eventType: event.eventType,
          type: change.type,
          path: change.path,
          ...(detailPath ? { detailPath } : {}),
          direction,
          severity: 'breaking',
          message: change.message,
          fingerprint,
          against: [prev.label],
          ...where,
        });
      }
    }
  }
  return [...breaks.values()].map(summarize);
}

/**
 * Earlier revisions (by fingerprint) that the lock proves the current revision compatible with:
 * the current revision is the latest recorded one and `contracts lock` verified it against every
 * revision before it at a level and policy that cover the configured ones. With a git base, only a
 * record already present in the base's lock counts (a change cannot vouch for itself); without one,
 * the working tree's lock is trusted (run with `full` to recompare).
 */
function provenByLock(event: CurrentEvent, entry: LockEntry | undefined, baseline: Baseline | undefined): Set<string> | undefined {
  if (!entry) return undefined;
  const index = entry.revisions.length - 1;
  const latest = entry.revisions[index];
  if (!latest || latest.fingerprint !== event.fingerprint) return undefined;
  const record = baseline ? baseline.lock?.events[event.eventType]?.revisions[index] : latest;
  if (!record || record.fingerprint !== latest.fingerprint || !record.checked) return undefined;
  if (!covers(record.checked, { level: event.level, policy: event.policy })) return undefined;
  return new Set(entry.revisions.slice(0, index).map((r) => r.fingerprint));
}

/**
 * The revisions of an event type to judge with. With a git base, revisions already in the base's lock
 * are taken from there (a change cannot edit history to make itself pass; a rewritten fingerprint is
 * LOCK_HISTORY_REWRITTEN), and revisions added since must match their fingerprints (LOCK_CORRUPT).
 * Without a base, the working tree's lock is taken as it is.
 */
function trustedHistory(eventType: string, entry: LockEntry | undefined, baseline: Baseline | undefined, diagnostics: Diagnostic[]): LockEntry | undefined {
  const base = baseline?.lock?.events[eventType];
  if (!entry || !baseline) return entry;
  const from = base ? base.revisions.length : 0;
  entry.revisions.slice(from).forEach((rev, i) => {
    if (schemaFingerprint(rev.schema) !== rev.fingerprint) {
      diagnostics.push(
        checkDiagnostic(
          'LOCK_CORRUPT',
          LOCK_FILE,
          `/events/${eventType}/revisions/${from + i}`,
          `${LOCK_FILE} records revision ${rev.semver} of \`${eventType}\` with a schema whose fingerprint is not ${rev.fingerprint}; the lock was edited by hand. Restore it from ${baseline.ref} and run \`contracts lock\`.`,
        ),
      );
    }
  });
  if (!base) return entry;
  return { ...entry, revisions: [...base.revisions, ...entry.revisions.slice(from)] };
}

/** Status and implied bump of the current revision relative to its reference revision. */
function classify(event: CurrentEvent, reference: PreviousRevision | undefined, breaks: readonly JudgedChange[]): { status: EventStatus; bump: SemverBump } {
  if (breaks.length) return breaks.every((c) => c.accepted) ? { status: 'accepted', bump: 'minor' } : { status: 'breaking', bump: 'major' };
  if (!reference || reference.fingerprint === event.fingerprint) return { status: 'unchanged', bump: 'none' };
  if (isDocumentationOnly(reference.schema, event.schema)) return { status: 'documentation', bump: 'patch' };
  return { status: 'compatible', bump: 'minor' };
}

function breakDiagnostic(event: CurrentEvent, change: JudgedChange): Diagnostic {
  const against = `${change.against.length === 1 ? 'revision' : 'revisions'} ${change.against.join(', ')}`;
  const where = change.detailPath ? ` (detail: \`${change.detailPath}\`)` : '';
  const head = `${change.summary ? `${change.summary} ` : ''}Breaking change in \`${event.eventType}\` against ${against} (${change.direction}, ${event.level}/${event.policy})${where}: ${change.message.replace(/\.?$/, '.')}`;
  if (change.accepted) {
    const how =
      change.accepted.by === 'approval'
        ? `accepted by ${APPROVALS_FILE} (${change.fingerprint}: "${change.accepted.approval.reason}"${change.accepted.approval.approvedBy ? `, approved by ${change.accepted.approval.approvedBy}` : ''}, expires ${change.accepted.approval.expires})`
        : `accepted when revision ${change.accepted.semver} was recorded in ${LOCK_FILE} (${change.fingerprint})`;
    return at(event, change.pointer, change.type, 'info', `${head} It was ${how}.`, change);
  }
  return at(
    event,
    change.pointer,
    change.type,
    'error',
    `${head} To accept this break on purpose, add {"eventType": "${event.eventType}", "change": "${change.fingerprint}", "reason": "…", "expires": "YYYY-MM-DD"} to ${APPROVALS_FILE}.`,
    change,
  );
}

/** The current revision must be the latest one recorded in the lock (content and deprecation). */
function checkRecorded(event: CurrentEvent, entry: LockEntry | undefined, diagnostics: Diagnostic[], blocked: boolean): void {
  const last = entry ? latestRevision(entry) : undefined;
  let what: string | undefined;
  let next = initialSemver(event.version);
  if (!entry || !last) what = `is not recorded in ${LOCK_FILE}`;
  else if (last.fingerprint !== event.fingerprint) {
    what = `changed since ${LOCK_FILE} recorded ${last.semver}`;
    next = bumpSemver(last.semver, isDocumentationOnly(last.schema, event.schema) ? 'patch' : 'minor');
  } else if (entry.deprecated !== event.deprecated || (entry.sunset ?? '') !== (event.sunset ?? '')) {
    what = `changed its deprecation (deprecated / x-sunset) since ${LOCK_FILE} recorded ${last.semver}`;
    next = last.semver;
  }
  if (!what) return;
  const message = `\`${event.eventType}\` ${what}. Run \`contracts lock\` to record it as ${next}${blocked ? ' (after the breaking changes are fixed or approved)' : ''}, and commit ${LOCK_FILE}.`;
  diagnostics.push(checkDiagnostic('LOCK_OUTDATED', event.file, '', message, event.source ? 1 : 0));
}

/** A diagnostic located in the event (or in the shared file a change lies in, with the event as related). */
function at(event: CurrentEvent, pointer: string, ruleId: string, severity: Severity, message: string, change?: JudgedChange): Diagnostic {
  const loc = change ? { file: change.file, line: change.line, column: change.column } : locateInEvent(event, pointer);
  const d: Diagnostic = { ruleId, severity, message, file: loc.file, pointer, line: loc.line, column: loc.column };
  if (loc.file !== event.file)
    d.related = [
      {
        message: `the event type \`${event.eventType}\` that inlines it`,
        file: event.file,
        pointer: '',
        line: event.source ? 1 : 0,
        column: event.source ? 1 : 0,
      },
    ];
  return d;
}
