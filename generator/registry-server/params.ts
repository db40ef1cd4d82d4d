import { errors } from './errors.js';

const MAX_VERSION = 2 ** 31 - 1;

/** Confluent's `VersionId`: an integer in 1..2^31-1, or `latest` (also `-1`) which maps to -1; anything else is 42202. */
export function parseVersion(text: string): number {
  if (text === 'latest' || text === '-1') return -1;
  if (!/^[0-9]{1,10}$/.test(text)) throw errors.invalidVersion(text);
  const value = Number(text);
  if (value < 1 || value > MAX_VERSION) throw errors.invalidVersion(text);
  return value;
}

/** Schema ids are positive integers; anything else cannot name a schema (40403, as Confluent). */
export function parseId(text: string): number {
  const value = /^[0-9]{1,10}$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(value) || value < 1 || value > MAX_VERSION) throw errors.schemaNotFound();
  return value;
}

export function flag(query: URLSearchParams, name: string): boolean {
  return query.get(name)?.toLowerCase() === 'true';
}

/** Subjects must be non-empty and free of control characters (Confluent's `QualifiedSubject` rule): else 42208. */
export function validSubject(subject: string): string {
  if (subject === '' || /[\u0000-\u001f\u007f]/.test(subject)) throw errors.invalidSubject(subject);
  return subject;
}

/** Applies Confluent's `offset` / `limit` paging (limit -1 or absent = everything). */
export function page<T>(items: readonly T[], query: URLSearchParams): T[] {
  const offset = Math.max(0, Number(query.get('offset') ?? 0) || 0);
  const limit = Number(query.get('limit') ?? -1);
  const rest = items.slice(offset);
  return Number.isInteger(limit) && limit >= 0 ? rest.slice(0, limit) : rest;
}
