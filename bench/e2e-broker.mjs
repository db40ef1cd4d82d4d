// End to end on a real Kafka broker: the generated publisher + generated consumer (`generated/user-events`) against raw
// kafkajs producing and consuming the same pre-serialised bytes. Same broker, same topic settings (3 partitions),
// same batch size, same compression, same partitioner, same consumer settings; one send in flight on both sides.
//
// Run: npm run build && node bench/e2e-broker.mjs
//   options: --events=20000 (per contender per round) --batch=500 --rounds=5 --compression=gzip|none --timeout=180 (s per run)
//   Starts its own broker (test/infra/services) and stops it at the end; with KAFKA_BROKERS set it uses that broker.
//
// ours: `createUserPublisher().publishBatch(items)` (validate, envelope, serialise, frame, headers, key: all inside the
//       timed region) → broker → `createUserConsumer().on('user.created.v1', …)` (unframe, parse, envelope check,
//       tolerant validation, dispatch).
// raw:  `producer.sendBatch()` of the bytes our encoder produced before timing → broker → `consumer.run({eachMessage})`
//       that only counts (the floor: no decode at all).
// Rate = events / (first send → last event consumed). Contenders alternate within each round (order flipped every
// round); the ratio is computed per round and the median printed, which keeps it usable on a shared machine.
import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';
import { encodeEvent, silentLogger } from '@event-contracts/runtime';
import { createUserConsumer, createUserPublisher, userCreatedV1 } from '../generated/user-events/index.js';
import { startServices } from '../test/infra/services/index.mjs';

const { Kafka, CompressionTypes, Partitioners, logLevel } = kafkajs;

const opt = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const EVENTS = Number(opt('events', 20_000));
const BATCH = Number(opt('batch', 500));
const ROUNDS = Number(opt('rounds', 5));
const COMPRESSION = opt('compression', 'gzip');
const TIMEOUT_MS = Number(opt('timeout', 180)) * 1000;
if (!['gzip', 'none'].includes(COMPRESSION)) throw new Error(`--compression must be gzip or none (kafkajs has no other codec built in), got ${COMPRESSION}`);
const RUN = randomUUID().slice(0, 8);
const SCHEMA_ID = 1;
const SOURCE = 'bench-e2e';
const log = (line) => process.stderr.write(`${line}\n`);

// ---- the broker ------------------------------------------------------------------------------------------------
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
const closers = [];
async function shutdown(code) {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  if (services) await services.stop();
  process.exit(code);
}
process.once('SIGINT', () => void shutdown(130));
process.once('SIGTERM', () => void shutdown(143));

try {
  await main();
  await shutdown(0);
} catch (error) {
  log(`e2e-broker: ${error.stack ?? error}`);
  await shutdown(1);
}

async function main() {
  const kafka = new Kafka({ clientId: `bench-raw-${RUN}`, brokers, logLevel: logLevel.WARN });
  const ourTopic = userCreatedV1.topic; // the generated publisher sends to the contract's topic
  const rawTopic = `bench.e2e.raw.${RUN}`;
  const admin = kafka.admin();
  await admin.connect();
  const existing = new Set(await admin.listTopics());
  await admin.createTopics({
    topics: [ourTopic, rawTopic].filter((t) => !existing.has(t)).map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })),
    waitForLeaders: true,
  });
  await admin.disconnect();

  // ---- the events: user.created.v1, distinct user ids (keys spread over the partitions) ----------------------------
  const data = Array.from({ length: EVENTS }, (_, i) => ({
    userId: randomUUID(),
    email: `user${i}@example.com`,
    displayName: `User Number ${i}`,
    locale: 'en-GB',
    marketingOptIn: i % 2 === 0,
    createdAt: new Date(Date.UTC(2026, 10, 2, 9, 15, 0, i)).toISOString(),
  }));
  const ourItems = data.map((d) => ({ eventType: 'user.created.v1', data: d }));
  const encoded = data.map((d) => encodeEvent(userCreatedV1, d, { source: SOURCE, schemaId: SCHEMA_ID }).message);
  const rawMessages = encoded.map((m) => ({ key: m.key, value: m.value, headers: m.headers }));
  const chunks = (array) => Array.from({ length: Math.ceil(array.length / BATCH) }, (_, i) => array.slice(i * BATCH, (i + 1) * BATCH));
  const ourBatches = chunks(ourItems);
  const rawBatches = chunks(rawMessages);
  const bytes = encoded.reduce((n, m) => n + m.value.length, 0);
  log(
    `events: user.created.v1, ${EVENTS} per run, ${Math.round(bytes / EVENTS)} bytes framed value on average, batches of ${BATCH}, ${COMPRESSION}, 3 partitions, ${ROUNDS} rounds`,
  );

  // ---- contenders: a counting consumer that is already running, and a sender ------------------------------------
  const counter = () => {
    const c = { count: 0, target: Infinity, done: undefined };
    c.add = () => {
      if (++c.count >= c.target && c.done) {
        const done = c.done;
        c.done = undefined;
        done();
      }
    };
    c.until = (target) =>
      new Promise((resolve) => {
        if (c.count >= target) return resolve();
        c.target = target;
        c.done = resolve;
      });
    return c;
  };

  const ours = { name: 'ours', seen: counter() };
  const publisher = createUserPublisher({
    brokers,
    clientId: `bench-ours-${RUN}`,
    source: SOURCE,
    schemaIds: { [userCreatedV1.subject]: SCHEMA_ID },
    compression: COMPRESSION,
    logger: silentLogger,
  });
  const consumer = createUserConsumer({
    brokers,
    clientId: `bench-ours-${RUN}`,
    groupId: `bench-e2e-ours-${RUN}`,
    logger: silentLogger,
    onUnknownEventType: 'skip',
  }).on('user.created.v1', () => ours.seen.add());
  closers.push(
    () => publisher.disconnect(),
    () => consumer.stop(),
  );
  await consumer.start();
  ours.send = async () => {
    for (const batch of ourBatches) await publisher.publishBatch(batch);
  };
  ours.warm = () => publisher.publishBatch(ourItems.slice(0, 10));

  const raw = { name: 'raw', seen: counter() };
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const rawConsumer = kafka.consumer({ groupId: `bench-e2e-raw-${RUN}` });
  closers.push(
    () => producer.disconnect(),
    () => rawConsumer.disconnect(),
  );
  await producer.connect();
  await rawConsumer.connect();
  await rawConsumer.subscribe({ topics: [rawTopic], fromBeginning: false });
  await rawConsumer.run({ eachMessage: async ({ message }) => void (message.value && raw.seen.add()) });
  const compression = COMPRESSION === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
  const rawSend = (messages) => producer.sendBatch({ topicMessages: [{ topic: rawTopic, messages }], compression });
  raw.send = async () => {
    for (const batch of rawBatches) await rawSend(batch);
  };
  raw.warm = () => rawSend(rawMessages.slice(0, 10));

  // Warm-up: connections, metadata, group joins. The consumers start at the latest offsets once they joined, so
  // warm-up batches are repeated until one arrives; then the counts settle and the timed runs begin.
  for (const c of [ours, raw]) {
    const deadline = Date.now() + TIMEOUT_MS;
    while (c.seen.count === 0) {
      if (Date.now() > deadline) throw new Error(`${c.name}: warm-up events never arrived`);
      await c.warm();
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  await new Promise((r) => setTimeout(r, 1000));

  async function run(c, send = c.send, events = EVENTS) {
    const target = c.seen.count + events;
    const arrived = c.seen.until(target);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await send();
    const sent = performance.now();
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${c.name}: only ${c.seen.count - (target - events)} of ${events} events consumed after ${TIMEOUT_MS / 1000} s`)),
        TIMEOUT_MS,
      );
    });
    await Promise.race([arrived, timeout]).finally(() => clearTimeout(timer));
    const t1 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    // Late extra deliveries would mean a redelivery; they are counted and reported.
    return { e2e: events / ((t1 - t0) / 1000), publish: events / ((sent - t0) / 1000), seconds: (t1 - t0) / 1000, cpuUs: (cpu.user + cpu.system) / events };
  }

  // One untimed round of a few thousand events each, so that both sides run JIT-compiled code when timing starts.
  const warmEvents = Math.min(EVENTS, 5 * BATCH);
  await run(
    ours,
    async () => {
      for (const batch of ourBatches.slice(0, 5)) await publisher.publishBatch(batch);
    },
    warmEvents,
  );
  await run(
    raw,
    async () => {
      for (const batch of rawBatches.slice(0, 5)) await rawSend(batch);
    },
    warmEvents,
  );

  const fmt = (n) => Math.round(n).toLocaleString('en-US').padStart(8);
  const rows = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const order = round % 2 === 1 ? [ours, raw] : [raw, ours];
    const result = {};
    for (const c of order) result[c.name] = await run(c);
    const ratio = result.ours.e2e / result.raw.e2e;
    rows.push({ ...result, ratio, publishRatio: result.ours.publish / result.raw.publish, cpuRatio: result.raw.cpuUs / result.ours.cpuUs });
    log(
      `round ${round} (${order.map((c) => c.name).join(' first, ')}): ours ${fmt(result.ours.e2e)} ev/s e2e (${result.ours.seconds.toFixed(2)} s), ` +
        `raw ${fmt(result.raw.e2e)} ev/s e2e (${result.raw.seconds.toFixed(2)} s), ratio ${ratio.toFixed(2)}; ` +
        `CPU ${result.ours.cpuUs.toFixed(0)} vs ${result.raw.cpuUs.toFixed(0)} µs/ev`,
    );
  }
  await new Promise((r) => setTimeout(r, 500));
  const extra = { ours: ours.seen.count, raw: raw.seen.count };

  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const med = (pick) => median(rows.map(pick));
  console.log(
    `\nend to end on the real broker (${brokers.join(',')}), ${EVENTS} user.created.v1 events per run, batches of ${BATCH}, ${COMPRESSION}, median of ${ROUNDS} rounds`,
  );
  console.log(
    `  publish → last consumed   ours ${fmt(med((r) => r.ours.e2e))} ev/s   raw ${fmt(med((r) => r.raw.e2e))} ev/s   ours/raw ${med((r) => r.ratio).toFixed(2)}×  (per round: ${rows.map((r) => r.ratio.toFixed(2)).join(', ')}; target ≥ 0.90×)`,
  );
  console.log(
    `  publish only (acked)      ours ${fmt(med((r) => r.ours.publish))} ev/s   raw ${fmt(med((r) => r.raw.publish))} ev/s   ours/raw ${med((r) => r.publishRatio).toFixed(2)}×`,
  );
  console.log(
    `  CPU of this process       ours ${med((r) => r.ours.cpuUs)
      .toFixed(1)
      .padStart(8)} µs/ev  raw ${med((r) => r.raw.cpuUs)
      .toFixed(1)
      .padStart(8)} µs/ev  raw/ours ${med((r) => r.cpuRatio).toFixed(2)}×  (producer + consumer, both sides of the pipe)`,
  );
  console.log(`  events consumed in total (incl. warm-up): ours ${extra.ours}, raw ${extra.raw}`);
}
