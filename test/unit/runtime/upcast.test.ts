// onLatest and the publisher bridge through the generated order package (its real migrations, validators and
// descriptors) on a fake transport; the real broker is in test/integration/runtime/upcast-broker.test.ts.
import { describe, expect, it } from 'vitest';
import {
  buildFamilies,
  registerLatest,
  withBridges,
  createPublisher,
  createConsumer,
  MigrationError,
  BRIDGED_FROM_HEADER,
  silentLogger,
} from '../../../runtime/src/index.js';
import {
  createOrderConsumer,
  createOrderPublisher,
  orderEventDescriptors,
  orderPlacedV1,
  orderPlacedV2,
  type OrderPlacedV1,
  type OrderPlacedV2,
  type OrderPlacedV2Event,
} from '../../../generated/order-events/index.js';
import { asIncoming, fakeTransport } from './fakes.js';
import { sampleOrderV1, sampleOrderV2 } from '../../support/events.js';

const v1: OrderPlacedV1 = sampleOrderV1('6d1e4c1a-5b0f-4f7e-9a64-2b3c4d5e6f70');
const v2: OrderPlacedV2 = sampleOrderV2(v1.orderId, { twoLines: true });

/** Publishes with the generated publisher on a fake transport and returns the messages as a consumer sees them. */
async function published(publish: (p: ReturnType<typeof createOrderPublisher>) => Promise<unknown>, bridge: readonly 'order.placed.v2'[] = []) {
  const transport = fakeTransport();
  const publisher = createOrderPublisher({ transport, source: 'checkout', frameUnknownSchema: 'send-unframed', bridge, logger: silentLogger });
  await publish(publisher);
  return transport.sends.flatMap((s) => s.batches.flatMap((t) => t.messages.map((m, i) => asIncoming(t.topic, m, String(i)))));
}

/** A consumer of `order.placed` that skips a message whose handler (or migration) throws. */
function skippingConsumer() {
  return createConsumer({
    transport: fakeTransport(),
    groupId: 'g',
    topics: ['order.placed'],
    deadLetter: false,
    onHandlerError: 'skip',
    retry: false,
    logger: silentLogger,
  });
}

describe('onLatest', () => {
  it('hands v1 and v2 events to one handler typed with v2, saying which major arrived', async () => {
    const messages = await published(async (p) => {
      await p.publishOrderPlacedV1(v1, { correlationId: 'c-1' });
      await p.publishOrderPlacedV2(v2, { correlationId: 'c-2' });
    });
    const seen: { event: OrderPlacedV2Event; major: number; upcast: boolean; original: string }[] = [];
    const consumer = createOrderConsumer({ transport: fakeTransport(), groupId: 'g', deadLetter: false, logger: silentLogger }).onLatest(
      'order.placed',
      (event, ctx) => {
        seen.push({ event, major: ctx.arrived.major, upcast: ctx.arrived.upcast, original: ctx.arrived.original.eventType });
      },
    );
    const outcomes = [];
    for (const m of messages) outcomes.push(await consumer.process(m));
    expect(outcomes.map((o) => o.status)).toEqual(['handled', 'handled']);
    expect(seen.map((s) => [s.event.eventType, s.major, s.upcast, s.original])).toEqual([
      ['order.placed.v2', 1, true, 'order.placed.v1'],
      ['order.placed.v2', 2, false, 'order.placed.v2'],
    ]);
    const up = seen[0]!.event;
    expect(up.correlationId).toBe('c-1');
    expect(up.data.total).toEqual({ amountMinor: 4250, currency: 'EUR' });
    expect(up.data.lines.map((l) => [l.sku, l.quantity, l.unitPrice.amountMinor])).toEqual([
      ['BOOK-0001', 1, 1416],
      ['MUG-0042', 2, 1416],
    ]);
    expect(up.data.shippingAddress.country).toBe('ZZ');
    expect(orderPlacedV2.validate(up.data)).toBe(true);
  });

  it('a migration that throws on one input fails that event only, as a non-retriable MigrationError', async () => {
    const table = {
      upcasts: [
        {
          from: 'order.placed.v1',
          to: 'order.placed.v2',
          file: 'migrations/order/placed.v1-to-v2.ts',
          migrate: (d: OrderPlacedV1) => {
            if (d.total > 1000) throw new Error('too big');
            return { ...v2, orderId: d.orderId };
          },
        },
      ],
      downcasts: [],
      sunsets: {},
    };
    const messages = await published(async (p) => {
      await p.publishOrderPlacedV1({ ...v1, total: 5000 });
      await p.publishOrderPlacedV1(v1);
    });
    const consumer = skippingConsumer();
    const handled: string[] = [];
    registerLatest(consumer, buildFamilies(orderEventDescriptors, table).get('order.placed')!, (e) => void handled.push(e.eventId));
    const first = await consumer.process(messages[0]!);
    const second = await consumer.process(messages[1]!);
    expect(first).toMatchObject({ status: 'skipped', reason: 'handler-error' });
    const error = (first as { error: Error }).error;
    expect(error).toBeInstanceOf(MigrationError);
    expect(error.message).toMatch(/order\.placed\.v1 → order\.placed\.v2 \(migrations\/order\/placed\.v1-to-v2\.ts\) failed for event .*: it threw: too big/);
    expect((error as MigrationError).retriable).toBe(false);
    expect(second.status).toBe('handled');
    expect(handled).toHaveLength(1);
  });

  it('a migration whose output breaks the next major is a MigrationError naming the issue (strict on the output)', async () => {
    const table = {
      upcasts: [{ from: 'order.placed.v1', to: 'order.placed.v2', file: 'm.ts', migrate: () => ({ ...v2, extra: 1 }) }],
      downcasts: [],
      sunsets: {},
    };
    const [message] = await published((p) => p.publishOrderPlacedV1(v1));
    const consumer = skippingConsumer();
    registerLatest(consumer, buildFamilies(orderEventDescriptors, table).get('order.placed')!, () => undefined);
    const outcome = await consumer.process(message!);
    expect((outcome as { error: Error }).error.message).toMatch(/its output is not a valid order\.placed\.v2: .*extra/);
  });
});

describe('bridge', () => {
  it('publishes v2 and its downcast v1 in one send: same key and correlation, own eventId, linking header', async () => {
    const messages = await published((p) => p.publishOrderPlacedV2(v2, { correlationId: 'corr-9' }), ['order.placed.v2']);
    expect(messages).toHaveLength(2);
    const [m2, m1] = messages.map((m) => ({ m, env: JSON.parse(m.value!.toString('utf8')) }));
    expect([m2!.env.eventType, m1!.env.eventType]).toEqual(['order.placed.v2', 'order.placed.v1']);
    expect(m1!.m.key?.toString()).toBe(m2!.m.key?.toString());
    expect(m1!.env.correlationId).toBe('corr-9');
    expect(m1!.env.eventId).not.toBe(m2!.env.eventId);
    expect(m1!.m.headers[BRIDGED_FROM_HEADER]).toBe(m2!.env.eventId);
    expect(m1!.env.data).toEqual(v1);
    expect(orderPlacedV1.validate(m1!.env.data)).toBe(true);
  });

  it('stops by itself once v1 reached its sunset, and says to delete the downcast', async () => {
    const transport = fakeTransport();
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (m: string) => void warnings.push(m) };
    const families = buildFamilies(orderEventDescriptors, {
      upcasts: [],
      downcasts: [{ from: 'order.placed.v2', to: 'order.placed.v1', file: 'migrations/order/placed.v2-to-v1.ts', migrate: () => v1 }],
      sunsets: { 'order.placed.v1': '2027-06-30' },
    });
    let now = new Date('2027-06-29T23:59:59Z');
    const publisher = withBridges(createPublisher({ transport, source: 's', logger: silentLogger, frameUnknownSchema: 'send-unframed' }), families, {
      eventTypes: ['order.placed.v2'],
      source: 's',
      now: () => now,
      logger,
    });
    await publisher.publish(orderPlacedV2, v2);
    now = new Date('2027-06-30T00:00:00Z');
    await publisher.publish(orderPlacedV2, v2);
    expect(transport.sends.map((s) => s.batches[0]!.messages.length)).toEqual([2, 1]);
    expect(warnings.join('\n')).toMatch(/order\.placed\.v1 reached its sunset 2027-06-30\. Delete migrations\/order\/placed\.v2-to-v1\.ts/);
  });

  it('refuses a bridge for an event type without a downcast, at creation', () => {
    expect(() =>
      createOrderPublisher({ transport: fakeTransport(), source: 's', frameUnknownSchema: 'send-unframed', bridge: ['order.item.added.v1' as never] }),
    ).toThrow(/has no downcast migration/);
  });

  it('a downcast that cannot express the event sends nothing (both or neither)', async () => {
    const transport = fakeTransport();
    const publisher = createOrderPublisher({ transport, source: 's', frameUnknownSchema: 'send-unframed', bridge: ['order.placed.v2'], logger: silentLogger });
    await expect(publisher.publishOrderPlacedV2({ ...v2, total: { amountMinor: 100, currency: 'USD' } })).rejects.toThrow(/carries EUR only/);
    expect(transport.sends).toHaveLength(0);
  });
});
