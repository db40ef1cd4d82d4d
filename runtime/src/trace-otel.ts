/**
 * The OpenTelemetry half of trace.ts, used only when `@opentelemetry/api` is installed. Attributes follow the
 * messaging semantic conventions (Kafka): messaging.system, messaging.operation.type/name, messaging.destination.name,
 * messaging.destination.partition.id, messaging.kafka.offset, messaging.kafka.message.key, messaging.consumer.group.name,
 * messaging.message.id, messaging.message.conversation_id, messaging.message.body.size; span names
 * `send <topic>` (PRODUCER) and `process <topic>` (CONSUMER); a failure sets status ERROR and error.type.
 */
import type { AsyncLocalStorage } from 'node:async_hooks';
import type { ProcessSpanInfo, SendSpans } from './trace.js';

interface SpanContext {
  traceId: string;
  spanId: string;
  traceFlags: number;
  isRemote?: boolean;
}
interface Span {
  spanContext(): SpanContext;
  isRecording(): boolean;
  setAttribute(key: string, value: string | number): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  recordException(error: Error): unknown;
  end(): void;
}
type Attributes = Record<string, string | number>;

/** The few members of @opentelemetry/api used here. */
export interface OtelApi {
  context: { active(): unknown; with<T>(ctx: unknown, fn: () => T): T };
  trace: {
    getTracer(name: string): { startSpan(name: string, options: { kind: number; attributes: Attributes }, ctx: unknown): Span };
    getTracerProvider(): { getDelegate?(): unknown };
    getSpanContext(ctx: unknown): SpanContext | undefined;
    setSpan(ctx: unknown, span: Span): unknown;
    setSpanContext(ctx: unknown, spanContext: SpanContext): unknown;
  };
  propagation: { extract(ctx: unknown, carrier: unknown): unknown };
  SpanKind: { PRODUCER: number; CONSUMER: number };
  SpanStatusCode: { ERROR: number };
  ProxyTracerProvider: new () => { getDelegate(): unknown };
}

const TRACER = '@event-contracts/runtime';
const PARSE = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

const toTraceparent = (s: SpanContext): string => `00-${s.traceId}-${s.spanId}-${(s.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
const isThenable = (x: unknown): x is PromiseLike<unknown> => typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function';

export function otelSpans(otel: OtelApi, active: AsyncLocalStorage<string>) {
  // The global provider is a proxy whose delegate stays the no-op provider until an SDK registers one: until then
  // no span is started (the old propagation-only path, which costs half as much per event as no-op spans).
  const noop = new otel.ProxyTracerProvider().getDelegate();
  const recording = (): boolean => otel.trace.getTracerProvider().getDelegate?.() !== noop;
  let cachedTracer: ReturnType<OtelApi['trace']['getTracer']> | undefined;
  const tracer = () => (cachedTracer ??= otel.trace.getTracer(TRACER)); // a proxy: follows the provider registered later
  const parents = new WeakMap<object, unknown>();
  const remote = (traceparent: string): unknown => {
    const m = PARSE.exec(traceparent)!;
    return otel.trace.setSpanContext(otel.context.active(), { traceId: m[1]!, spanId: m[2]!, traceFlags: parseInt(m[3]!, 16), isRemote: true });
  };
  const fail = (span: Span, thrown: unknown): void => {
    const error = thrown instanceof Error ? thrown : new Error(String(thrown));
    span.recordException(error);
    span.setAttribute('error.type', error.name || 'Error');
    span.setStatus({ code: otel.SpanStatusCode.ERROR, message: error.message });
  };

  return {
    activeTraceparent(): string | undefined {
      const span = otel.trace.getSpanContext(otel.context.active());
      return span === undefined || /^0+$/.test(span.traceId) ? undefined : toTraceparent(span);
    },

    captureParent(headers: object, explicit: string | undefined): void {
      if (!recording()) return;
      // Inside a handler the active context is the CONSUMER span's; the message store wins when it is not (no SDK).
      const fromMessage = active.getStore();
      const tp = explicit ?? (otel.trace.getSpanContext(otel.context.active()) === undefined ? fromMessage : undefined);
      parents.set(headers, tp !== undefined && PARSE.test(tp) ? remote(tp) : otel.context.active());
    },

    startSend(
      messages: readonly {
        topic: string;
        envelope: { eventId: string; correlationId?: string };
        message: { key: string | null; value: Buffer; headers: Record<string, string> };
      }[],
    ): SendSpans | undefined {
      if (!recording()) return undefined;
      const started: Span[] = [];
      for (const { topic, envelope, message } of messages) {
        const attributes: Attributes = {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'send',
          'messaging.operation.name': 'send',
          'messaging.destination.name': topic,
          'messaging.message.id': envelope.eventId,
          'messaging.message.body.size': message.value.length,
        };
        if (message.key !== null) attributes['messaging.kafka.message.key'] = message.key;
        if (envelope.correlationId !== undefined) attributes['messaging.message.conversation_id'] = envelope.correlationId;
        const span = tracer().startSpan(`send ${topic}`, { kind: otel.SpanKind.PRODUCER, attributes }, parents.get(message.headers) ?? otel.context.active());
        // A non-recording span (no SDK registered) keeps the traceparent computed at serialisation.
        if (span.isRecording()) message.headers['traceparent'] = toTraceparent(span.spanContext());
        started.push(span);
      }
      return {
        end(error?: unknown) {
          for (const span of started) {
            if (error !== undefined) fail(span, error);
            span.end();
          }
        },
      };
    },

    runProcess<T>(traceparent: string | undefined, headers: Readonly<Record<string, string | undefined>>, fn: () => T, info?: ProcessSpanInfo): T {
      let parent = otel.propagation.extract(otel.context.active(), headers);
      // Without a registered propagator extract() finds nothing: read the W3C header ourselves.
      if (traceparent !== undefined && otel.trace.getSpanContext(parent) === undefined) parent = remote(traceparent);
      if (info === undefined || !recording()) return otel.context.with(parent, () => (traceparent === undefined ? fn() : active.run(traceparent, fn)));
      const attributes: Attributes = {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.operation.name': 'process',
        'messaging.destination.name': info.topic,
        'messaging.destination.partition.id': String(info.partition),
        'messaging.kafka.offset': Number(info.offset),
        'messaging.consumer.group.name': info.group,
        'messaging.message.id': info.eventId,
        'messaging.message.body.size': info.bodySize,
      };
      if (info.key !== null) attributes['messaging.kafka.message.key'] = info.key;
      if (info.correlationId !== undefined) attributes['messaging.message.conversation_id'] = info.correlationId;
      const span = tracer().startSpan(`process ${info.topic}`, { kind: otel.SpanKind.CONSUMER, attributes }, parent);
      const tp = span.isRecording() ? toTraceparent(span.spanContext()) : traceparent;
      let result: T;
      try {
        result = otel.context.with(otel.trace.setSpan(parent, span), () => (tp === undefined ? fn() : active.run(tp, fn)));
      } catch (error) {
        fail(span, error);
        span.end();
        throw error;
      }
      if (!isThenable(result)) {
        span.end();
        return result;
      }
      return Promise.resolve(result).then(
        (value) => {
          span.end();
          return value;
        },
        (error: unknown) => {
          fail(span, error);
          span.end();
          throw error;
        },
      ) as T;
    },
  };
}
