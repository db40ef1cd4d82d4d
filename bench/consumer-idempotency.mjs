// The cost of in-memory idempotency in the consumer: the generated user-events consumer dispatching the same
// pre-encoded events through its whole per-message pipeline (decode, envelope check, tolerant validation, retries
// wrapper, handler) with `idempotency: createMemoryIdempotencyStore()` against the same consumer without it.
// In process, no broker: the broker's share is identical on both sides, so this isolates what the store adds.
// Target: with / without ≥ 0.9×.
//
// Also printed, outside the verdict: a control consumer whose handler only remembers each eventId in a bare `Map`
// (the least any store keeping the ids as strings could cost).
//
// Run: npm run build && node bench/consumer-idempotency.mjs [--events=100000] [--rounds=7]
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createMemoryIdempotencyStore, encodeEvent, silentLogger } from '@event-contracts/runtime';
import { createUserConsumer, userCreatedV1 } from '../generated/user-events/index.js';

const opt = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const EVENTS = Number(opt('events', 100_000));
const ROUNDS = Number(opt('rounds', 7));

const messages = Array.from({ length: EVENTS }, (_, i) => {
  const { message } = encodeEvent(
    userCreatedV1,
    { userId: `3f6c2a5e-8a7b-4c1d-9e2f-${String(i).padStart(12, '0')}`, email: `u${i}@example.com`, createdAt: '2026-11-02T10:00:00Z' },
    { source: 'bench', schemaId: 7 },
  );
  return {
    topic: 'user.created',
    partition: 0,
    offset: String(i),
    key: Buffer.from(message.key ?? ''),
    value: message.value,
    headers: message.headers,
    timestamp: '0',
  };
});

const noTransport = {
  producer: () => ({ connect: async () => {}, send: async () => {}, disconnect: async () => {} }),
  consumer: () => {
    throw new Error('not used');
  },
};

// A full GC before each run (each run creates its consumer, and its store, afresh): a run starts from the same heap
// whatever ran before it, instead of paying for the previous run's garbage (a replaced store's table, or strings).
setFlagsFromString('--expose-gc');
const fullGc = runInNewContext('gc');

async function run(side) {
  let handled = 0;
  const seen = new Map();
  const consumer = createUserConsumer({
    groupId: 'bench',
    transport: noTransport,
    logger: silentLogger,
    handleSignals: false,
    ...(side === 'with' ? { idempotency: createMemoryIdempotencyStore({ maxEntries: EVENTS * 2 }) } : {}),
  }).on('user.created.v1', async (event) => {
    if (side === 'map' && !seen.has(event.eventId)) seen.set(event.eventId, 1);
    if (event.data.userId) handled++;
  });
  fullGc();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (const m of messages) await consumer.process(m);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0); // this process's CPU time, GC threads included
  if (handled !== EVENTS) throw new Error(`handled ${handled} of ${EVENTS}`);
  return { wall: EVENTS / seconds, cpu: EVENTS / ((cpu.user + cpu.system) / 1e6) };
}

// Several rounds, both sides in every round (the order alternated so warm-up and GC favour neither); the median
// of each side is compared, not the best, so one lucky round on a shared machine cannot make the verdict.
// The verdict is on wall-clock throughput; events per CPU-second are printed too, since on a shared machine they
// move less with the other processes' load.
const rates = { with: [], without: [], map: [] };
const cpuRates = { with: [], without: [], map: [] };
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 === 0 ? ['without', 'with', 'map'] : ['map', 'with', 'without'];
  for (const side of order) {
    const { wall, cpu } = await run(side);
    rates[side].push(wall);
    cpuRates[side].push(cpu);
  }
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const m = { with: median(rates.with), without: median(rates.without) };
const ratio = m.with / m.without;
const perRound = rates.with.map((w, i) => (w / rates.without[i]).toFixed(2)).join(' ');
console.log(
  `consumer without idempotency: ${Math.round(m.without).toLocaleString('en')} events/s (median of ${ROUNDS} rounds of ${EVENTS.toLocaleString('en')})`,
);
console.log(
  `consumer with in-memory idempotency: ${Math.round(m.with).toLocaleString('en')} events/s (median of ${ROUNDS} rounds of ${EVENTS.toLocaleString('en')})`,
);
console.log(`per-round ratios: ${perRound}`);
console.log(
  `per CPU-second (medians): without ${Math.round(median(cpuRates.without)).toLocaleString('en')}, with ${Math.round(median(cpuRates.with)).toLocaleString('en')} events/s, ratio ${(median(cpuRates.with) / median(cpuRates.without)).toFixed(2)}×`,
);
console.log(
  `control, a bare Map of the eventIds in the handler: ${(median(rates.map) / m.without).toFixed(2)}× (per CPU-second ${(median(cpuRates.map) / median(cpuRates.without)).toFixed(2)}×)`,
);
console.log(`ratio with/without (medians): ${ratio.toFixed(2)}× (target ≥ 0.90×) ${ratio >= 0.9 ? 'OK' : 'BELOW TARGET'}`);
process.exitCode = ratio >= 0.9 ? 0 : 1;
