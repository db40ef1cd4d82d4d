/** Shared helpers for numeric limits (maxLength, maximum, maxItems, …) and exact decimal arithmetic. */
import type { JsonObject } from '../core/json.js';
import type { ChangeKind } from './change-kinds.js';
import type { Acc } from './context.js';

export function numberAt(raw: JsonObject, key: string): number | undefined {
  const v = raw[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

type Prefix =
  | 'MAX_LENGTH'
  | 'MIN_LENGTH'
  | 'MAXIMUM'
  | 'MINIMUM'
  | 'EXCLUSIVE_MAXIMUM'
  | 'EXCLUSIVE_MINIMUM'
  | 'MAX_PROPERTIES'
  | 'MIN_PROPERTIES'
  | 'MAX_ITEMS'
  | 'MIN_ITEMS'
  | 'MAX_CONTAINS'
  | 'MIN_CONTAINS';

/**
 * ADDED / REMOVED / INCREASED / DECREASED for one limit. Values compare numerically (0.5 equals 0.50,
 * as Confluent compares BigDecimals with compareTo). Whether a direction is compatible is the table's job.
 */
export function compareBound(acc: Acc, key: string, o: number | undefined, u: number | undefined, prefix: Prefix): void {
  if (o === u) return;
  const path = '/' + key;
  if (o === undefined) acc.add(path, `${prefix}_ADDED` as ChangeKind);
  else if (u === undefined) acc.add(path, `${prefix}_REMOVED` as ChangeKind);
  else if (o < u) acc.add(path, `${prefix}_INCREASED` as ChangeKind);
  else if (o > u) acc.add(path, `${prefix}_DECREASED` as ChangeKind);
}

/** Exact decimal view of a JSON number: mantissa × 10^exponent. */
function toDecimal(n: number): { m: bigint; e: number } {
  const s = String(n);
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(s);
  if (!match) return { m: 0n, e: 0 };
  const [, sign, int, frac = '', exp = '0'] = match;
  const m = BigInt(`${sign}${int}${frac}`);
  return { m, e: Number(exp) - frac.length };
}

/** Whether `a` is an integer multiple of `b` (BigDecimal `a.remainder(b) == 0`); false when b is 0. */
export function isMultipleOf(a: number, b: number): boolean {
  const x = toDecimal(a);
  const y = toDecimal(b);
  if (y.m === 0n) return false;
  const e = Math.min(x.e, y.e);
  const A = x.m * 10n ** BigInt(x.e - e);
  const B = y.m * 10n ** BigInt(y.e - e);
  return A % B === 0n;
}
