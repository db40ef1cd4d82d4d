/**
 * The pure core of `contracts check`: given the current event types (bundled, canonical), the lock,
 * the git baseline, the approvals and the time, decide which changes break which readers. No I/O.
 * It reads as its judges: every current event, deleted event types, the lock's history, the approvals.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { normalizeDiagnostics } from '../core/diagnostic.js';
import type { Approval } from './approvals.js';
import { judgeEvent, type EventJudgeContext } from './judge-event.js';
import { judgeApprovals, judgeDeletions, judgeLockHistory } from './judge-history.js';
import type { LockFile } from '../records/index.js';
import { LOCK_FILE } from '../records/index.js';
import type { Baseline, CheckReport, CurrentEvent, EventCheck } from './model.js';
import type { ComparisonCache } from './revisions.js';
import { checkDiagnostic } from './rules.js';
import { byField } from '../core/order.js';

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

/** Decides `contracts check`. Pure: same input, same report. */
export function judgeRepository(input: JudgeInput): CheckReport {
  const { lock, baseline, now, cache } = input;
  const diagnostics: Diagnostic[] = [...(input.diagnostics ?? [])];
  if (!lock)
    diagnostics.push(
      checkDiagnostic(
        'LOCK_MISSING',
        LOCK_FILE,
        '',
        `${LOCK_FILE} does not exist, so no revision of any event type is recorded. Run \`contracts lock\` and commit ${LOCK_FILE}.`,
      ),
    );

  const currentTypes = new Set(input.current.map((e) => e.eventType));
  const context = eventJudgeContext(input, currentTypes);
  const events: EventCheck[] = [];
  const usedApprovals = new Set<Approval>();
  let verifiedByLock = 0;
  for (const event of input.current) {
    const judged = judgeEvent(event, context);
    events.push(judged.check);
    diagnostics.push(...judged.diagnostics);
    for (const a of judged.usedApprovals) usedApprovals.add(a);
    if (judged.verifiedByLock) verifiedByLock++;
  }

  const deletions = judgeDeletions({ lock, baseline, currentTypes, now, unreadable: input.unreadable });
  events.push(...deletions.events);
  diagnostics.push(...deletions.diagnostics);
  diagnostics.push(...judgeLockHistory(lock, baseline));
  diagnostics.push(...judgeApprovals({ approvals: input.approvals, approvalsText: input.approvalsText, used: usedApprovals, currentTypes, now }));

  const against =
    [lock ? LOCK_FILE : undefined, baseline ? `${baseline.ref} (${baseline.how}, ${baseline.commit.slice(0, 12)})` : undefined].filter(Boolean).join(' and ') ||
    'nothing (no lock file, no git base)';
  const report: CheckReport = {
    against,
    events: events.sort(byField('eventType')),
    diagnostics: normalizeDiagnostics(diagnostics),
    stats: { eventTypes: input.current.length, comparisons: cache.comparisons, cacheHits: cache.hits, verifiedByLock },
  };
  if (baseline) report.baseline = { ref: baseline.ref, commit: baseline.commit, how: baseline.how };
  if (input.baselineNote) report.baselineNote = input.baselineNote;
  return report;
}

/** What every event's judgement reads, computed once: approvals by change, breaks the lock accepted, known majors. */
function eventJudgeContext(input: JudgeInput, currentTypes: ReadonlySet<string>): EventJudgeContext {
  const { lock, baseline } = input;
  const approvalIndex = new Map<string, Approval[]>();
  for (const a of input.approvals) {
    const key = `${a.eventType}\u0000${a.change}`;
    approvalIndex.set(key, [...(approvalIndex.get(key) ?? []), a]);
  }
  // Breaks recorded in the lock were approved when they were recorded. With a git base, only the
  // base's lock is trusted (a pull request cannot approve its own break by editing the lock).
  const trustedLock = baseline ? baseline.lock : lock;
  const recordedBreaks = new Map<string, string>();
  for (const [eventType, entry] of Object.entries(trustedLock?.events ?? {})) {
    for (const rev of entry.revisions) for (const fp of rev.acceptedChanges ?? []) recordedBreaks.set(`${eventType}\u0000${fp}`, rev.semver);
  }
  const knownMajors = new Map<string, number[]>();
  for (const t of [...Object.keys(lock?.events ?? {}), ...(baseline?.events.keys() ?? []), ...currentTypes]) {
    const m = /^(.*)\.v(\d+)$/.exec(t);
    if (m) knownMajors.set(m[1] as string, [...(knownMajors.get(m[1] as string) ?? []), Number(m[2])]);
  }
  return {
    lock: { hasLock: lock !== undefined, entry: (eventType) => lock?.events[eventType] },
    baseline,
    now: input.now,
    cache: input.cache,
    full: input.full ?? false,
    approvalIndex,
    recordedBreaks,
    knownMajors,
  };
}
