import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { isJsonObject, parseJsonFile } from '../core/json.js';

/** Repository-relative name of the approvals file. */
export const APPROVALS_FILE = 'contracts.approvals.json';

/**
 * One intentional breaking change, accepted in code review. It accepts exactly the change whose
 * fingerprint it names (printed by `contracts check` next to the break), in that event type, until it expires.
 */
export interface Approval {
  /** `<domain>.<action>.v<N>` */
  eventType: string;
  /** Change fingerprint (12 hex digits), as printed by `contracts check` / `contracts diff`. */
  change: string;
  /** Why breaking readers is acceptable (who was told, how consumers migrate). */
  reason: string;
  /** ISO date (`2026-12-31`, valid through that day UTC) or date-time after which the approval no longer counts. */
  expires: string;
  approvedBy?: string;
}

/** `contracts.approvals.json`: `{ "approvals": [Approval, …] }`. */
export interface ApprovalsFile {
  approvals: Approval[];
}

/** Reads `<root>/contracts.approvals.json`; an absent file means no approvals. Malformed → InputError. */
export async function readApprovals(root: string): Promise<Approval[]> {
  let text: string;
  try {
    text = await readFile(join(root, APPROVALS_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return parseApprovals(text, APPROVALS_FILE);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function parseApprovals(text: string, file: string = APPROVALS_FILE): Approval[] {
  const json = parseJsonFile(text, file, 'Fix the JSON syntax; the format is {"approvals": [{eventType, change, reason, expires, approvedBy?}]}.');
  const hint = 'Each approval is {"eventType": "order.placed.v1", "change": "3f9a0c1d2e4b", "reason": "…", "expires": "2026-12-31", "approvedBy": "…"}.';
  if (!isJsonObject(json) || !Array.isArray(json.approvals)) throw new InputError(`${file} must be an object with an "approvals" array.`, file, hint);
  return json.approvals.map((entry, i) => {
    const at = `${file}: approvals[${i}]`;
    if (!isJsonObject(entry)) throw new InputError(`${at} must be an object.`, file, hint);
    for (const key of ['eventType', 'change', 'reason', 'expires'] as const) {
      if (typeof entry[key] !== 'string' || (entry[key] as string).trim() === '') throw new InputError(`${at}.${key} must be a non-empty string.`, file, hint);
    }
    if (!/^[0-9a-f]{12}$/.test(entry.change as string))
      throw new InputError(
        `${at}.change must be a change fingerprint (12 hex digits, e.g. "3f9a0c1d2e4b"), found ${JSON.stringify(entry.change)}.`,
        file,
        'Copy the fingerprint printed next to the breaking change by `contracts check`.',
      );
    const expires = entry.expires as string;
    if (!(DATE.test(expires) || DATE_TIME.test(expires)) || Number.isNaN(expiryTime(expires)))
      throw new InputError(`${at}.expires must be an ISO date (2026-12-31) or date-time, found ${JSON.stringify(expires)}.`, file, hint);
    if (entry.approvedBy !== undefined && typeof entry.approvedBy !== 'string') throw new InputError(`${at}.approvedBy must be a string.`, file, hint);
    const known = new Set(['eventType', 'change', 'reason', 'expires', 'approvedBy']);
    const unknown = Object.keys(entry).filter((k) => !known.has(k));
    if (unknown.length) throw new InputError(`${at} has unknown field(s) ${unknown.map((k) => `"${k}"`).join(', ')}.`, file, hint);
    const approval: Approval = { eventType: entry.eventType as string, change: entry.change as string, reason: entry.reason as string, expires };
    if (entry.approvedBy !== undefined) approval.approvedBy = entry.approvedBy as string;
    return approval;
  });
}

/** Epoch ms after which an approval no longer counts (end of the day UTC for a bare date). */
export function expiryTime(expires: string): number {
  if (DATE.test(expires)) return Date.parse(`${expires}T23:59:59.999Z`);
  return Date.parse(expires);
}

export function isExpired(approval: Approval, now: Date): boolean {
  return now.getTime() > expiryTime(approval.expires);
}

/**
 * Whether an `x-sunset` date has been reached: removal is allowed from the start of that day (UTC).
 * An unparseable date is never reached.
 */
export function sunsetReached(sunset: string | undefined, now: Date): boolean {
  if (!sunset) return false;
  const t = DATE.test(sunset) ? Date.parse(`${sunset}T00:00:00Z`) : Date.parse(sunset);
  return !Number.isNaN(t) && now.getTime() >= t;
}
