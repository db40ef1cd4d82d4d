// The cost of in-memory idempotency as a service sees it: the generated user-events consumer reading the same
// events from a real Kafka broker, with `idempotency: createMemoryIdempotencyStore()` against the same consumer
// without it. bench/consumer-idempotency.mjs measures the store's share of the in-process pipeline alone (no fetch,
// no decompression, no commit), the strictest view; this one measures the whole consumer, the wording.
// Target: with / without ≥ 0.9×.
//
// The events (distinct UUID eventIds, keys spread over 3 partitions, framed as our publisher frames them) are
// produced once. Each run is a fresh consumer group reading the topic from the beginning, partitions consumed
// concurrently; its rate is events / (first event handled → last event handled), so the group join, identical on
// both sides and not throughput, is left out. Contenders alternate within each round (order flipped every round);
// the median of the per-round ratios is the verdict.
//
// Run: npm run build && node bench/consumer-idempotency-broker.mjs [--events=60000] [--rounds=5] [--compression=gzip|none]
//   Starts its own broker (test/infra/services) and stops it at the end; with KAFKA_BROKERS set it uses that broker.
import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';
import { createMemoryIdempotencyStore, encodeEvent, silentLogger } from '@event-contracts/runtime';
import { createUserConsumer, userCreatedV1 } from '../generated/user-events/index.js';
import { startServices } from '../test/infra/services/index.mjs';

const { Kafka, CompressionTypes, Partitioners, logLevel } = kafkajs;
const opt = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const EVENTS = Number(opt('events', 60_000));
const ROUNDS = Number(opt('rounds', 5));
const COMPRESSION = opt('compression', 'gzip');
const RUN_TIMEOUT_MS = 180_000;
if (!['gzip', 'none'].includes(COMPRESSION)) throw new Error(`--compression must be gzip or none, got ${COMPRESSION}`);
const RUN = randomUUID().slice(0, 8);
const log = (line) => process.stderr.write(`${line}\n`);

let services;
let brokers;
if (process.env.KAFKA_BROKERS) {
  brokers = process.env.KAFKA_BROKERS.split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  log(`broker: using KAFKA_BROKERS=${brokers.join(',')}`);
} else {
  services = await startServices(['kafka']);
  brokers = services.kafka.brokers;
}
const kafka = new Kafka({ clientId: `bench-idem-${RUN}`, brokers, logLevel: logLevel.WARN });
const topic = `bench.idempotency.${RUN}`;
let code = 0;
try {
  code = await main();
} catch (error) {
  log(`consumer-idempotency-broker: ${error.stack ?? error}`);
  code = 1;
} finally {
  const admin = kafka.admin();
  await admin.connect().catch(() => undefined);
  await admin.deleteTopics({ topics: [topic, `${topic}.dlq`] }).catch(() => undefined);
  await admin.disconnect().catch(() => undefined);
  if (services) await services.stop();
}
process.exit(code);

async function main() {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
  await admin.disconnect();

  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const compression = COMPRESSION === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
  for (let i = 0; i < EVENTS; i += 1000) {
    const messages = [];
    for (let j = i; j < Math.min(EVENTS, i + 1000); j++) {
      const data = { userId: randomUUID(), email: `u${j}@example.com`, createdAt: '2026-11-02T10:00:00Z' };
      const { message } = encodeEvent(userCreatedV1, data, { source: 'bench', schemaId: 7 });
      messages.push({ key: message.key, value: message.value, headers: message.headers });
    }
    await producer.send({ topic, messages, compression });
  }
  await producer.disconnect();
  log(`events: ${EVENTS} user.created.v1 on ${topic} (3 partitions, ${COMPRESSION}), ${ROUNDS} rounds`);

  const rates = { with: [], without: [] };
  const ratios = [];
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? ['without', 'with'] : ['with', 'without'];
    const round = {};
    for (const side of order) round[side] = await consume(side === 'with', `bench-idem-${RUN}-${side}-${r}`);
    rates.with.push(round.with);
    rates.without.push(round.without);
    ratios.push(round.with / round.without);
  }
  const ratio = median(ratios);
  const fmt = (xs) => `${Math.round(median(xs)).toLocaleString('en')} events/s`;
  console.log(`consumer on a real broker without idempotency: ${fmt(rates.without)} (median of ${ROUNDS} runs of ${EVENTS.toLocaleString('en')})`);
  console.log(`consumer on a real broker with in-memory idempotency: ${fmt(rates.with)} (median of ${ROUNDS} runs)`);
  console.log(`per-round ratios: ${ratios.map((x) => x.toFixed(2)).join(' ')}`);
  console.log(`ratio with/without (median of the rounds): ${ratio.toFixed(2)}× (target ≥ 0.90×) ${ratio >= 0.9 ? 'OK' : 'BELOW TARGET'}`);
  return ratio >= 0.9 ? 0 : 1;
}

/** One fresh group reads the whole topic; resolves events per second between the first and the last event handled. */
async function consume(withStore, groupId) {
  let handled = 0;
  let first = 0;
  let finished;
  const done = new Promise((resolve) => (finished = resolve));
  const consumer = createUserConsumer({
    brokers,
    clientId: groupId,
    groupId,
    topics: [topic],
    fromBeginning: true,
    partitionsConsumedConcurrently: 3,
    registryUrl: false,
    handleSignals: false,
    logger: silentLogger,
    ...(withStore ? { idempotency: createMemoryIdempotencyStore() } : {}),
  }).on('user.created.v1', (event) => {
    if (handled === 0) first = performance.now();
    if (event.data.userId && ++handled === EVENTS) finished(performance.now());
  });
  await consumer.start();
  const timer = setTimeout(() => finished(undefined), RUN_TIMEOUT_MS);
  const last = await done;
  clearTimeout(timer);
  await consumer.stop();
  if (last === undefined) throw new Error(`${groupId}: handled ${handled} of ${EVENTS} events within ${RUN_TIMEOUT_MS / 1000} s`);
  return (EVENTS - 1) / ((last - first) / 1000);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
