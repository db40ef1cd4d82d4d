import { randomUUID } from 'node:crypto';
import type { ValidationIssue } from './validation.js';

/** The value every event travels in; the registered schema describes this whole object. */
export interface Envelope<TData = unknown, TType extends string = string> {
  /** UUID, unique per event (idempotency key). */
  eventId: string;
  /** `<domain>.<action>.v<N>` */
  eventType: TType;
  /** Semver of the contract revision, e.g. '1.2.0'. */
  eventVersion: string;
  /** ISO-8601 UTC. */
  timestamp: string;
  /** The producing service. */
  source: string;
  correlationId?: string;
  traceId?: string;
  data: TData;
}

export type AnyEnvelope = Envelope<unknown, string>;

export interface BuildEnvelopeOptions {
  source: string;
  /** @default crypto.randomUUID() */
  eventId?: string;
  /** @default new Date() — a Date is written with toISOString(), a string as given. */
  timestamp?: Date | string;
  correlationId?: string;
  traceId?: string;
}

let lastMs = -1;
let lastIso = '';
/** new Date().toISOString(), computed once per millisecond (it is a measurable part of the encode path). */
export function nowIso(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

export function buildEnvelope<TData, TType extends string>(
  def: { readonly eventType: TType; readonly eventVersion: string },
  data: TData,
  options: BuildEnvelopeOptions,
): Envelope<TData, TType> {
  const ts = options.timestamp;
  const eventId = options.eventId ?? randomUUID();
  const timestamp = ts === undefined ? nowIso() : typeof ts === 'string' ? ts : ts.toISOString();
  const { correlationId, traceId } = options;
  // Property order is the wire order: envelope fields first, `data` last.
  if (correlationId === undefined && traceId === undefined) {
    return { eventId, eventType: def.eventType, eventVersion: def.eventVersion, timestamp, source: options.source, data };
  }
  const envelope: Envelope<TData, TType> = {
    eventId,
    eventType: def.eventType,
    eventVersion: def.eventVersion,
    timestamp,
    source: options.source,
    correlationId,
    traceId,
    data,
  };
  if (correlationId === undefined) delete envelope.correlationId;
  if (traceId === undefined) delete envelope.traceId;
  return envelope;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// RFC 3339 date-time (the shape JSON Schema's "date-time" format means), checked by shape only.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
const NO_ISSUES: ValidationIssue[] = [];

const isNonEmptyString = (x: unknown): x is string => typeof x === 'string' && x !== '';
const isOptionalString = (x: unknown): boolean => x === undefined || isNonEmptyString(x);

/**
 * Structural check of a decoded envelope, consumer side. Tolerant: unknown envelope fields are ignored, so a later
 * compatible envelope revision never lands on an error path. Returns [] when the envelope is usable.
 */
export function checkEnvelope(value: unknown): ValidationIssue[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ pointer: '', keyword: 'type', message: 'must be an object (the event envelope)' }];
  }
  const v = value as Record<string, unknown>;
  // Fast path: one pass of cheap checks, no allocation.
  if (
    isNonEmptyString(v['eventId']) &&
    UUID.test(v['eventId']) &&
    isNonEmptyString(v['eventType']) &&
    isNonEmptyString(v['eventVersion']) &&
    isNonEmptyString(v['timestamp']) &&
    DATE_TIME.test(v['timestamp']) &&
    isNonEmptyString(v['source']) &&
    isOptionalString(v['correlationId']) &&
    isOptionalString(v['traceId']) &&
    'data' in v
  ) {
    return NO_ISSUES;
  }
  const issues: ValidationIssue[] = [];
  const str = (field: string, required: boolean): string | undefined => {
    const x = v[field];
    if (x === undefined) {
      if (required) issues.push({ pointer: `/${field}`, keyword: 'required', message: 'is required' });
      return undefined;
    }
    if (!isNonEmptyString(x)) {
      issues.push({ pointer: `/${field}`, keyword: 'type', message: 'must be a non-empty string' });
      return undefined;
    }
    return x;
  };
  const eventId = str('eventId', true);
  if (eventId !== undefined && !UUID.test(eventId)) issues.push({ pointer: '/eventId', keyword: 'format', message: 'must be a UUID' });
  str('eventType', true);
  str('eventVersion', true);
  const timestamp = str('timestamp', true);
  if (timestamp !== undefined && !DATE_TIME.test(timestamp)) {
    issues.push({ pointer: '/timestamp', keyword: 'format', message: 'must be an ISO-8601 date-time' });
  }
  str('source', true);
  str('correlationId', false);
  str('traceId', false);
  if (!('data' in v)) issues.push({ pointer: '/data', keyword: 'required', message: 'is required' });
  return issues;
}
