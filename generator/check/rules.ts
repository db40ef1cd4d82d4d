/**
 * The check stage's own rule ids, as data: one row per id with its default severity and purpose.
 * Breaking changes are reported under Confluent's change types (the compat table); these rows are
 * everything else `contracts check` says. The table feeds the SARIF rule list and the docs test.
 */
import type { Diagnostic, Severity } from '../core/diagnostic.js';

export interface CheckRule {
  readonly id: string;
  readonly severity: Severity;
  readonly purpose: string;
}

export const CHECK_RULES = [
  { id: 'APPROVAL_EXPIRED', severity: 'error', purpose: 'An approval is past its `expires` date, whether or not it still matches a change.' },
  { id: 'APPROVAL_UNUSED', severity: 'warning', purpose: 'An approval matches no breaking change found in this run.' },
  { id: 'CHECK_BUNDLE_FAILED', severity: 'error', purpose: 'An event type could not be bundled into one self-contained schema, so it was not checked.' },
  { id: 'EVENT_TYPE_REMOVED', severity: 'error', purpose: 'An event type was deleted before it was deprecated with an `x-sunset` date that has been reached.' },
  { id: 'EVENT_TYPE_RETIRED', severity: 'info', purpose: 'An event type was deleted after its sunset.' },
  { id: 'LOCK_CORRUPT', severity: 'error', purpose: 'A revision added to the lock since the base does not match its fingerprint (hand-edited lock).' },
  { id: 'LOCK_HISTORY_REWRITTEN', severity: 'error', purpose: 'A revision recorded in the base lock is gone or changed; the lock is append-only.' },
  { id: 'LOCK_MISSING', severity: 'error', purpose: 'contracts.lock.json does not exist.' },
  { id: 'LOCK_OUTDATED', severity: 'error', purpose: 'The current content or deprecation of an event type is not the latest revision recorded in the lock.' },
  { id: 'NEW_EVENT_TYPE', severity: 'info', purpose: 'A new event type.' },
  { id: 'NEW_MAJOR', severity: 'info', purpose: 'A new major `v<N+1>` of an event type; it is not compared with `v<N>`.' },
] as const satisfies readonly CheckRule[];

export type CheckRuleId = (typeof CHECK_RULES)[number]['id'];

const BY_ID = new Map<string, CheckRule>(CHECK_RULES.map((r) => [r.id, r]));

/** The row of a check rule id (the table is the only place ids are spelled out). */
export function checkRule(id: CheckRuleId): CheckRule {
  return BY_ID.get(id) as CheckRule;
}

/** A diagnostic of a check rule, at the rule's severity; line 0 means "the file, no position". */
export function checkDiagnostic(id: CheckRuleId, file: string, pointer: string, message: string, line = 0, column = line ? 1 : 0): Diagnostic {
  return { ruleId: id, severity: checkRule(id).severity, message, file, pointer, line, column };
}
