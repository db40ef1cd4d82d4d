import { describe, expect, it } from 'vitest';
import {
  createConsumer,
  decodeEvent,
  DecodeError,
  encodeEvent,
  frame,
  ValidationError,
  type ConsumerOptions,
  type MessageOutcome,
} from '../../../runtime/src/index.js';
import { asIncoming, fakeTransport, incoming, tolerantValidators, userCreatedV1, type UserEvent } from './fakes.js';

const silent = { error: () => undefined, warn: () => undefined };
const v1 = () => asIncoming('user.created', encodeEvent(userCreatedV1, { userId: 'u1', email: 'a@x.io' }, { source: 's', schemaId: 3 }).message);
const rawEnvelope = (eventType: string, data: unknown) =>
  incoming(
    frame(
      9,
      JSON.stringify({
        eventId: '6b3f3d9e-8a67-4c8b-9d2e-1f0a9b8c7d6e',
        eventType,
        eventVersion: '1.0.0',
        timestamp: '2026-11-28T07:00:00Z',
        source: 's',
        data,
      }),
    ),
  );

/** The policies of a consumer that opted out of dead-letter topics and retries (consumer-reliability.test.ts has the defaults). */
const OPTED_OUT = { deadLetter: false, retry: false } as const;

/** An opted-out consumer of `user.created` with no handler yet. */
function optedOutConsumer(options: Partial<ConsumerOptions> = {}) {
  return createConsumer<UserEvent>({
    ...OPTED_OUT,
    groupId: 'g',
    topics: ['user.created'],
    transport: fakeTransport(),
    validators: tolerantValidators,
    logger: silent,
    ...options,
  });
}

function setup(options: Partial<ConsumerOptions> = {}) {
  const seen: string[] = [];
  const warnings: string[] = [];
  const consumer = optedOutConsumer({ logger: { ...silent, warn: (m) => warnings.push(m) }, ...options })
    .on('user.created.v1', (e) => {
      seen.push(`v1:${e.data.email}`);
    })
    .on('user.created.v2', (e) => {
      seen.push(`v2:${e.data.emails.join('|')}`);
    });
  return { consumer, seen, warnings };
}

describe('decodeEvent', () => {
  it('unframes, parses and checks the envelope', () => {
    const { schemaId, envelope } = decodeEvent(rawEnvelope('t', { n: 1 }).value);
    expect(schemaId).toBe(9);
    expect(envelope).toMatchObject({ eventType: 't', source: 's', data: { n: 1 } });
  });
  it.each([
    { name: 'null (tombstone)', given: null, reason: 'empty' },
    { name: 'bad JSON', given: frame(1, '{"a":'), reason: 'json' },
    { name: 'JSON but no envelope', given: frame(1, '{"a":1}'), reason: 'envelope' },
    { name: 'unknown magic byte', given: Buffer.from([2, 0, 0, 0, 1, 0x7b, 0x7d]), reason: 'magic-byte' },
  ])('refuses $name', ({ given, reason }) => {
    expect(() => decodeEvent(given)).toThrow(DecodeError);
    try {
      decodeEvent(given);
    } catch (error) {
      expect((error as DecodeError).reason).toBe(reason);
    }
  });
});

describe('dispatch', () => {
  it.each<{ name: string; message: ReturnType<typeof incoming>; seen: string[]; outcome: Partial<MessageOutcome> & { status: string } }>([
    {
      name: 'v1 to the v1 handler',
      message: rawEnvelope('user.created.v1', { userId: 'u', email: 'a@x.io' }),
      seen: ['v1:a@x.io'],
      outcome: { status: 'handled', eventType: 'user.created.v1' },
    },
    {
      name: 'v2 to the v2 handler',
      message: rawEnvelope('user.created.v2', { userId: 'u', emails: ['a', 'b'] }),
      seen: ['v2:a|b'],
      outcome: { status: 'handled', eventType: 'user.created.v2' },
    },
    {
      name: 'tolerant: unknown data property of a later compatible revision',
      message: rawEnvelope('user.created.v1', { userId: 'u', email: 'a@x.io', nickname: 'n' }),
      seen: ['v1:a@x.io'],
      outcome: { status: 'handled' },
    },
    {
      name: 'plain JSON (unframed)',
      message: incoming(rawEnvelope('user.created.v1', { userId: 'u', email: 'a@x.io' }).value!.subarray(5)),
      seen: ['v1:a@x.io'],
      outcome: { status: 'handled' },
    },
    {
      name: 'inherited property name as event type: unknown',
      message: rawEnvelope('constructor', {}),
      seen: [],
      outcome: { status: 'skipped', reason: 'unknown-event-type' },
    },
    {
      name: 'unknown event type: skipped',
      message: rawEnvelope('user.deleted.v1', {}),
      seen: [],
      outcome: { status: 'skipped', reason: 'unknown-event-type', eventType: 'user.deleted.v1' },
    },
    { name: 'undecodable: skipped', message: incoming(Buffer.from('garbage')), seen: [], outcome: { status: 'skipped', reason: 'undecodable' } },
    { name: 'tombstone: skipped', message: incoming(null), seen: [], outcome: { status: 'skipped', reason: 'undecodable' } },
    { name: 'invalid data: skipped', message: rawEnvelope('user.created.v1', { userId: 'u' }), seen: [], outcome: { status: 'skipped', reason: 'invalid' } },
  ])('$name', async ({ message, seen, outcome }) => {
    const s = setup();
    const got = await s.consumer.process(message);
    expect(got).toMatchObject(outcome);
    expect(s.seen).toEqual(seen);
    if (outcome.status === 'skipped') expect(s.warnings).toHaveLength(1);
    else expect(s.warnings).toHaveLength(0);
  });

  it('a skipped invalid event carries a consumer-side ValidationError with pointers', async () => {
    const got = await setup().consumer.process(rawEnvelope('user.created.v1', { userId: 'u', email: 7 }));
    expect(got.status).toBe('skipped');
    const error = (got as { error?: Error }).error as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.side).toBe('consumer');
    expect(error.issues.map((i) => i.pointer)).toEqual(['/email']);
  });

  it('warns with topic, partition and offset', async () => {
    const s = setup();
    await s.consumer.process(incoming(Buffer.from('garbage'), 'user.created', '41'));
    expect(s.warnings[0]).toMatch(/^Skipped message user\.created\[0\]@41 \(undecodable\): The message value starts with byte 0x67/);
  });

  it('a type with a validator but no handler is "unhandled", silently', async () => {
    const s = setup({ validators: { ...tolerantValidators, 'user.created.v3': tolerantValidators['user.created.v2'] } });
    expect(await s.consumer.process(rawEnvelope('user.created.v3', { userId: 'u', emails: [] }))).toMatchObject({ status: 'skipped', reason: 'unhandled' });
    expect(s.warnings).toHaveLength(0);
  });

  it.each([
    { policy: { onUndecodable: 'fail' as const }, message: incoming(Buffer.from('x')) },
    { policy: { onUnknownEventType: 'fail' as const }, message: rawEnvelope('nope.v1', {}) },
    { policy: { onInvalid: 'fail' as const }, message: rawEnvelope('user.created.v1', {}) },
  ])("policy 'fail' turns the skip into a failure: $policy", async ({ policy, message }) => {
    expect((await setup(policy).consumer.process(message)).status).toBe('failed');
  });

  it("without dead-letter topics, a throwing handler fails the message (default) or skips it with onHandlerError: 'skip'", async () => {
    for (const [policy, want] of [
      [undefined, { status: 'failed' }],
      ['skip', { status: 'skipped', reason: 'handler-error' }],
    ] as const) {
      const consumer = optedOutConsumer(policy ? { onHandlerError: policy } : {}).on('user.created.v1', () => {
        throw new Error('db down');
      });
      const got = await consumer.process(rawEnvelope('user.created.v1', { userId: 'u', email: 'a@x.io' }));
      expect(got).toMatchObject(want);
      expect((got as { error: Error }).error.message).toBe('db down');
    }
  });

  it('the context carries key, headers and the schema id', async () => {
    const ctxs: unknown[] = [];
    const consumer = createConsumer<UserEvent>({ groupId: 'g', topics: [], transport: fakeTransport(), logger: silent }).on('user.created.v1', (_e, ctx) => {
      ctxs.push({ key: ctx.key, schemaId: ctx.schemaId, type: ctx.headers['ce_type'] });
    });
    await consumer.process(v1());
    expect(ctxs).toEqual([{ key: 'u1', schemaId: 3, type: 'user.created.v1' }]);
  });
});

describe('middleware seam', () => {
  it('runs outermost first and can short-circuit (idempotency) or re-run next (retries)', async () => {
    const order: string[] = [];
    const processed = new Set<string>();
    let attempts = 0;
    const consumer = createConsumer<UserEvent>({
      groupId: 'g',
      topics: [],
      transport: fakeTransport(),
      logger: silent,
      middleware: [
        async (ctx, next) => {
          order.push('dedupe');
          const id = ctx.headers['ce_id'];
          if (id && processed.has(id)) return { status: 'skipped', reason: 'duplicate', eventId: id };
          const outcome = await next();
          if (outcome.status === 'handled') processed.add(outcome.eventId);
          return outcome;
        },
        async (_ctx, next) => {
          order.push('retry');
          let outcome = await next();
          while (outcome.status === 'failed' && attempts < 3) outcome = await next();
          return outcome;
        },
      ],
    }).on('user.created.v1', () => {
      attempts++;
      if (attempts < 2) throw new Error('transient');
    });
    const msg = v1();
    expect(await consumer.process(msg)).toMatchObject({ status: 'handled' });
    expect(attempts).toBe(2);
    expect(await consumer.process(msg)).toMatchObject({ status: 'skipped', reason: 'duplicate' });
    expect(attempts).toBe(2);
    expect(order).toEqual(['dedupe', 'retry', 'dedupe']);
  });

  it('a throwing middleware becomes a failed outcome; onOutcome sees every outcome', async () => {
    const outcomes: string[] = [];
    const consumer = createConsumer({
      groupId: 'g',
      topics: [],
      transport: fakeTransport(),
      logger: silent,
      middleware: [
        async () => {
          throw new Error('mw broke');
        },
      ],
      onOutcome: (o) => outcomes.push(o.status),
    });
    expect(await consumer.process(incoming(null))).toMatchObject({ status: 'failed', error: { message: 'mw broke' } });
    expect(outcomes).toEqual(['failed']);
  });
});

describe('start() on a transport', () => {
  it('without dead-letter topics: commits handled and skipped messages, not failed ones', async () => {
    const transport = fakeTransport();
    let fail = true;
    const consumer = createConsumer<UserEvent>({
      ...OPTED_OUT,
      groupId: 'g',
      topics: ['user.created'],
      transport,
      logger: silent,
      validators: tolerantValidators,
    }).on('user.created.v1', () => {
      if (fail) {
        fail = false;
        throw new Error('once');
      }
    });
    await consumer.start();
    const good = rawEnvelope('user.created.v1', { userId: 'u', email: 'a@x.io' });
    expect(await transport.deliver([incoming(Buffer.from('junk')), good, good])).toEqual([true, false, true]);
    await consumer.stop();
    await expect(transport.deliver([good])).rejects.toThrow('not running');
  });

  it('needs a group id', () => {
    const old = process.env['KAFKA_CONSUMER_GROUP_ID'];
    delete process.env['KAFKA_CONSUMER_GROUP_ID'];
    try {
      expect(() => createConsumer({ topics: ['t'], transport: fakeTransport() })).toThrow(/KAFKA_CONSUMER_GROUP_ID is not set/);
    } finally {
      if (old !== undefined) process.env['KAFKA_CONSUMER_GROUP_ID'] = old;
    }
  });
});
