/**
 * The OpenTelemetry path (issue 10, item 7) on the real broker, with the real `@opentelemetry/api`, the SDK's
 * BasicTracerProvider + InMemorySpanExporter and the AsyncLocalStorage context manager (no propagator registered:
 * the runtime reads the W3C header itself). Inside an application span, our publisher sends events to topic A; the
 * generated consumer handles them (the second one fails its first attempt) and publishes a follow-up to topic B,
 * which a second consumer handles. Asserted: one PRODUCER span per sent event (`send <topic>`), whose context is the
 * message's `traceparent`; one CONSUMER span per handler attempt (`process <topic>`) whose parent is that producer
 * span, in the same trace; the follow-up's producer span is a child of the consumer span; messaging semantic
 * convention attributes on both kinds; a failed attempt's span has status ERROR. Prints the span counts.
 */
import { randomUUID } from 'node:crypto';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublisher, silentLogger, type AnyEventDescriptor, type Publisher } from '@event-contracts/runtime';
import { createUserConsumer, userCreatedV1 } from '../../../generated/user-events/index.js';
import { createTopic, kafkaBrokers, uniqueGroupId, uniqueTopic } from '../../infra/kafka.js';
import { waitFor } from './helpers.js';

const exporter = new InMemorySpanExporter();
const userCreated = () => ({
  userId: randomUUID(),
  email: 'ada@example.com',
  createdAt: '2026-11-02T09:15:00Z',
  displayName: 'Ada',
  locale: 'en-GB',
  marketingOptIn: false,
});

describe('OpenTelemetry spans across the broker', () => {
  let publisher: Publisher;
  const consumers: { stop(): Promise<void> }[] = [];
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    publisher = createPublisher({
      brokers: kafkaBrokers(),
      clientId: 'otel-test',
      source: 'otel-test',
      schemaIds: { [userCreatedV1.subject]: 1 },
      handleSignals: false,
      logger: silentLogger,
    });
  });
  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await publisher?.disconnect();
    trace.disable();
    context.disable();
  });

  it('producer span → traceparent → consumer span (its child) → follow-up producer span → consumer span, one trace', async () => {
    const topicA = await createTopic(uniqueTopic('rt.otel.a'), 2);
    const topicB = await createTopic(uniqueTopic('rt.otel.b'), 1);
    const defB = { ...(userCreatedV1 as AnyEventDescriptor), topic: topicB };
    const groupA = uniqueGroupId('otel-a');
    const seenA = new Map<string, string | undefined>(); // eventId → the traceparent the handler saw
    const followUps = new Map<string, string>(); // event on A → its follow-up on B
    const seenB = new Map<string, string | undefined>();
    const failFirst = randomUUID(); // the second event's id: its first handler attempt fails
    const common = { brokers: kafkaBrokers(), fromBeginning: true, registryUrl: false as const, handleSignals: false, logger: silentLogger };
    const consumerA = createUserConsumer({ ...common, groupId: groupA, topics: [topicA] as never[], retry: { attempts: 2, initialDelayMs: 50 } }).on(
      'user.created.v1',
      async (e, ctx) => {
        if (e.eventId === failFirst && ctx.attempt === 1) throw new Error('first attempt fails');
        seenA.set(e.eventId, ctx.traceparent);
        followUps.set(e.eventId, (await publisher.publish(defB, userCreated())).eventId);
      },
    );
    const consumerB = createUserConsumer({ ...common, groupId: uniqueGroupId('otel-b'), topics: [topicB] as never[] }).on(
      'user.created.v1',
      (e, ctx) => void seenB.set(e.eventId, ctx.traceparent),
    );
    consumers.push(consumerA, consumerB);
    await consumerA.start();
    await consumerB.start();

    const tracer = trace.getTracer('otel-test');
    const root = tracer.startSpan('checkout');
    const sent = await context.with(trace.setSpan(context.active(), root), async () => {
      const one = await publisher.publish({ ...(userCreatedV1 as AnyEventDescriptor), topic: topicA }, userCreated(), { correlationId: 'corr-1' });
      const [two] = await publisher.publishBatch([
        { def: { ...(userCreatedV1 as AnyEventDescriptor), topic: topicA }, data: userCreated(), options: { eventId: failFirst } },
      ]);
      return [one, two!];
    });
    root.end();
    expect(sent[1]!.eventId).toBe(failFirst);
    // Outside any span: the producer span starts a trace of its own.
    const outside = await publisher.publish({ ...(userCreatedV1 as AnyEventDescriptor), topic: topicA }, userCreated());
    const all = [...sent, outside];
    await waitFor('the follow-ups handled on B', () => seenB.size >= all.length, 60_000);

    const spans = exporter.getFinishedSpans();
    const attr = (s: ReadableSpan, k: string) => s.attributes[k];
    const byId = (kind: SpanKind, name: string, eventId: string) =>
      spans.filter((s) => s.kind === kind && s.name === name && attr(s, 'messaging.message.id') === eventId);
    const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
    const rootCtx = root.spanContext();
    let checked = 0;
    for (const e of all) {
      const [producer, ...extraProducers] = byId(SpanKind.PRODUCER, `send ${topicA}`, e.eventId);
      expect(extraProducers).toEqual([]);
      const p = producer!.spanContext();
      expect(parentOf(producer!)).toBe(e === outside ? undefined : rootCtx.spanId);
      if (e !== outside) expect(p.traceId).toBe(rootCtx.traceId);
      expect(seenA.get(e.eventId)).toBe(`00-${p.traceId}-${p.spanId}-01`); // the header is the producer span's context
      expect(producer!.attributes).toMatchObject({
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.operation.name': 'send',
        'messaging.destination.name': topicA,
        'messaging.message.id': e.eventId,
        'messaging.kafka.message.key': e.data.userId,
      });
      expect(attr(producer!, 'messaging.message.body.size')).toBeGreaterThan(100);

      const processed = byId(SpanKind.CONSUMER, `process ${topicA}`, e.eventId);
      expect(processed).toHaveLength(e === sent[1] ? 2 : 1); // one span per handler attempt
      for (const c of processed) {
        expect(c.spanContext().traceId).toBe(p.traceId);
        expect(parentOf(c)).toBe(p.spanId);
        expect(c.parentSpanContext?.isRemote).toBe(true);
        expect(c.attributes).toMatchObject({
          'messaging.system': 'kafka',
          'messaging.operation.type': 'process',
          'messaging.operation.name': 'process',
          'messaging.destination.name': topicA,
          'messaging.consumer.group.name': groupA,
          'messaging.message.id': e.eventId,
          'messaging.kafka.message.key': e.data.userId,
        });
        expect(String(attr(c, 'messaging.destination.partition.id'))).toMatch(/^[01]$/);
        expect(typeof attr(c, 'messaging.kafka.offset')).toBe('number');
      }
      const ok = processed.at(-1)!;
      expect(ok.status.code).not.toBe(SpanStatusCode.ERROR);
      if (e === sent[1]) expect([processed[0]!.status.code, attr(processed[0]!, 'error.type')]).toEqual([SpanStatusCode.ERROR, 'Error']);
      if (e === sent[0]) expect(attr(producer!, 'messaging.message.conversation_id')).toBe('corr-1');

      // The follow-up published in the handler: a child of the consumer span, and B's consumer span its child.
      const followUp = followUps.get(e.eventId)!;
      const [p2] = byId(SpanKind.PRODUCER, `send ${topicB}`, followUp);
      expect(parentOf(p2!)).toBe(ok.spanContext().spanId);
      expect(p2!.spanContext().traceId).toBe(p.traceId);
      expect(seenB.get(followUp)).toBe(`00-${p.traceId}-${p2!.spanContext().spanId}-01`);
      const [c2] = byId(SpanKind.CONSUMER, `process ${topicB}`, followUp);
      expect(parentOf(c2!)).toBe(p2!.spanContext().spanId);
      checked++;
    }
    const kinds = (k: SpanKind) => spans.filter((s) => s.kind === k).length;
    process.stdout.write(
      `\nopentelemetry: events sent=${all.length} (+${followUps.size} follow-ups) checked=${checked}; spans producer=${kinds(SpanKind.PRODUCER)} consumer=${kinds(SpanKind.CONSUMER)} ` +
        `(1 failed attempt with status ERROR); traces=${new Set(spans.map((s) => s.spanContext().traceId)).size}\n`,
    );
    expect(checked).toBe(3);
  });
});
