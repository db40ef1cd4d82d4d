/**
 * The pure core of `contracts check`: given the current event types (bundled, canonical), the lock,
 * the git baseline, the approvals and the time, decide which changes break which readers. No I/O.
 */
import type { CompatibilityPolicy } from '../core/compatibility.js';
import type { Diagnostic, Severity } from '../core/diagnostic.js';
import { normalizeDiagnostics } from '../core/diagnostic.js';
import type { JsonObject } from '../core/json.js';
import type { Approval } from './approvals.js';
import { APPROVALS_FILE, isExpired, sunsetReached } from './approvals.js';
import { changeFingerprint } from '../compat/index.js';
import { canonicalText, documentationChanges, schemaFingerprint, stripDocumentation } from './canonical.js';
import type { Direction } from './levels.js';
import { covers, LEVEL_PLANS } from './levels.js';
import type { LockEntry, LockFile } from './lock.js';
import { LOCK_FILE, latestRevision, semverOfFingerprint } from './lock.js';
import type { Baseline, CheckReport, CompareFn, CompatChange, CurrentEvent, EventCheck, EventStatus, JudgedChange, PastEvent } from './model.js';
import { locateInEvent } from './model.js';
import type { SemverBump } from './semver.js';
import { bumpSemver, initialSemver } from './semver.js';

/** An earlier revision an event type is compared with. */
export interface PreviousRevision {
  fingerprint: string;
  schema: JsonObject;
  /** `1.2.0` for lock revisions, `origin/main` for the git base. */
  label: string;
  semver?: string;
}

/**
 * Memoised comparisons: one engine run per (event type, direction, policy, previous fingerprint, next
 * fingerprint), shared by check, diff and lock in one process; identical fingerprints are never compared.
 * Transitive levels then cost one comparison per distinct earlier revision and direction, and only
 * the current revision is compared: the lock's history was checked when each revision was recorded.
 */
export class ComparisonCache {
  private readonly cache = new Map<string, readonly CompatChange[]>();
  comparisons = 0;
  hits = 0;
  constructor(private readonly compare: CompareFn) {}

  /** Changes of `next` relative to `previous` in one direction (see levels.ts). */
  directional(previous: Revision, next: Revision, direction: Direction, policy: CompatibilityPolicy, eventType: string): readonly CompatChange[] {
    if (previous.fingerprint === next.fingerprint) return [];
    const key = `${direction}\u0000${policy}\u0000${eventType}\u0000${previous.fingerprint}\u0000${next.fingerprint}`;
    const hit = this.cache.get(key);
    if (hit) {
      this.hits++;
      return hit;
    }
    this.comparisons++;
    const changes = this.compare(previous.schema, next.schema, direction, policy, eventType);
    this.cache.set(key, changes);
    return changes;
  }
}

interface Revision {
  fingerprint: string;
  schema: JsonObject;
}

/**
 * Stable id of a change, named by approvals: the compat engine's `changeFingerprint` (12 hex digits of
 * sha256 over event type, change type, path and direction). It does not depend on the schema text, so
 * it stays the same while later revisions add unrelated changes, and one approval covers the break
 * against every earlier revision.
 */
export function changeId(eventType: string, direction: Direction | 'documentation', type: string, path: string): string {
  return direction === 'documentation' ? changeFingerprint(eventType, { type: `DOC:${type}`, path }) : changeFingerprint(eventType, { type, path, direction });
}

export function pathToPointer(path: string): string {
  return path.startsWith('#') ? path.slice(1) : path;
}

/** Earlier revisions of an event type, oldest first, distinct, excluding the current fingerprint. */
export function previousRevisions(entry: LockEntry | undefined, past: PastEvent | undefined, baseline: Baseline | undefined, currentFingerprint: string): PreviousRevision[] {
  const byFingerprint = new Map<string, PreviousRevision>();
  for (const rev of entry?.revisions ?? []) {
    byFingerprint.delete(rev.fingerprint); // keep the latest occurrence's position and label
    byFingerprint.set(rev.fingerprint, { fingerprint: rev.fingerprint, schema: rev.schema, label: rev.semver, semver: rev.semver });
  }
  if (past && baseline && !byFingerprint.has(past.fingerprint)) {
    byFingerprint.set(past.fingerprint, { fingerprint: past.fingerprint, schema: past.schema, label: baseline.ref });
  }
  byFingerprint.delete(currentFingerprint);
  return [...byFingerprint.values()];
}

/** The revision a change is reported relative to: the git base when there is one, else the latest lock revision. */
function referenceRevision(entry: LockEntry | undefined, past: PastEvent | undefined, baseline: Baseline | undefined): PreviousRevision | undefined {
  if (past && baseline) return { fingerprint: past.fingerprint, schema: past.schema, label: baseline.ref, semver: semverOfFingerprint(entry, past.fingerprint) };
  if (entry) {
    const last = latestRevision(entry);
    return { fingerprint: last.fingerprint, schema: last.schema, label: last.semver, semver: last.semver };
  }
  return undefined;
}

export function isDocumentationOnly(previous: JsonObject, next: JsonObject): boolean {
  return canonicalText(stripDocumentation(previous)) === canonicalText(stripDocumentation(next));
}

export interface JudgeInput {
  current: readonly CurrentEvent[];
  /** Undefined when contracts.lock.json does not exist. */
  lock: LockFile | undefined;
  baseline?: Baseline;
  baselineNote?: string;
  approvals: readonly Approval[];
  /** Text of contracts.approvals.json, to point diagnostics at the right line. */
  approvalsText?: string;
  now: Date;
  cache: ComparisonCache;
  /** Problems found before judging (loader errors); passed through. */
  diagnostics?: readonly Diagnostic[];
  /** Compare with every earlier revision even when the lock records that the current one was verified. @default false */
  full?: boolean;
  /** Files that exist but could not be loaded: their event types are not judged as deleted. */
  unreadable?: ReadonlySet<string>;
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

/** Decides `contracts check`. Pure: same input, same report. */
export function judgeRepository(input: JudgeInput): CheckReport {
  const { lock, baseline, now, cache } = input;
  let verifiedByLock = 0;
  const diagnostics: Diagnostic[] = [...(input.diagnostics ?? [])];
  const events: EventCheck[] = [];
  const usedApprovals = new Set<Approval>();
  const approvalIndex = new Map<string, Approval[]>();
  for (const a of input.approvals) approvalIndex.set(`${a.eventType}\u0000${a.change}`, [...(approvalIndex.get(`${a.eventType}\u0000${a.change}`) ?? []), a]);
  // Breaks recorded in the lock were approved when they were recorded. With a git base, only the
  // base's lock is trusted (a pull request cannot approve its own break by editing the lock).
  const trustedLock = baseline ? baseline.lock : lock;
  const recordedBreaks = new Map<string, string>();
  for (const [eventType, entry] of Object.entries(trustedLock?.events ?? {})) {
    for (const rev of entry.revisions) for (const fp of rev.acceptedChanges ?? []) recordedBreaks.set(`${eventType}\u0000${fp}`, rev.semver);
  }

  if (!lock) {
    diagnostics.push(diag('LOCK_MISSING', 'error', LOCK_FILE, '', `${LOCK_FILE} does not exist, so no revision of any event type is recorded. Run \`contracts lock\` and commit ${LOCK_FILE}.`));
  }

  const currentTypes = new Set(input.current.map((e) => e.eventType));
  const knownMajors = new Map<string, number[]>();
  const noteMajor = (eventType: string) => {
    const m = /^(.*)\.v(\d+)$/.exec(eventType);
    if (m) knownMajors.set(m[1] as string, [...(knownMajors.get(m[1] as string) ?? []), Number(m[2])]);
  };
  for (const t of Object.keys(lock?.events ?? {})) noteMajor(t);
  for (const t of baseline?.events.keys() ?? []) noteMajor(t);
  for (const t of currentTypes) noteMajor(t);

  for (const event of input.current) {
    const entry = trustedHistory(event.eventType, lock?.events[event.eventType], baseline, diagnostics);
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

    // New: not at the git base and nothing earlier in the lock (with a base), or not in the lock at all (without one).
    const isNew = baseline ? !past && previous.length === 0 : !entry;
    if (isNew) {
      // A new event type: nothing to be compatible with.
      const family = event.eventType.replace(/\.v\d+$/, '');
      const older = (knownMajors.get(family) ?? []).filter((v) => v < event.version).sort((a, b) => b - a);
      check.status = older.length ? 'new-major' : 'new';
      check.bump = older.length ? 'major' : 'none';
      check.semver = recordedSemver ?? initialSemver(event.version);
      diagnostics.push(
        at(
          event,
          '',
          older.length ? 'NEW_MAJOR' : 'NEW_EVENT_TYPE',
          'info',
          older.length
            ? `\`${event.eventType}\` is a new major of \`${family}\` (latest earlier major: v${older[0]}); it is not compared with v${older[0]}, whose consumers are unaffected. Deprecate \`${family}.v${older[0]}\` with an \`x-sunset\` date once producers have moved.`
            : `\`${event.eventType}\` is a new event type (${check.semver}).`,
        ),
      );
      if (lock) checkRecorded(event, entry, diagnostics, false);
      events.push(check);
      continue;
    }

    // Compare with earlier revisions at the configured level, except those the lock already proves.
    const plan = LEVEL_PLANS[event.level];
    const wanted = plan.directions.length === 0 ? [] : plan.transitive ? previous : previous.slice(-1);
    check.comparedWith = wanted.map((p) => p.label);
    const proven = input.full ? undefined : provenByLock(event, entry, baseline);
    const scope = proven ? wanted.filter((p) => !proven.has(p.fingerprint)) : wanted;
    if (proven && scope.length < wanted.length) {
      check.verifiedByLock = wanted.filter((p) => proven.has(p.fingerprint)).map((p) => p.label);
      verifiedByLock++;
    }
    const breaks = new Map<string, JudgedChange>();
    for (const prev of scope) {
      for (const direction of plan.directions) {
        for (const change of cache.directional(prev, event, direction, event.policy, event.eventType)) {
          if (change.compatible) continue;
          const fingerprint = changeId(event.eventType, direction, change.type, change.path);
          const seen = breaks.get(fingerprint);
          if (seen) {
            if (!seen.against.includes(prev.label)) seen.against.push(prev.label);
            continue;
          }
          const pointer = pathToPointer(change.path);
          const loc = locateInEvent(event, pointer);
          breaks.set(fingerprint, {
            eventType: event.eventType,
            type: change.type,
            path: change.path,
            direction,
            severity: 'breaking',
            message: change.message,
            fingerprint,
            against: [prev.label],
            file: loc.file,
            pointer,
            line: loc.line,
            column: loc.column,
          });
        }
      }
    }

    for (const change of breaks.values()) {
      const key = `${event.eventType}\u0000${change.fingerprint}`;
      const matching = approvalIndex.get(key) ?? [];
      for (const a of matching) usedApprovals.add(a);
      const valid = matching.find((a) => !isExpired(a, now));
      const recorded = recordedBreaks.get(key);
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
    if (lock) checkRecorded(event, entry, diagnostics, check.changes.some((c) => !c.accepted));
    events.push(check);
  }

  // Deleted event types.
  const deleted = new Set<string>([...Object.keys(lock?.events ?? {}), ...(baseline?.events.keys() ?? [])].filter((t) => !currentTypes.has(t)));
  for (const eventType of [...deleted].sort()) {
    const entry = lock?.events[eventType];
    const past = baseline?.events.get(eventType);
    // Present but unreadable (malformed JSON, …): the loader's error already fails the check.
    if (input.unreadable?.has(past?.file ?? entry?.file ?? '')) continue;
    // The base decides: deprecation must already be merged before deletion.
    const deprecated = past ? past.deprecated : (entry?.deprecated ?? false);
    const sunset = past ? past.sunset : entry?.sunset;
    const file = past?.file ?? entry?.file ?? '';
    const semver = entry ? latestRevision(entry).semver : undefined;
    const allowed = deprecated && sunsetReached(sunset, now);
    const check: EventCheck = { eventType, file, status: allowed ? 'retired' : 'removed', bump: allowed ? 'none' : 'major', comparedWith: [], changes: [] };
    if (semver) check.fromSemver = semver;
    events.push(check);
    const where = past ? `at ${baseline?.ref}` : `in ${LOCK_FILE}`;
    if (allowed) {
      diagnostics.push(diag('EVENT_TYPE_RETIRED', 'info', file, '', `\`${eventType}\` was deleted after its sunset (${sunset}); it was deprecated ${where}.`));
      if (entry) diagnostics.push(diag('LOCK_OUTDATED', 'error', LOCK_FILE, '', `\`${eventType}\` was deleted but ${LOCK_FILE} still records it. Run \`contracts lock\` to drop it.`));
    } else {
      const why = !deprecated
        ? `it was not deprecated ${where}`
        : !sunset
          ? `it is deprecated ${where} but has no \`x-sunset\` date`
          : `its sunset (${sunset}) has not been reached`;
      diagnostics.push(
        diag(
          'EVENT_TYPE_REMOVED',
          'error',
          file,
          '',
          `\`${eventType}\` was deleted, but ${why}; consumers may still subscribe to it and producers may still emit it. Restore ${file || 'its schema'}, mark it \`"deprecated": true\` with an \`"x-sunset"\` date, merge that, and delete it once the date has passed.`,
        ),
      );
    }
  }

  // The lock only grows: every revision recorded at the base must still be there, in order.
  if (baseline?.lock && lock) {
    for (const [eventType, baseEntry] of Object.entries(baseline.lock.events)) {
      const entry = lock.events[eventType];
      if (!entry) continue; // deletion is judged above
      const rewritten = baseEntry.revisions.findIndex((rev, i) => entry.revisions[i]?.fingerprint !== rev.fingerprint);
      if (rewritten >= 0) {
        diagnostics.push(
          diag(
            'LOCK_HISTORY_REWRITTEN',
            'error',
            LOCK_FILE,
            `/events/${eventType}/revisions/${rewritten}`,
            `${LOCK_FILE} no longer records revision ${baseEntry.revisions[rewritten]?.semver} of \`${eventType}\` as it was at ${baseline.ref}; published revisions can only be appended. Restore the entry from ${baseline.ref} (\`git checkout ${baseline.ref} -- ${LOCK_FILE}\`) and run \`contracts lock\`.`,
          ),
        );
      }
    }
  }

  // Approvals.
  input.approvals.forEach((approval, i) => {
    const line = approvalLine(input.approvalsText, approval.change);
    if (isExpired(approval, now)) {
      diagnostics.push(
        diag(
          'APPROVAL_EXPIRED',
          'error',
          APPROVALS_FILE,
          `/approvals/${i}`,
          `The approval of ${approval.change} for \`${approval.eventType}\` expired on ${approval.expires}${usedApprovals.has(approval) ? ' and no longer accepts that breaking change' : ''}. Remove it${usedApprovals.has(approval) ? ', or renew `expires` after re-deciding' : ' (the change is already recorded in the lock or gone)'}.`,
          line,
        ),
      );
    } else if (!usedApprovals.has(approval)) {
      diagnostics.push(
        diag(
          'APPROVAL_UNUSED',
          'warning',
          APPROVALS_FILE,
          `/approvals/${i}`,
          `The approval of ${approval.change} for \`${approval.eventType}\` matches no breaking change found now${currentTypes.has(approval.eventType) ? '' : ` (\`${approval.eventType}\` does not exist)`}. Remove it; approvals name one exact change fingerprint as printed by \`contracts check\`.`,
          line,
        ),
      );
    }
  });

  const against = [lock ? LOCK_FILE : undefined, baseline ? `${baseline.ref} (${baseline.how}, ${baseline.commit.slice(0, 12)})` : undefined].filter(Boolean).join(' and ') || 'nothing (no lock file, no git base)';
  const report: CheckReport = {
    against,
    events: events.sort((a, b) => (a.eventType < b.eventType ? -1 : a.eventType > b.eventType ? 1 : 0)),
    diagnostics: normalizeDiagnostics(diagnostics),
    stats: { eventTypes: input.current.length, comparisons: cache.comparisons, cacheHits: cache.hits, verifiedByLock },
  };
  if (baseline) report.baseline = { ref: baseline.ref, commit: baseline.commit, how: baseline.how };
  if (input.baselineNote) report.baselineNote = input.baselineNote;
  return report;
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
        diag(
          'LOCK_CORRUPT',
          'error',
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
  const head = `Breaking change in \`${event.eventType}\` against ${against} (${change.direction}, ${event.level}/${event.policy}): ${change.message.replace(/\.?$/, '.')}`;
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
  diagnostics.push(
    diag(
      'LOCK_OUTDATED',
      'error',
      event.file,
      '',
      `\`${event.eventType}\` ${what}. Run \`contracts lock\` to record it as ${next}${blocked ? ' (after the breaking changes are fixed or approved)' : ''}, and commit ${LOCK_FILE}.`,
      event.source ? 1 : 0,
    ),
  );
}

function at(event: CurrentEvent, pointer: string, ruleId: string, severity: Severity, message: string, change?: JudgedChange): Diagnostic {
  const loc = change ? { file: change.file, line: change.line, column: change.column } : locateInEvent(event, pointer);
  const d: Diagnostic = { ruleId, severity, message, file: loc.file, pointer, line: loc.line, column: loc.column };
  if (loc.file !== event.file) d.related = [{ message: `the event type \`${event.eventType}\` that inlines it`, file: event.file, pointer: '', line: event.source ? 1 : 0, column: event.source ? 1 : 0 }];
  return d;
}

function diag(ruleId: string, severity: Severity, file: string, pointer: string, message: string, line = 0, column = line ? 1 : 0): Diagnostic {
  return { ruleId, severity, message, file, pointer, line, column };
}

function approvalLine(text: string | undefined, change: string): number {
  if (!text) return 0;
  const index = text.indexOf(`"${change}"`);
  return index < 0 ? 0 : text.slice(0, index).split('\n').length;
}

/** Documentation-only differences (title, description, examples, $comment, x-owner, deprecated, x-sunset), for the review report. */
export function documentationDifferences(eventType: string, previous: JsonObject, next: JsonObject): { type: string; path: string; fingerprint: string }[] {
  return documentationChanges(previous, next).map((d) => {
    const type = `${d.keyword.replace(/^\$|^x-/, '').toUpperCase()}_CHANGED`;
    return { type, path: d.path, fingerprint: changeId(eventType, 'documentation', type, d.path) };
  });
}
