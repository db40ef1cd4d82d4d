/**
 * W3C trace context: every published event carries a `traceparent`; the consumer runs each handler inside the
 * message's trace, so events published from the handler continue it. OpenTelemetry's API is used when the service
 * has `@opentelemetry/api` installed (its active span wins; handlers run in the extracted context); nothing is
 * required when it does not.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomFillSync } from 'node:crypto';
import { createRequire } from 'node:module';

export const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The few members of @opentelemetry/api this module calls. */
interface OtelApi {
  context: { active(): unknown; with<T>(ctx: unknown, fn: () => T): T };
  trace: { getSpanContext(ctx: unknown): { traceId: string; spanId: string; traceFlags: number } | undefined };
  propagation: { extract(ctx: unknown, carrier: unknown): unknown };
}

function loadOtel(): OtelApi | undefined {
  try {
    return createRequire(import.meta.url)('@opentelemetry/api') as OtelApi;
  } catch {
    return undefined; // not installed: plain traceparent propagation only
  }
}
const otel = loadOtel();

const active = new AsyncLocalStorage<string>();

// Span and trace ids from a pooled random buffer: one randomFill per ~170 events instead of one per event.
const pool = Buffer.allocUnsafe(4096);
let poolPos = pool.length;
function randomHex(bytes: number): string {
  if (poolPos + bytes > pool.length) {
    randomFillSync(pool);
    poolPos = 0;
  }
  const hex = pool.toString('hex', poolPos, poolPos + bytes);
  poolPos += bytes;
  return hex;
}

/** The trace the current code runs in: the handler's message, else OpenTelemetry's active span, else none. */
export function activeTraceparent(): string | undefined {
  const fromMessage = active.getStore();
  if (fromMessage !== undefined) return fromMessage;
  if (otel === undefined) return undefined;
  const span = otel.trace.getSpanContext(otel.context.active());
  if (span === undefined || /^0+$/.test(span.traceId)) return undefined;
  return `00-${span.traceId}-${span.spanId}-${(span.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

/** A `traceparent` for a new event: a child of `parent` (same trace, new span id), or a new sampled trace. */
export function childTraceparent(parent: string | undefined): string {
  const m = parent === undefined ? null : TRACEPARENT.exec(parent);
  if (m) return `00-${m[2]}-${randomHex(8)}-${m[4]}`;
  return `00-${randomHex(16)}-${randomHex(8)}-01`;
}

/** Runs `fn` with `traceparent` as the active trace (and, with OpenTelemetry, in the context extracted from headers). */
export function runInTrace<T>(traceparent: string | undefined, headers: Readonly<Record<string, string | undefined>>, fn: () => T): T {
  if (traceparent === undefined || !TRACEPARENT.test(traceparent)) return fn();
  if (otel === undefined) return active.run(traceparent, fn);
  const ctx = otel.propagation.extract(otel.context.active(), headers);
  return otel.context.with(ctx, () => active.run(traceparent, fn));
}
