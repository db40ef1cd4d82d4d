// Memory of a consumer process dispatching 100k events from a real Kafka broker: the generated consumer
// (`generated/user-events`, `createUserConsumer().on('user.created.v1', …)`: unframe, parse, envelope check, tolerant
// validation, dispatch) against a raw kafkajs consumer of the same bytes (`eachMessage` that only counts).
//
// Run: npm run build && node bench/consumer-memory.mjs
//   options: --events=100000 --rounds=1 (each round runs both, order flipped every round) --timeout=300 (s per child)
//   Starts its own broker (test/infra/services) and stops it at the end; with KAFKA_BROKERS set it uses that broker.
//
// The parent produces the events once (pre-serialised by our encoder, gzip, batches of 1000) into a fresh 3-partition
// topic, then runs each consumer in its own child process (one at a time), each in a fresh consumer group from the
// beginning of the topic until it has seen every event. Peak RSS = the kernel's high-water mark of the child
// (`process.resourceUsage().maxRSS`, reported by the child just before it exits); the parent also samples
// /proc/<pid>/status VmRSS every 50 ms as a cross-check. Same kafkajs settings on both sides (defaults).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import kafkajs from 'kafkajs';

const { Kafka, CompressionTypes, Partitioners, logLevel } = kafkajs;
const opt = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const EVENTS = Number(opt('events', 100_000));
const TIMEOUT_MS = Number(opt('timeout', 300)) * 1000;
const log = (line) => process.stderr.write(`${line}\n`);
const mib = (bytes) => `${(bytes / 1048576).toFixed(1)} MiB`;

if (opt('child', '')) await child(opt('child', ''), opt('topic', ''));
else await parent();

// ---- child: one consumer, counts to EVENTS, reports its memory ----------------------------------------------------
async function child(kind, topic) {
  const brokers = process.env.KAFKA_BROKERS.split(',');
  const groupId = `bench-memory-${kind}-${randomUUID().slice(0, 8)}`;
  let count = 0;
  let done;
  const finished = new Promise((resolve) => (done = resolve));
  let stop;
  let baseline;
  // Imports happen here, so each child loads only its own side (the raw child never loads the generated package).
  if (kind === 'ours') {
    const { silentLogger } = await import('@event-contracts/runtime');
    const { createUserConsumer } = await import('../generated/user-events/index.js');
    const consumer = createUserConsumer({ brokers, clientId: groupId, groupId, topics: [topic], fromBeginning: true, logger: silentLogger }).on(
      'user.created.v1',
      (event) => {
        if (event.data.userId && ++count === EVENTS) done();
      },
    );
    baseline = process.memoryUsage().rss;
    await consumer.start();
    stop = () => consumer.stop();
  } else if (kind === 'raw') {
    const kafka = new Kafka({ clientId: groupId, brokers, logLevel: logLevel.WARN });
    const consumer = kafka.consumer({ groupId });
    baseline = process.memoryUsage().rss;
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.value && ++count === EVENTS) done();
      },
    });
    stop = () => consumer.disconnect();
  } else {
    throw new Error(`unknown --child=${kind}`);
  }
  const t0 = performance.now();
  const timer = setTimeout(() => {
    process.stdout.write(`${JSON.stringify({ error: `${kind}: only ${count} of ${EVENTS} events after ${TIMEOUT_MS / 1000} s` })}\n`);
    process.exit(1);
  }, TIMEOUT_MS);
  await finished;
  const seconds = (performance.now() - t0) / 1000;
  clearTimeout(timer);
  const result = {
    kind,
    count,
    seconds,
    baselineRss: baseline,
    endRss: process.memoryUsage().rss,
    maxRss: process.resourceUsage().maxRSS * 1024,
    heapUsed: process.memoryUsage().heapUsed,
  };
  await stop();
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

// ---- parent: broker, topic, events, children ------------------------------------------------------------------
async function parent() {
  const { encodeEvent } = await import('@event-contracts/runtime');
  const { userCreatedV1 } = await import('../generated/user-events/index.js');
  const { startServices } = await import('../test/infra/services/index.mjs');
  const ROUNDS = Number(opt('rounds', 1));
  const children = new Set();
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
  const shutdown = async (code) => {
    for (const c of children) c.kill('SIGKILL'); // only the children this process spawned
    if (services) await services.stop();
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(130));
  process.once('SIGTERM', () => void shutdown(143));

  try {
    const topic = `bench.memory.${randomUUID().slice(0, 8)}`;
    const kafka = new Kafka({ clientId: 'bench-memory', brokers, logLevel: logLevel.WARN });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
    await admin.disconnect();

    // The same bytes for both consumers: our encoder's framed user.created.v1 events, produced once.
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const t0 = performance.now();
    let bytes = 0;
    for (let start = 0; start < EVENTS; start += 1000) {
      const messages = [];
      for (let i = start; i < Math.min(EVENTS, start + 1000); i++) {
        const data = {
          userId: randomUUID(),
          email: `user${i}@example.com`,
          displayName: `User Number ${i}`,
          locale: 'en-GB',
          marketingOptIn: i % 2 === 0,
          createdAt: '2026-11-02T09:15:00Z',
        };
        const { message } = encodeEvent(userCreatedV1, data, { source: 'bench-memory', schemaId: 1 });
        bytes += message.value.length;
        messages.push(message);
      }
      await producer.sendBatch({ topicMessages: [{ topic, messages }], compression: CompressionTypes.GZIP });
    }
    await producer.disconnect();
    log(
      `produced ${EVENTS} user.created.v1 events (${Math.round(bytes / EVENTS)} bytes framed value on average, gzip) to ${topic} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const script = fileURLToPath(import.meta.url);
    const runChild = (kind) =>
      new Promise((resolve, reject) => {
        const c = spawn(process.execPath, [script, `--child=${kind}`, `--topic=${topic}`, `--events=${EVENTS}`, `--timeout=${TIMEOUT_MS / 1000}`], {
          env: { ...process.env, KAFKA_BROKERS: brokers.join(',') },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        children.add(c);
        let out = '';
        let sampledPeak = 0;
        const sample = () => {
          try {
            const kb = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${c.pid}/status`, 'utf8'))?.[1] ?? 0);
            sampledPeak = Math.max(sampledPeak, kb * 1024);
          } catch {
            // the child has exited
          }
        };
        const sampler = setInterval(sample, 50);
        c.stdout.on('data', (chunk) => (out += chunk));
        c.on('error', reject);
        c.on('exit', (code) => {
          clearInterval(sampler);
          children.delete(c);
          const line = out.trim().split('\n').pop() ?? '';
          let result;
          try {
            result = JSON.parse(line);
          } catch {
            return reject(new Error(`${kind} child exited with ${code} and no result: ${out.slice(0, 500)}`));
          }
          if (result.error || code !== 0) return reject(new Error(result.error ?? `${kind} child exited with ${code}`));
          resolve({ ...result, sampledPeak });
        });
      });

    const rows = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const order = round % 2 === 1 ? ['ours', 'raw'] : ['raw', 'ours'];
      const r = {};
      for (const kind of order) {
        r[kind] = await runChild(kind);
        log(
          `round ${round} ${kind}: peak RSS ${mib(r[kind].maxRss)} (sampled ${mib(r[kind].sampledPeak)}), RSS before consuming ${mib(r[kind].baselineRss)}, ${EVENTS} events in ${r[kind].seconds.toFixed(1)} s`,
        );
      }
      rows.push(r);
    }
    const median = (xs) => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    };
    const m = (kind, field) => median(rows.map((r) => r[kind][field]));
    console.log(
      `\nconsumer process dispatching ${EVENTS} user.created.v1 events from the real broker (${brokers.join(',')}), ${ROUNDS === 1 ? 'one run each' : `median of ${ROUNDS} runs each`}`,
    );
    console.log(
      `  peak RSS        ours ${mib(m('ours', 'maxRss'))}   raw ${mib(m('raw', 'maxRss'))}   ours/raw ${(m('ours', 'maxRss') / m('raw', 'maxRss')).toFixed(2)}×`,
    );
    console.log(`  sampled peak    ours ${mib(m('ours', 'sampledPeak'))}   raw ${mib(m('raw', 'sampledPeak'))}   (VmRSS every 50 ms, cross-check)`);
    console.log(
      `  before consuming ours ${mib(m('ours', 'baselineRss'))}   raw ${mib(m('raw', 'baselineRss'))}   (after imports; the difference is code: runtime, validators, ajv formats)`,
    );
    console.log(`  peak − before   ours ${mib(m('ours', 'maxRss') - m('ours', 'baselineRss'))}   raw ${mib(m('raw', 'maxRss') - m('raw', 'baselineRss'))}`);
    console.log(
      `  consume rate    ours ${Math.round(EVENTS / m('ours', 'seconds'))} ev/s   raw ${Math.round(EVENTS / m('raw', 'seconds'))} ev/s   (from the beginning of the topic; group join included)`,
    );
    await shutdown(0);
  } catch (error) {
    log(`consumer-memory: ${error.stack ?? error}`);
    await shutdown(1);
  }
}
