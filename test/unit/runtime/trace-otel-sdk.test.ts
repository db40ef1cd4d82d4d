// With @opentelemetry/api installed: no span while no SDK is registered (the no-op provider is detected and the
// propagation-only path kept); once a provider is registered, a PRODUCER span per message whose context becomes
// the traceparent, ended with status ERROR when the send failed. The broker-level test is
// test/integration/runtime/opentelemetry.test.ts.
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeEvent } from '../../../runtime/src/index.js';
import { otelLoaded, startSendSpans } from '../../../runtime/src/trace.js';
import { userCreatedV1 } from './fakes.js';

const encode = () => encodeEvent(userCreatedV1, { userId: 'u1', email: 'a@x.io' }, { source: 's', schemaId: 3 });

afterAll(() => {
  trace.disable();
  context.disable();
});

describe('OpenTelemetry producer spans', () => {
  it('no SDK registered: no span, the traceparent computed at serialisation is kept', () => {
    expect(otelLoaded).toBe(true);
    const e = encode();
    const before = e.message.headers['traceparent'];
    expect(startSendSpans([e])).toBeUndefined();
    expect(e.message.headers['traceparent']).toBe(before);
  });

  it('SDK registered: one PRODUCER span per message, child of the active span, its context written as traceparent', () => {
    const exporter = new InMemorySpanExporter();
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    const root = trace.getTracer('t').startSpan('root');
    const [a, b] = context.with(trace.setSpan(context.active(), root), () => [encode(), encode()]);
    const spans = startSendSpans([a!, b!])!;
    spans.end(new Error('broker down'));
    const finished = exporter.getFinishedSpans();
    expect(finished).toHaveLength(2);
    finished.forEach((s, i) => {
      const e = [a!, b!][i]!;
      expect(s.kind).toBe(SpanKind.PRODUCER);
      expect(s.name).toBe(`send ${userCreatedV1.topic}`);
      expect(s.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
      expect(e.message.headers['traceparent']).toBe(`00-${root.spanContext().traceId}-${s.spanContext().spanId}-01`);
      expect(s.attributes['messaging.message.id']).toBe(e.envelope.eventId);
      expect([s.status.code, s.status.message, s.attributes['error.type']]).toEqual([SpanStatusCode.ERROR, 'broker down', 'Error']);
    });
  });
});
