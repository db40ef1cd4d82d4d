// The cost of in-memory idempotency in the consumer: the generated user-events consumer dispatching the same
// pre-encoded events through its whole per-message pipeline (decode, envelope check, tolerant validation, retries
// wrapper, handler) with `idempotency: createMemoryIdempotencyStore()` against the same consumer without it.
// In process, no broker: the broker's share is identical on both sides, so this isolates what the store adds.
// Target: with / without ≥ 0.9×.
//
// Run: npm run build && node bench/consumer-idempotency.mjs [--events=100000] [--rounds=5]
import { createMemoryIdempotencyStore, encodeEvent, silentLogger } from '@event-contracts/runtime';
import { createUserConsumer, userCreatedV1 } from '../generated/user-events/index.js';

const opt = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const EVENTS = Number(opt('events', 100_000));
const ROUNDS = Number(opt('rounds', 5));

const messages = Array.from({ length: EVENTS }, (_, i) => {
  const { message } = encodeEvent(userCreatedV1, { userId: `3f6c2a5e-8a7b-4c1d-9e2f-${String(i).padStart(12, '0')}`, email: `u${i}@example.com`, createdAt: '2026-11-02T10:00:00Z' }, { source: 'bench', schemaId: 7 });
  return { topic: 'user.created', partition: 0, offset: String(i), key: Buffer.from(message.key ?? ''), value: message.value, headers: message.headers, timestamp: '0' };
});

const noTransport = { producer: () => ({ connect: async () => {}, send: async () => {}, disconnect: async () => {} }), consumer: () => { throw new Error('not used'); } };

async function run(withStore) {
  let handled = 0;
  const consumer = createUserConsumer({
    groupId: 'bench',
    transport: noTransport,
    logger: silentLogger,
    handleSignals: false,
    ...(withStore ? { idempotency: createMemoryIdempotencyStore({ maxEntries: EVENTS * 2 }) } : {}),
  }).on('user.created.v1', async (event) => {
    if (event.data.userId) handled++;
  });
  const t0 = performance.now();
  for (const m of messages) await consumer.process(m);
  const seconds = (performance.now() - t0) / 1000;
  if (handled !== EVENTS) throw new Error(`handled ${handled} of ${EVENTS}`);
  return EVENTS / seconds;
}

const best = { with: 0, without: 0 };
for (let r = 0; r < ROUNDS; r++) {
  // Alternate the order every round so warm-up and GC do not favour one side.
  const order = r % 2 === 0 ? ['without', 'with'] : ['with', 'without'];
  for (const side of order) best[side] = Math.max(best[side], await run(side === 'with'));
}
const ratio = best.with / best.without;
console.log(`consumer without idempotency: ${Math.round(best.without).toLocaleString('en')} events/s (best of ${ROUNDS})`);
console.log(`consumer with in-memory idempotency: ${Math.round(best.with).toLocaleString('en')} events/s (best of ${ROUNDS})`);
console.log(`ratio with/without: ${ratio.toFixed(2)}× (target ≥ 0.90×) ${ratio >= 0.9 ? 'OK' : 'BELOW TARGET'}`);
process.exitCode = ratio >= 0.9 ? 0 : 1;
