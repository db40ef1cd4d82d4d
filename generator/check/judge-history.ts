/**
 * The repository-wide judges of `contracts check`: deleted event types, the lock's append-only history,
 * and the approvals file. Each is pure and returns diagnostics (and, for deletions, the event checks).
 */
import type { Diagnostic } from '../core/diagnostic.js';
import type { Approval } from './approvals.js';
import { APPROVALS_FILE, isExpired, sunsetReached } from './approvals.js';
import type { LockFile } from '../records/index.js';
import { LOCK_FILE, latestRevision } from '../records/index.js';
import type { Baseline, EventCheck } from './model.js';
import { checkDiagnostic } from './rules.js';

export interface DeletionInput {
  lock: LockFile | undefined;
  baseline: Baseline | undefined;
  currentTypes: ReadonlySet<string>;
  now: Date;
  /** Files that exist but could not be loaded: their event types are not judged as deleted. */
  unreadable: ReadonlySet<string> | undefined;
}

/** Event types in the lock or at the base that no longer exist: retired after their sunset, or removed too early. */
export function judgeDeletions(input: DeletionInput): { events: EventCheck[]; diagnostics: Diagnostic[] } {
  const { lock, baseline, now } = input;
  const events: EventCheck[] = [];
  const diagnostics: Diagnostic[] = [];
  const deleted = new Set<string>([...Object.keys(lock?.events ?? {}), ...(baseline?.events.keys() ?? [])].filter((t) => !input.currentTypes.has(t)));
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
      diagnostics.push(
        checkDiagnostic('EVENT_TYPE_RETIRED', file, '', `\`${eventType}\` was deleted after its sunset (${sunset}); it was deprecated ${where}.`),
      );
      if (entry)
        diagnostics.push(
          checkDiagnostic('LOCK_OUTDATED', LOCK_FILE, '', `\`${eventType}\` was deleted but ${LOCK_FILE} still records it. Run \`contracts lock\` to drop it.`),
        );
      continue;
    }
    const why = !deprecated
      ? `it was not deprecated ${where}`
      : !sunset
        ? `it is deprecated ${where} but has no \`x-sunset\` date`
        : `its sunset (${sunset}) has not been reached`;
    diagnostics.push(
      checkDiagnostic(
        'EVENT_TYPE_REMOVED',
        file,
        '',
        `\`${eventType}\` was deleted, but ${why}; consumers may still subscribe to it and producers may still emit it. Restore ${file || 'its schema'}, mark it \`"deprecated": true\` with an \`"x-sunset"\` date, merge that, and delete it once the date has passed.`,
      ),
    );
  }
  return { events, diagnostics };
}

/** The lock only grows: every revision recorded at the base must still be there, in order. */
export function judgeLockHistory(lock: LockFile | undefined, baseline: Baseline | undefined): Diagnostic[] {
  if (!baseline?.lock || !lock) return [];
  const diagnostics: Diagnostic[] = [];
  for (const [eventType, baseEntry] of Object.entries(baseline.lock.events)) {
    const entry = lock.events[eventType];
    if (!entry) continue; // deletion is judged by judgeDeletions
    const rewritten = baseEntry.revisions.findIndex((rev, i) => entry.revisions[i]?.fingerprint !== rev.fingerprint);
    if (rewritten < 0) continue;
    diagnostics.push(
      checkDiagnostic(
        'LOCK_HISTORY_REWRITTEN',
        LOCK_FILE,
        `/events/${eventType}/revisions/${rewritten}`,
        `${LOCK_FILE} no longer records revision ${baseEntry.revisions[rewritten]?.semver} of \`${eventType}\` as it was at ${baseline.ref}; published revisions can only be appended. Restore the entry from ${baseline.ref} (\`git checkout ${baseline.ref} -- ${LOCK_FILE}\`) and run \`contracts lock\`.`,
      ),
    );
  }
  return diagnostics;
}

export interface ApprovalsInput {
  approvals: readonly Approval[];
  /** Text of contracts.approvals.json, to point diagnostics at the right line. */
  approvalsText: string | undefined;
  /** Approvals that matched a break found in this run. */
  used: ReadonlySet<Approval>;
  currentTypes: ReadonlySet<string>;
  now: Date;
}

/** Expired approvals are errors; approvals that matched nothing are warnings. */
export function judgeApprovals(input: ApprovalsInput): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  input.approvals.forEach((approval, i) => {
    const line = approvalLine(input.approvalsText, approval.change);
    const used = input.used.has(approval);
    if (isExpired(approval, input.now)) {
      const message = `The approval of ${approval.change} for \`${approval.eventType}\` expired on ${approval.expires}${used ? ' and no longer accepts that breaking change' : ''}. Remove it${used ? ', or renew `expires` after re-deciding' : ' (the change is already recorded in the lock or gone)'}.`;
      diagnostics.push(checkDiagnostic('APPROVAL_EXPIRED', APPROVALS_FILE, `/approvals/${i}`, message, line));
    } else if (!used) {
      const message = `The approval of ${approval.change} for \`${approval.eventType}\` matches no breaking change found now${input.currentTypes.has(approval.eventType) ? '' : ` (\`${approval.eventType}\` does not exist)`}. Remove it; approvals name one exact change fingerprint as printed by \`contracts check\`.`;
      diagnostics.push(checkDiagnostic('APPROVAL_UNUSED', APPROVALS_FILE, `/approvals/${i}`, message, line));
    }
  });
  return diagnostics;
}

function approvalLine(text: string | undefined, change: string): number {
  if (!text) return 0;
  const index = text.indexOf(`"${change}"`);
  return index < 0 ? 0 : text.slice(0, index).split('\n').length;
}
