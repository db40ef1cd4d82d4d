/**
 * A service-shaped usage file, compiled with `tsc` strict against the generated packages
 * (test/unit/generate/type-tests.test.ts runs it). Every `@ts-expect-error` marks code that must
 * NOT compile; tsc fails on an expectation that stops being an error ("Unused directive").
 */
import { createMemoryIdempotencyStore, NonRetriableError, type IdempotencyStore, type ObservedOutcome } from '@event-contracts/runtime';
import { createOrderConsumer, createOrderPublisher, orderPlacedV2, type OrderPlacedTopicEvent, type OrderPlacedV2 } from '@acme/order-events';
import { createPaymentConsumer, type PaymentProcessedV1Event } from '@acme/payment-events';
import { createUserEvents, type UserCreatedV1 } from '@acme/user-events';
import { createPostgresIdempotencyStore } from '@event-contracts/runtime';

export async function checkout(): Promise<void> {
  const orders = createOrderPublisher({ source: 'checkout-service' });
  const placed: OrderPlacedV2 = {
    orderId: '6d1e4c1a-5b0f-4f7e-9a64-2b3c4d5e6f70',
    customer: { userId: '3f6c2a5e-8a7b-4c1d-9e2f-0a1b2c3d4e5f' },
    total: { amountMinor: 4250, currency: 'EUR' },
    lines: [{ sku: 'BOOK-0001', quantity: 1, unitPrice: { amountMinor: 4250, currency: 'EUR' } }],
    shippingAddress: { line1: '12 Analytical Row', city: 'London', postalCode: 'N1 9GU', country: 'GB' },
    placedAt: '2026-11-02T10:00:00Z',
  };

  const envelope = await orders.publishOrderPlacedV2(placed, { correlationId: 'c-1' });
  const literal: 'order.placed.v2' = envelope.eventType;
  const version: string = envelope.eventVersion;
  orders.emitOrderPlacedV2(placed);
  await orders.publish('order.placed.v2', placed);
  await orders.publishBatch([{ eventType: 'order.placed.v2', data: placed }]);

  // Transactional outbox: a node-postgres client, a Prisma transaction, or an executor.
  const pgClient = { query: async (_text: string, _values?: unknown[]) => ({ rows: [], rowCount: 1 }) };
  const prismaTx = { $executeRawUnsafe: async (_query: string, ..._values: unknown[]) => 1 };
  const inOutbox = await orders.outbox.add(pgClient, { eventType: 'order.placed.v2', data: placed });
  const outboxType: 'order.placed.v2' = inOutbox.eventType;
  await orders.outbox.addMany(prismaTx, [{ eventType: 'order.placed.v2', data: placed, options: { key: 'k' } }]);
  // @ts-expect-error outbox events are typed per event type (v1 payload ≠ v2)
  await orders.outbox.add(pgClient, { eventType: 'order.placed.v1', data: placed });
  // @ts-expect-error tx must be a client, a Prisma transaction or an executor
  await orders.outbox.add({ begin: () => undefined }, { eventType: 'order.placed.v2', data: placed });

  // @ts-expect-error wrong payload: `total` is Money in v2, not a number
  await orders.publishOrderPlacedV2({ ...placed, total: 42.5 });

  // @ts-expect-error unknown event name
  await orders.publish('order.cancelled.v1', placed);

  // @ts-expect-error the generic publish picks the payload type from the event type (v1 payload ≠ v2)
  await orders.publish('order.placed.v1', placed);

  // @ts-expect-error missing partition key field: `orderId` is x-partition-key and required
  await orders.publishOrderPlacedV2({
    customer: placed.customer,
    total: placed.total,
    lines: placed.lines,
    shippingAddress: placed.shippingAddress,
    placedAt: placed.placedAt,
  });

  // @ts-expect-error undeclared property: producers emit only declared fields
  await orders.publishOrderPlacedV2({ ...placed, couponCode: 'X' } satisfies OrderPlacedV2);

  // @ts-expect-error publishBatch items are typed per event type too
  await orders.publishBatch([{ eventType: 'order.placed.v2', data: { orderId: 'x' } }]);

  const users = createUserEvents({ source: 'identity-service' });
  const user: UserCreatedV1 = { userId: '3f6c2a5e-8a7b-4c1d-9e2f-0a1b2c3d4e5f', email: 'ada@example.com', createdAt: '2026-11-02T10:00:00Z' };
  await users.publishUserCreatedV1(user);
  // @ts-expect-error missing partition key field `userId`
  users.emitUserCreatedV1({ email: 'ada@example.com', createdAt: '2026-11-02T10:00:00Z' });
  // @ts-expect-error methods exist only for this package's event types
  users.publishOrderPlacedV2(placed);

  void literal;
  void version;
  void outboxType;
  await orders.disconnect();
  await users.disconnect();
}

export async function billing(): Promise<void> {
  const consumer = createOrderConsumer({ groupId: 'billing' });
  consumer
    .on('order.placed.v2', async (event) => {
      const type: 'order.placed.v2' = event.eventType;
      const cents: number = event.data.total.amountMinor;
      const country: string = event.data.shippingAddress.country;
      void type;
      void cents;
      void country;
    })
    .on('order.placed.v1', (event) => {
      const total: number = event.data.total;
      // @ts-expect-error v1 has no shippingAddress
      void event.data.shippingAddress;
      void total;
    });
  // @ts-expect-error unknown event name
  consumer.on('order.cancelled.v1', async () => {});
  // @ts-expect-error the handler's event is the envelope of the named event type
  consumer.on('order.item.added.v1', async (event: { eventType: 'order.placed.v2' }) => void event);
  // @ts-expect-error topics are this package's topics
  createOrderConsumer({ topics: ['payments'] });

  const payments = createPaymentConsumer({ groupId: 'billing', topics: ['payments'] });
  payments.on('payment.processed.v1', (event: PaymentProcessedV1Event) => {
    const status: 'succeeded' | 'failed' = event.data.status;
    void status;
  });
  await consumer.start();
  await payments.start();
}

/** Delivery options through a generated package: the store's transaction type reaches the handler as ctx.tx. */
export async function delivery(): Promise<void> {
  interface Tx {
    query(sql: string): Promise<void>;
  }
  const store: IdempotencyStore<Tx> = { runOnce: async () => 'processed' };
  const consumer = createOrderConsumer({
    groupId: 'shipping',
    idempotency: store,
    retry: { attempts: 3, retriable: (e) => !(e instanceof NonRetriableError) },
    retryByEventType: { 'order.placed.v2': { attempts: 10 }, 'order.placed.v1': false },
    onOutcome: (o: ObservedOutcome) => {
      if (o.status === 'dead-lettered') void o.deadLetterTopic;
      if (o.status === 'retrying') void o.delayMs;
    },
  });
  consumer.onLatest('order.placed', async (event, ctx) => {
    // onLatest handlers see the store's transaction type like on() handlers do
    await ctx.tx?.query(`upsert ${event.eventId} (arrived as ${ctx.arrived.eventType})`);
    // @ts-expect-error ctx.tx is the store's Tx, not unknown
    await ctx.tx?.execute('no such method');
  });
  consumer.on('order.placed.v2', async (event, ctx) => {
    await ctx.tx?.query(`insert ${event.eventId}`);
    const attempt: number = ctx.attempt;
    const trace: string | undefined = ctx.traceparent;
    void attempt;
    void trace;
    // @ts-expect-error ctx.tx may be undefined (the in-memory store passes none)
    await ctx.tx.query('x');
  });
  // @ts-expect-error retryByEventType keys are this package's event types
  createOrderConsumer({ retryByEventType: { 'payment.processed.v1': { attempts: 2 } } });
  createOrderConsumer({ idempotency: createMemoryIdempotencyStore(), deadLetter: { topic: (t) => `${t}.dead` } });
  // @ts-expect-error 'dead-letter' is a policy, 'drop' is not
  createOrderConsumer({ onInvalid: 'drop' });
  await consumer.start();
}

/** The per-topic union is discriminated by eventType. */
export function describe(event: OrderPlacedTopicEvent): string {
  switch (event.eventType) {
    case 'order.placed.v1':
      return `${event.data.total} EUR`;
    case 'order.placed.v2':
      return `${event.data.total.amountMinor} ${event.data.total.currency}`;
    default: {
      const never: never = event;
      return never;
    }
  }
}

// Descriptors carry the contract's routing data as literal types.
const eventType: 'order.placed.v2' = orderPlacedV2.eventType;
const topic: string = orderPlacedV2.topic;
void eventType;
void topic;

// The strong form of PostgreSQL idempotency: ctx.tx is the store's transaction, typed from the `idempotency` option.
export async function chargeOnce(): Promise<void> {
  const idempotency = await createPostgresIdempotencyStore({ databaseUrl: 'postgres://billing@127.0.0.1:5432/billing' });
  createOrderConsumer({ groupId: 'billing', idempotency }).on('order.placed.v2', async (event, ctx) => {
    await ctx.tx?.query('INSERT INTO charges (order_id) VALUES ($1)', [event.data.orderId]);
    // @ts-expect-error ctx.tx is the store's transaction (a client with query), not any
    await ctx.tx?.commitEverything();
  });
  createOrderConsumer({ groupId: 'audit' }).on('order.placed.v2', async (_event, ctx) => {
    // @ts-expect-error without a transactional store, ctx.tx is unknown
    await ctx.tx?.query('SELECT 1');
  });
}
