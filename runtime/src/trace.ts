/**
 * W3C trace context: every published event carries a `traceparent`; the consumer runs each handler inside the
 * message's trace, so events published from the handler continue it. OpenTelemetry's API is used when the service
 * has `@opentelemetry/api` installed: the publisher records a PRODUCER span per event (`send <topic>`, its context is
 * the `traceparent` written) and the consumer a CONSUMER span per handler attempt (`process <topic>`, child of the
 * producer span), with the messaging semantic conventions' attributes. Nothing is required when it is not installed.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomFillSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { otelSpans, type OtelApi } from './trace-otel.js';

export const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

function loadOtel(): OtelApi | undefined {
  try {
    return createRequire(import.meta.url)('@opentelemetry/api') as OtelApi;
  } catch {
    return undefined; // not installed: plain traceparent propagation only
  }
}
const otel = loadOtel();
const active = new AsyncLocalStorage<string>();
const spans = otel === undefined ? undefined : otelSpans(otel, active);

/** Whether OpenTelemetry is installed (spans are recorded when the service registered an SDK). */
export const otelLoaded = spans !== undefined;

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

/** The trace the current code runs in: the handler's message (or its CONSUMER span), else OpenTelemetry's active span, else none. */
export function activeTraceparent(): string | undefined {
  const fromMessage = active.getStore();
  if (fromMessage !== undefined) return fromMessage;
  return spans?.activeTraceparent();
}

/** A `traceparent` for a new event: a child of `parent` (same trace, new span id), or a new sampled trace. */
export function childTraceparent(parent: string | undefined): string {
  const m = parent === undefined ? null : TRACEPARENT.exec(parent);
  if (m) return `00-${m[2]}-${randomHex(8)}-${m[4]}`;
  return `00-${randomHex(16)}-${randomHex(8)}-01`;
}

/** What a CONSUMER span says about the message (OpenTelemetry messaging semantic conventions). */
export interface ProcessSpanInfo {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  bodySize: number;
  eventId: string;
  eventType: string;
  group: string;
  correlationId: string | undefined;
}

/**
 * Runs `fn` with `traceparent` as the active trace. With OpenTelemetry and `span` info, inside a CONSUMER span whose
 * parent is the message's trace (the producer span), ended when `fn` settles (an error sets its status).
 */
export function runInTrace<T>(traceparent: string | undefined, headers: Readonly<Record<string, string | undefined>>, fn: () => T, span?: ProcessSpanInfo): T {
  const valid = traceparent !== undefined && TRACEPARENT.test(traceparent);
  if (spans === undefined) return valid ? active.run(traceparent!, fn) : fn();
  return spans.runProcess(valid ? traceparent : undefined, headers, fn, span);
}

/**
 * Called when an event is serialised: remembers the trace its PRODUCER span will belong to (the caller's explicit
 * `traceparent`, else the active context), captured now because `emit()` sends later. No-op without OpenTelemetry.
 */
export function captureProducerParent(headers: object, explicit: string | undefined): void {
  spans?.captureParent(headers, explicit);
}

/** The messages about to be sent; `end(error?)` once the broker answered. */
export interface SendSpans {
  end(error?: unknown): void;
}

/**
 * Starts one PRODUCER span `send <topic>` per message and writes its context as the message's `traceparent`, so the
 * consumer's span is its child. undefined (nothing to end) without OpenTelemetry.
 */
export function startSendSpans(
  messages: readonly {
    topic: string;
    envelope: { eventId: string; eventType: string; correlationId?: string };
    message: { key: string | null; value: Buffer; headers: Record<string, string> };
  }[],
): SendSpans | undefined {
  return spans?.startSend(messages);
}
