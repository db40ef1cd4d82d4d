#!/usr/bin/env node
// Consumer throughput with an upcast on every event (order.placed.v1 → v2 through the generated package's
// migration, output validated strictly) vs the same orders already at the latest major (v2), both through
// `onLatest` of the generated consumer, in process (decode → tolerant validation → [upcast → strict] → handler).
// Prints events/s of each and the ratio (target ≥ 0.8×). `npm run bench -- upcast`.
import { randomUUID } from 'node:crypto';
import { silentLogger } from '@event-contracts/runtime';
import { createOrderConsumer } from '../generated/order-events/index.js';

const N = Number(process.env.BENCH_EVENTS ?? 50_000);
const ROUNDS = 5;
const user = '3f6c2a5e-8a7b-4c1d-9e2f-0a1b2c3d4e5f';
const noTransport = {
  producer: () => {
    throw new Error('unused');
  },
  consumer: () => {
    throw new Error('unused');
  },
};

function message(eventType, eventVersion, data, offset) {
  const envelope = { eventId: randomUUID(), eventType, eventVersion, timestamp: '2026-11-02T10:00:00.000Z', source: 'bench', data };
  return {
    topic: 'order.placed',
    partition: 0,
    offset: String(offset),
    key: Buffer.from(data.orderId),
    value: Buffer.from(JSON.stringify(envelope)),
    headers: {},
    timestamp: '0',
  };
}
const v1 = (orderId) => ({
  orderId,
  userId: user,
  total: 42.5,
  lines: [
    { sku: 'BOOK-0001', quantity: 1 },
    { sku: 'MUG-0042', quantity: 2 },
  ],
  placedAt: '2026-11-02T10:00:00Z',
});
const v2 = (orderId) => ({
  orderId,
  customer: { userId: user },
  total: { amountMinor: 4250, currency: 'EUR' },
  lines: [
    { sku: 'BOOK-0001', quantity: 1, unitPrice: { amountMinor: 1416, currency: 'EUR' } },
    { sku: 'MUG-0042', quantity: 2, unitPrice: { amountMinor: 1416, currency: 'EUR' } },
  ],
  shippingAddress: { line1: 'unknown (order.placed.v1)', city: 'unknown', postalCode: 'ZZ', country: 'ZZ' },
  placedAt: '2026-11-02T10:00:00Z',
});

const ids = Array.from({ length: N }, () => randomUUID());
const upcastMessages = ids.map((id, i) => message('order.placed.v1', '1.0.0', v1(id), i));
const latestMessages = ids.map((id, i) => message('order.placed.v2', '2.0.0', v2(id), i));

async function throughput(messages) {
  let sum = 0;
  const consumer = createOrderConsumer({
    transport: noTransport,
    groupId: 'bench',
    deadLetter: false,
    retry: false,
    handleSignals: false,
    logger: silentLogger,
  }).onLatest('order.placed', (event) => {
    sum += event.data.total.amountMinor;
  });
  const start = process.hrtime.bigint();
  for (const m of messages) {
    const outcome = await consumer.process(m);
    if (outcome.status !== 'handled') throw new Error(`not handled: ${outcome.status} ${outcome.error?.message ?? ''}`);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (sum !== 4250 * messages.length) throw new Error('wrong totals');
  return messages.length / seconds;
}

// Warm up both paths, then alternate rounds so drift (GC, CPU sharing) hits both alike; report medians.
await throughput(upcastMessages.slice(0, 5000));
await throughput(latestMessages.slice(0, 5000));
const up = [];
const latest = [];
for (let r = 0; r < ROUNDS; r++) {
  latest.push(await throughput(latestMessages));
  up.push(await throughput(upcastMessages));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const u = median(up);
const l = median(latest);
console.log(`consumer, ${N} events × ${ROUNDS} rounds (median):`);
console.log(`  already v2 (no upcast)      ${Math.round(l).toLocaleString('en-US')} events/s`);
console.log(`  v1 upcast to v2 (+ strict)  ${Math.round(u).toLocaleString('en-US')} events/s`);
console.log(`  ratio upcast / latest: ${(u / l).toFixed(2)}× (target ≥ 0.80×)`);
