// The consumer's defaults: retries with backoff, dead-letter topics, idempotency, outcomes seen by onOutcome.
// The same behaviour on the real broker: test/integration/runtime/delivery-faults.test.ts.
import { describe, expect, it } from 'vitest';
import {
  createConsumer,
  createMemoryIdempotencyStore,
  DLQ_HEADERS,
  encodeEvent,
  frame,
  NonRetriableError,
  type ConsumerOptions,
  type ObservedOutcome,
} from '../../../runtime/src/index.js';
import { asIncoming, fakeTransport, incoming, tolerantValidators, userCreatedV1, type UserEvent } from './fakes.js';

const silent = { error: () => undefined, warn: () => undefined };
const FAST = { attempts: 3, initialDelayMs: 1, maxDelayMs: 5, jitter: 0 };
const v1 = (userId = 'u1') => asIncoming('user.created', encodeEvent(userCreatedV1, { userId, email: 'a@x.io' }, { source: 's', schemaId: 3 }).message, '7');

function setup(handler: () => void | Promise<void>, options: Partial<ConsumerOptions> = {}) {
  const transport = fakeTransport();
  const observed: ObservedOutcome[] = [];
  const consumer = createConsumer<UserEvent>({
    groupId: 'g',
    topics: ['user.created'],
    transport,
    validators: tolerantValidators,
    logger: silent,
    retry: FAST,
    handleSignals: false,
    onOutcome: (o) => observed.push(o),
    ...options,
  }).on('user.created.v1', handler);
  const letters = () => transport.sends.flatMap((s) => s.batches.map((b) => ({ topic: b.topic, message: b.messages[0]! })));
  return { consumer, transport, observed, letters };
}

describe('retries', () => {
  it('a handler that fails twice then succeeds is handled on attempt 3; onOutcome sees both retries', async () => {
    let calls = 0;
    const s = setup(() => {
      if (++calls < 3) throw new Error(`transient ${calls}`);
    });
    expect(await s.consumer.process(v1())).toMatchObject({ status: 'handled', attempts: 3 });
    expect(calls).toBe(3);
    expect(s.observed.map((o) => o.status)).toEqual(['retrying', 'retrying', 'handled']);
    expect(s.observed[0]).toMatchObject({ attempt: 1, error: { message: 'transient 1' } });
    expect(s.letters()).toEqual([]);
  });

  it('a NonRetriableError is not retried: dead-lettered after one attempt', async () => {
    let calls = 0;
    const s = setup(() => {
      calls++;
      throw new NonRetriableError('card declined');
    });
    expect(await s.consumer.process(v1())).toMatchObject({ status: 'dead-lettered', reason: 'handler-error', attempts: 1 });
    expect(calls).toBe(1);
  });

  it('retryByEventType overrides the default; retry: false means one attempt', async () => {
    let calls = 0;
    const s = setup(
      () => {
        calls++;
        throw new Error('x');
      },
      { retry: false, retryByEventType: { 'user.created.v1': { ...FAST, attempts: 4 } } },
    );
    expect(await s.consumer.process(v1())).toMatchObject({ status: 'dead-lettered', attempts: 4 });
    expect(calls).toBe(4);
  });

  it('refuses a bad policy at creation, naming the field', () => {
    expect(() => setup(() => undefined, { retry: { attempts: 0 } })).toThrow('retry.attempts is 0: it must be an integer ≥ 1.');
    expect(() => setup(() => undefined, { deadLetter: false, onInvalid: 'dead-letter' })).toThrow(/onInvalid is 'dead-letter' but deadLetter is false/);
  });
});

describe('dead letters', () => {
  it('after the last attempt: the original bytes, key and headers plus every why-header, to <topic>.dlq', async () => {
    const s = setup(() => {
      throw new TypeError('boom');
    });
    const message = { ...v1(), key: Buffer.from([0xff, 0x00, 0x01]), rawHeaders: { ce_id: Buffer.from('id-1'), bin: Buffer.from([0xfe]) } };
    const outcome = await s.consumer.process(message);
    expect(outcome).toMatchObject({ status: 'dead-lettered', deadLetterTopic: 'user.created.dlq', attempts: 3 });
    const [letter] = s.letters();
    expect(letter!.topic).toBe('user.created.dlq');
    expect(letter!.message.value).toBe(message.value);
    expect(letter!.message.key).toBe(message.key);
    const h = letter!.message.headers as Record<string, unknown>;
    expect(h['bin']).toEqual(Buffer.from([0xfe]));
    expect(h['ce_id']).toEqual(Buffer.from('id-1'));
    expect(h).toMatchObject({
      [DLQ_HEADERS.originalTopic]: 'user.created',
      [DLQ_HEADERS.originalPartition]: '0',
      [DLQ_HEADERS.originalOffset]: '7',
      [DLQ_HEADERS.originalTimestamp]: '0',
      [DLQ_HEADERS.consumerGroup]: 'g',
      [DLQ_HEADERS.reason]: 'handler-error',
      [DLQ_HEADERS.errorClass]: 'TypeError',
      [DLQ_HEADERS.errorMessage]: 'boom',
      [DLQ_HEADERS.attempts]: '3',
    });
    expect(Date.parse(h[DLQ_HEADERS.lastFailureTime] as string)).toBeGreaterThanOrEqual(Date.parse(h[DLQ_HEADERS.firstFailureTime] as string));
  });

  it.each([
    { name: 'undecodable', message: incoming(Buffer.from('garbage')), reason: 'undecodable' },
    { name: 'tombstone', message: incoming(null), reason: 'undecodable' },
    {
      name: 'unknown event type',
      message: incoming(
        frame(
          9,
          JSON.stringify({
            eventId: '6b3f3d9e-8a67-4c8b-9d2e-1f0a9b8c7d6e',
            eventType: 'x.v1',
            eventVersion: '1.0.0',
            timestamp: '2026-11-28T07:00:00Z',
            source: 's',
            data: {},
          }),
        ),
      ),
      reason: 'unknown-event-type',
    },
    {
      name: 'invalid',
      message: asIncoming('user.created', {
        ...encodeEvent(userCreatedV1, { userId: 'u', email: 'a@x.io' }, { source: 's', schemaId: 3 }).message,
        value: frame(
          3,
          '{"eventId":"6b3f3d9e-8a67-4c8b-9d2e-1f0a9b8c7d6e","eventType":"user.created.v1","eventVersion":"1.0.0","timestamp":"2026-11-28T07:00:00Z","source":"s","data":{"userId":"u"}}',
        ),
      }),
      reason: 'invalid',
    },
  ])('poison message ($name) goes to the DLQ at once, never to the handler', async ({ message, reason }) => {
    let calls = 0;
    const s = setup(() => {
      calls++;
    });
    expect(await s.consumer.process(message)).toMatchObject({ status: 'dead-lettered', reason, attempts: 0 });
    expect(calls).toBe(0);
    expect(s.letters()).toHaveLength(1);
    expect((s.letters()[0]!.message.headers as Record<string, unknown>)[DLQ_HEADERS.reason]).toBe(reason);
  });

  it('a dead letter is committed only once written: a failing DLQ write is retried, and stop() leaves it uncommitted', async () => {
    const s = setup(() => {
      throw new NonRetriableError('no');
    });
    await s.consumer.start();
    s.transport.failNextSend = new Error('broker away');
    const [committed] = await s.transport.deliver([v1()]);
    expect(committed).toBe(true);
    expect(s.letters()).toHaveLength(1); // the second write went through
    await s.consumer.stop();
  });

  it('stop() during a retry backoff leaves the message uncommitted (redelivered), not dead-lettered', async () => {
    const s = setup(
      () => {
        throw new Error('down');
      },
      { retry: { attempts: 5, initialDelayMs: 60_000 } },
    );
    await s.consumer.start();
    const delivered = s.transport.deliver([v1()]);
    await new Promise((r) => setTimeout(r, 20));
    await s.consumer.stop();
    expect(await delivered).toEqual([false]);
    expect(s.letters()).toEqual([]);
  });
});

describe('idempotency', () => {
  it('a redelivered event is skipped as a duplicate (handler not called), visible to onOutcome', async () => {
    let calls = 0;
    const s = setup(() => void calls++, { idempotency: createMemoryIdempotencyStore() });
    const message = v1();
    expect(await s.consumer.process(message)).toMatchObject({ status: 'handled', attempts: 1 });
    expect(await s.consumer.process(message)).toMatchObject({ status: 'skipped', reason: 'duplicate' });
    expect(calls).toBe(1);
    expect(s.observed.map((o) => o.status)).toEqual(['handled', 'skipped']);
  });

  it('a failed attempt is not marked: the retry runs the effect again, then it is processed once', async () => {
    let calls = 0;
    const s = setup(
      () => {
        if (++calls === 1) throw new Error('once');
      },
      { idempotency: createMemoryIdempotencyStore() },
    );
    const message = v1();
    expect(await s.consumer.process(message)).toMatchObject({ status: 'handled', attempts: 2 });
    expect(await s.consumer.process(message)).toMatchObject({ status: 'skipped', reason: 'duplicate' });
    expect(calls).toBe(2);
  });

  it('the handler receives the store transaction as ctx.tx', async () => {
    const txs: unknown[] = [];
    const store = { runOnce: async (_k: unknown, effect: (tx: string | undefined) => Promise<void>) => (await effect('tx-1'), 'processed' as const) };
    const consumer = createConsumer<UserEvent, string>({
      groupId: 'g',
      topics: [],
      transport: fakeTransport(),
      logger: silent,
      idempotency: store,
      handleSignals: false,
    });
    consumer.on('user.created.v1', (_e, ctx) => void txs.push(ctx.tx));
    await consumer.process(v1());
    expect(txs).toEqual(['tx-1']);
  });
});

describe('memory idempotency store', () => {
  it('is bounded (oldest forgotten first) and forgets after the TTL', async () => {
    let now = 0;
    const store = createMemoryIdempotencyStore({ maxEntries: 2, ttlMs: 100, now: () => now });
    const run = (eventId: string) => store.runOnce({ group: 'g', eventId }, async () => undefined);
    expect([await run('a'), await run('b'), await run('a')]).toEqual(['processed', 'processed', 'duplicate']);
    await run('c'); // evicts a
    expect(await run('a')).toBe('processed');
    expect(await run('c')).toBe('duplicate');
    now = 200;
    expect(await run('c')).toBe('processed');
  });

  it('keeps each consumer group apart, each within its own bound', async () => {
    const store = createMemoryIdempotencyStore({ maxEntries: 1 });
    const run = (group: string, eventId: string) => store.runOnce({ group, eventId }, async () => undefined);
    expect([await run('g1', 'a'), await run('g2', 'a'), await run('g1', 'a'), await run('g2', 'a')]).toEqual([
      'processed',
      'processed',
      'duplicate',
      'duplicate',
    ]);
    await run('g1', 'b'); // evicts g1's a, not g2's
    expect([await run('g2', 'a'), await run('g1', 'a')]).toEqual(['duplicate', 'processed']);
  });

  it('a consumer skips a redelivery of an event whose first delivery is still running, once that one succeeds', async () => {
    let calls = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const s = setup(
      async () => {
        calls++;
        await gate;
      },
      { idempotency: createMemoryIdempotencyStore() },
    );
    const message = v1();
    const first = s.consumer.process(message);
    const second = s.consumer.process(message);
    release();
    expect(await first).toMatchObject({ status: 'handled' });
    expect(await second).toMatchObject({ status: 'skipped', reason: 'duplicate' });
    expect(calls).toBe(1);
  });

  it('runs one effect when the same id arrives twice at once', async () => {
    const store = createMemoryIdempotencyStore();
    let effects = 0;
    const effect = async () => {
      effects++;
      await new Promise((r) => setTimeout(r, 5));
    };
    const results = await Promise.all([store.runOnce({ group: 'g', eventId: 'x' }, effect), store.runOnce({ group: 'g', eventId: 'x' }, effect)]);
    expect(results.sort()).toEqual(['duplicate', 'processed']);
    expect(effects).toBe(1);
  });
});

describe('trace propagation', () => {
  it("the handler's context carries the message traceparent; events published inside continue the trace", async () => {
    const parent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const seen: { ctx?: string; child?: string } = {};
    const consumer = createConsumer<UserEvent>({ groupId: 'g', topics: [], transport: fakeTransport(), logger: silent, handleSignals: false });
    consumer.on('user.created.v1', async (_e, ctx) => {
      await new Promise((r) => setTimeout(r, 1)); // across an await, too
      seen.ctx = ctx.traceparent;
      seen.child = encodeEvent(userCreatedV1, { userId: 'u2', email: 'b@x.io' }, { source: 's', schemaId: 3 }).message.headers['traceparent'];
    });
    const message = v1();
    await consumer.process({ ...message, headers: { ...message.headers, traceparent: parent }, rawHeaders: { traceparent: Buffer.from(parent) } });
    expect(seen.ctx).toBe(parent);
    expect(seen.child).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(seen.child).not.toBe(parent);
    // Outside the handler: a new trace again.
    expect(encodeEvent(userCreatedV1, { userId: 'u3', email: 'c@x.io' }, { source: 's', schemaId: 3 }).message.headers['traceparent']).not.toContain(
      '4bf92f3577b34da6',
    );
  });
});
