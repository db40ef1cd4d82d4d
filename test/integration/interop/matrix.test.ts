/**
 * The interop matrix (issue 9, "Real clients, not only ours"): on the real broker, with the embedded
 * registry and with Apicurio, the example repository registered by `contracts register`:
 *
 *   our generated publisher → Confluent's JS `JsonDeserializer`, `@kafkajs/confluent-schema-registry`
 *   `decode`, and Confluent's Python client (`python3-confluent-kafka`'s `JSONDeserializer`);
 *   each of those as producer (Confluent JS `JsonSerializer`, kafkajs `encode`, Python `JSONSerializer`)
 *   → our generated consumer.
 *
 * Default options everywhere, except what picks the schema and a request timeout for Confluent's JS client (see
 * `confluentClient`): the Confluent JS serializer is told the
 * contract's subject (`useLatestVersion` + a subject name strategy), kafkajs `encode` takes the id,
 * the Python serializer/deserializer take the schema string (the subject's latest registered schema,
 * references bundled by the Python script itself). Every cell carries user.created.v1 (no references)
 * and order.placed.v2 (references `_shared/money.json` and `_shared/address.json`) on topics of its own.
 * Prints the table of cells and counts.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { JsonDeserializer, JsonSerializer, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublisher, silentLogger, type AnyEnvelope, type AnyEventDescriptor, type Publisher } from '@event-contracts/runtime';
import { main } from '../../../generator/cli/main.js';
import { startRegistry, type RunningRegistry } from '../../../generator/registry-server/index.js';
import { createOrderConsumer, orderPlacedV2, type OrderPlacedV2 } from '../../../generated/order-events/index.js';
import { createUserConsumer, userCreatedV1, type UserCreatedV1 } from '../../../generated/user-events/index.js';
import { apicurioUrl } from '../../infra/apicurio.js';
import { createTopic, kafkaBrokers, kafkaClient, uniqueGroupId, uniqueTopic } from '../../infra/kafka.js';
import { provisionPythonClients } from '../../infra/services/python-clients.mjs';
import { sampleOrderV2, sampleUserCreated } from '../../support/events.js';
import { waitFor } from '../../support/wait.js';

const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const PY_CLIENT = resolve(import.meta.dirname, 'confluent_client.py');
const PER_EVENT = 2; // a handful per cell: each of the two event types twice

const userCreated = (i: number): UserCreatedV1 => sampleUserCreated(`ada+${i}@example.com`);
const orderV2 = (): OrderPlacedV2 => sampleOrderV2();
const EVENTS = [
  { def: userCreatedV1 as AnyEventDescriptor, data: userCreated, key: (d: UserCreatedV1) => d.userId },
  { def: orderPlacedV2 as AnyEventDescriptor, data: orderV2, key: (d: OrderPlacedV2) => d.orderId },
] as const;

interface Cell {
  registry: string;
  direction: string;
  client: string;
  event: string;
  sent: number;
  received: number;
  equal: number;
  timings: string[];
}
const table: Cell[] = [];

/** A cell's counts: how many went out, came back, and came back equal (in order) to what went out. */
function counts(sent: readonly unknown[], received: readonly unknown[]): Pick<Cell, 'sent' | 'received' | 'equal'> {
  return { sent: sent.length, received: received.length, equal: received.filter((r, i) => JSON.stringify(r) === JSON.stringify(sent[i])).length };
}

/**
 * Bounds one phase of a cell, so a hang names the phase (publish, read, decode…) instead of ending in the
 * test timeout, and records how long each phase took for the table.
 */
async function phase<T>(timings: string[], what: string, work: Promise<T>, timeoutMs = 40_000): Promise<T> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>(
    (_, fail) => (timer = setTimeout(() => fail(new Error(`${what} did not finish within ${timeoutMs} ms (${timings.join(', ')})`)), timeoutMs)),
  );
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
    timings.push(`${what} ${Date.now() - started} ms`);
  }
}

/**
 * Confluent's JS registry client with a 10 s request timeout. Its default is none: in 3 of 5 clean-clone CI runs its
 * first request to the run's Apicurio was never answered (the cell's decode phase passed 40 s; the same cell with
 * the embedded registry, and every later Apicurio cell, took under a second). With a timeout, the client's own
 * retry (axios-retry, 3 attempts with jittered backoff) takes over, as it would in a service configured for
 * production. Seen only with Apicurio, never reproduced outside CI; not a decoding problem.
 */
function confluentClient(registryUrl: string): SchemaRegistryClient {
  return new SchemaRegistryClient({ baseURLs: [registryUrl], createAxiosDefaults: { timeout: 10_000 } });
}

/**
 * Runs `work` again (a fresh client each time) when Confluent's client gave up on an unanswered request (axios:
 * "timeout of N ms exceeded"), at most 3 attempts; any other error, a decoding error included, fails at once. The
 * 10 s timeout alone did not suffice: axios-retry shares the timeout across its retries, so CI still saw the first
 * request go unanswered (run at b338cd5). Retries are written into the cell's timings.
 */
async function unhung<T>(timings: string[], work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt === 3 || !/timeout of \d+ms exceeded/.test((error as Error).message)) throw error;
      timings.push(`retried after an unanswered registry request (${(error as Error).message})`);
    }
  }
}

/** Runs the Python client script; resolves its stdout lines, rejects with its stderr on a non-zero exit. */
function python(pythonPath: string, args: string[], input = ''): Promise<string[]> {
  return new Promise((done, fail) => {
    const child = spawn(pythonPath, [PY_CLIENT, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('error', fail);
    child.once('close', (code) =>
      code === 0 ? done(out.split('\n').filter(Boolean)) : fail(new Error(`confluent_client.py ${args[0]} exited ${code}: ${err.trim()}`)),
    );
    child.stdin.end(input);
  });
}

/**
 * Every message value of `topic` (from the beginning) until `count` arrived. This is the harness, not the subject:
 * a kafkajs group join that never completes (seen once in ~3 CI runs on the first cell after a describe switch,
 * cause not found) is abandoned after 20 s and the read restarts with a fresh group, at most 3 times. Restarts are
 * counted in the cell's timings, so they stay visible.
 */
async function readRaw(topic: string, count: number, timings: string[] = []): Promise<Buffer[]> {
  for (let attempt = 1; ; attempt++) {
    const values: Buffer[] = [];
    const consumer = kafkaClient('interop-raw').consumer({ groupId: uniqueGroupId('interop-raw') });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void values.push(message.value!) });
      await waitFor(`${count} messages on ${topic}`, () => values.length >= count, 20_000);
      return values;
    } catch (error) {
      if (attempt === 3) throw error;
      timings.push(`read restarted (${(error as Error).message})`);
    } finally {
      // A consumer stuck in a join may not answer disconnect either: give it 10 s, then leave it.
      await Promise.race([consumer.disconnect().catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
    }
  }
}

/** Our generated consumer on `topic`: the envelopes it handed to the typed handler. */
async function readOurs(def: AnyEventDescriptor, topic: string, count: number): Promise<AnyEnvelope[]> {
  const got: AnyEnvelope[] = [];
  // The packages type `topics` as the contract's topics; each cell reads a fresh topic of its own instead.
  const common = {
    brokers: kafkaBrokers(),
    groupId: uniqueGroupId('interop-ours'),
    topics: [topic] as never[],
    fromBeginning: true,
    onInvalid: 'fail' as const,
    logger: silentLogger,
  };
  const consumer =
    def === userCreatedV1
      ? createUserConsumer(common).on('user.created.v1', (e) => void got.push(e))
      : createOrderConsumer(common).on('order.placed.v2', (e) => void got.push(e));
  await consumer.start();
  try {
    await waitFor(`our consumer on ${topic}`, () => got.length >= count, 30_000);
  } finally {
    await consumer.stop();
  }
  return got;
}

function envelope(def: AnyEventDescriptor, data: unknown): AnyEnvelope {
  return {
    eventId: randomUUID(),
    eventType: def.eventType,
    eventVersion: def.eventVersion,
    timestamp: new Date().toISOString(),
    source: 'their-producer',
    correlationId: randomUUID(),
    data,
  } as AnyEnvelope;
}

const REGISTRIES: { name: string; url: () => Promise<{ url: string; close?: () => Promise<void> }> }[] = [
  {
    name: 'embedded',
    url: async () => {
      const r: RunningRegistry = await startRegistry({ port: 0 });
      return { url: r.url, close: () => r.close() };
    },
  },
  { name: 'apicurio', url: async () => ({ url: apicurioUrl() }) },
];

let pythonPath = '';
beforeAll(async () => {
  pythonPath = (await provisionPythonClients()).python;
});
afterAll(() => {
  const rows = table.map(
    (c) =>
      `${c.registry.padEnd(9)} ${c.direction.padEnd(10)} ${c.client.padEnd(34)} ${c.event.padEnd(16)} sent=${c.sent} received=${c.received} equal=${c.equal} (${c.timings.join(', ')})`,
  );
  process.stdout.write(`\ninterop matrix (${table.length} cells):\n${rows.join('\n')}\n`);
});

describe.each(REGISTRIES)('interop matrix with the $name registry', ({ name, url }) => {
  let registryUrl = '';
  let close: (() => Promise<void>) | undefined;
  let publisher: Publisher;
  beforeAll(async () => {
    ({ url: registryUrl, close } = await url());
    const io = { out: '', err: '', isTTY: false, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
    const exit = await main(['register', '--registry', registryUrl, '--cwd', REPO_ROOT, '--format', 'json'], io);
    expect(exit, io.err + io.out).toBe(0);
    publisher = createPublisher({ brokers: kafkaBrokers(), clientId: `interop-${name}`, source: 'interop-test', registryUrl, logger: silentLogger });
  });
  afterAll(async () => {
    await publisher?.disconnect();
    await close?.();
  });

  /** Publishes PER_EVENT events of `def` with our publisher on a fresh topic; returns the topic and envelopes. */
  async function publishOurs(def: AnyEventDescriptor, makeData: (i: number) => unknown): Promise<{ topic: string; sent: AnyEnvelope[] }> {
    const topic = await createTopic(uniqueTopic(`interop.${name}.${def.eventType}`), 1);
    const sent: AnyEnvelope[] = [];
    for (let i = 0; i < PER_EVENT; i++) sent.push(await publisher.publish({ ...def, topic }, makeData(i), { correlationId: randomUUID() }));
    return { topic, sent };
  }

  const decoders: { client: string; decode: (values: Buffer[], topic: string, def: AnyEventDescriptor) => Promise<unknown[]> }[] = [
    {
      client: '@confluentinc JsonDeserializer',
      decode: async (values, topic) => {
        const reader = new JsonDeserializer(confluentClient(registryUrl), SerdeType.VALUE, {});
        return Promise.all(values.map((v) => reader.deserialize(topic, v)));
      },
    },
    {
      client: '@kafkajs decode',
      decode: async (values) => {
        const reader = new SchemaRegistry({ host: registryUrl });
        return Promise.all(values.map((v) => reader.decode(v)));
      },
    },
    {
      client: 'python confluent_kafka JSONDeserializer',
      decode: async (values, topic, def) => {
        const lines = await python(pythonPath, ['consume', kafkaBrokers().join(','), registryUrl, topic, def.subject, String(values.length)]);
        return lines.map((l) => (JSON.parse(l) as { value: unknown }).value);
      },
    },
  ];

  for (const { client, decode } of decoders) {
    it.each(EVENTS.map((e) => ({ ...e, event: e.def.eventType })))(`our publisher → ${client}: $event`, async ({ def, data }) => {
      const timings: string[] = [];
      const { topic, sent } = await phase(timings, 'publish', publishOurs(def, data as (i: number) => unknown));
      const values = await phase(timings, 'read', readRaw(topic, sent.length, timings), 100_000);
      const decoded = await phase(
        timings,
        'decode',
        unhung(timings, () => decode(values, topic, def)),
        70_000,
      );
      if (client.startsWith('python') && def === orderPlacedV2) {
        // The bundled references are enforced, not just parsed: a Money with a bad currency in the same frame is refused.
        const bad = { ...sent[0]!, data: { ...(sent[0]!.data as OrderPlacedV2), total: { amountMinor: 1, currency: 'euro' } } };
        const badTopic = await createTopic(uniqueTopic(`interop.${name}.bad`), 1);
        await sendRaw(badTopic, [Buffer.concat([values[0]!.subarray(0, 5), Buffer.from(JSON.stringify(bad))])], ['k']);
        await expect(decode([values[0]!], badTopic, def)).rejects.toThrow(/currency|euro|does not match/);
      }
      table.push({
        registry: name,
        direction: 'ours→them',
        client,
        event: def.eventType,
        ...counts(sent, decoded),
        timings,
      });
      expect(decoded).toEqual(sent);
    });
  }

  const encoders: { client: string; encode: (envelopes: AnyEnvelope[], topic: string, def: AnyEventDescriptor, keys: string[]) => Promise<void> }[] = [
    {
      client: '@confluentinc JsonSerializer',
      encode: async (envelopes, topic, def, keys) => {
        const writer = new JsonSerializer(confluentClient(registryUrl), SerdeType.VALUE, {
          autoRegisterSchemas: false,
          useLatestVersion: true,
          subjectNameStrategy: () => def.subject,
        });
        const values = await Promise.all(envelopes.map((e) => writer.serialize(topic, e)));
        await sendRaw(topic, values, keys);
      },
    },
    {
      client: '@kafkajs encode',
      encode: async (envelopes, topic, def, keys) => {
        const writer = new SchemaRegistry({ host: registryUrl });
        const id = await writer.getLatestSchemaId(def.subject);
        await sendRaw(topic, await Promise.all(envelopes.map((e) => writer.encode(id, e))), keys);
      },
    },
    {
      client: 'python confluent_kafka JSONSerializer',
      encode: async (envelopes, topic, def, keys) => {
        const input = envelopes.map((value, i) => JSON.stringify({ key: keys[i], value })).join('\n');
        await python(pythonPath, ['produce', kafkaBrokers().join(','), registryUrl, topic, def.subject], input);
      },
    },
  ];

  for (const { client, encode } of encoders) {
    it.each(EVENTS.map((e) => ({ ...e, event: e.def.eventType })))(`${client} → our consumer: $event`, async ({ def, data, key }) => {
      const timings: string[] = [];
      const topic = await phase(timings, 'create topic', createTopic(uniqueTopic(`interop.${name}.in.${def.eventType}`), 1));
      const datas = Array.from({ length: PER_EVENT }, (_, i) => (data as (i: number) => unknown)(i));
      const envelopes = datas.map((d) => envelope(def, d));
      await phase(
        timings,
        'encode+send',
        unhung(timings, () =>
          encode(
            envelopes,
            topic,
            def,
            datas.map((d) => (key as (d: unknown) => string)(d)),
          ),
        ),
      );
      const got = await phase(timings, 'read', readOurs(def, topic, envelopes.length));
      table.push({
        registry: name,
        direction: 'them→ours',
        client,
        event: def.eventType,
        ...counts(envelopes, got),
        timings,
      });
      expect(got).toEqual(envelopes);
    });
  }
});

async function sendRaw(topic: string, values: Buffer[], keys: string[]): Promise<void> {
  const producer = kafkaClient('interop-their-producer').producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages: values.map((value, i) => ({ key: keys[i] ?? null, value })) });
  } finally {
    await producer.disconnect();
  }
}
