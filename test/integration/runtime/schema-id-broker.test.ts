/**
 * The consumer's schema-id check on the real broker (issue 10, item 5): the embedded registry with the example
 * repository registered by `contracts register`, the generated user-events consumer, and user.created.v1 events
 * framed with (a) the id registered under the event's subject, (b) the id of another subject's schema
 * (order.placed.v2), (c) an id the registry does not know. (a) is handled; (b) and (c) are poison: dead-lettered
 * to `<topic>.dlq` with their original bytes, key and headers and `dlq_reason: schema-mismatch`, never handled, and
 * every offset is committed. Prints the counts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaTransport, DLQ_HEADERS, encodeEvent, silentLogger, type IncomingMessage, type MessageOutcome } from '@event-contracts/runtime';
import { orderPlacedV2 } from '../../../generated/order-events/index.js';
import { createUserConsumer, userCreatedV1 } from '../../../generated/user-events/index.js';
import { createTopic, kafkaBrokers, kafkaClient, uniqueGroupId, uniqueTopic } from '../../infra/kafka.js';
import { countSchemaIdLookups, startExampleRegistry, type ExampleRegistry } from './example-registry.js';
import { waitFor } from './helpers.js';

const PER_CASE = 3;
const userCreated = (i: number) => ({
  userId: randomUUID(),
  email: `ada+${i}@example.com`,
  createdAt: '2026-11-02T09:15:00Z',
  displayName: 'Ada',
  locale: 'en-GB',
  marketingOptIn: false,
});

describe('schema id check on the real broker with the embedded registry', () => {
  let registry: ExampleRegistry;
  beforeAll(async () => {
    registry = await startExampleRegistry();
  });
  afterAll(async () => {
    await registry?.close();
  });

  it("right id → handled; another subject's id and an unknown id → dead-lettered (schema-mismatch), offsets committed", async () => {
    const topic = await createTopic(uniqueTopic('rt.schema-id'), 1);
    const rightId = await registry.idOf(userCreatedV1.subject);
    const otherId = await registry.idOf(orderPlacedV2.subject);
    const unknownId = Math.max(rightId, otherId) + 10_000;
    expect(new Set([rightId, otherId, unknownId]).size).toBe(3);

    const cases = [
      { name: 'right id', schemaId: rightId },
      { name: "another subject's id", schemaId: otherId },
      { name: 'unknown id', schemaId: unknownId },
    ];
    const sent: { name: string; eventId: string; value: Buffer; key: string | null; headers: Record<string, string> }[] = [];
    for (let i = 0; i < PER_CASE; i++) {
      for (const c of cases) {
        const { envelope, message } = encodeEvent(userCreatedV1, userCreated(i), { source: 'schema-id-test', schemaId: c.schemaId });
        sent.push({ name: c.name, eventId: envelope.eventId, value: message.value, key: message.key, headers: message.headers });
      }
    }
    const producer = kafkaClient('schema-id-producer').producer();
    await producer.connect();
    await producer.send({ topic, messages: sent.map((s) => ({ key: s.key, value: s.value, headers: s.headers })) });
    await producer.disconnect();

    const lookups = countSchemaIdLookups();
    const handled: string[] = [];
    const outcomes: MessageOutcome[] = [];
    const groupId = uniqueGroupId('schema-id');
    const consumer = createUserConsumer({
      brokers: kafkaBrokers(),
      groupId,
      topics: [topic] as never[],
      fromBeginning: true,
      registryUrl: registry.url,
      handleSignals: false,
      logger: silentLogger,
      onOutcome: (o) => void (o.status !== 'retrying' && outcomes.push(o)),
    }).on('user.created.v1', (e) => void handled.push(e.eventId));
    lookups.restore(); // the check captured the counting fetch at creation
    await consumer.start();
    try {
      await waitFor('every message settled', () => outcomes.length >= sent.length, 60_000);
    } finally {
      await consumer.stop();
    }

    const letters = await createKafkaTransport({ brokers: kafkaBrokers(), logger: silentLogger }).readTopic!(`${topic}.dlq`, { limit: 100 });
    const admin = kafkaClient('schema-id-admin').admin();
    await admin.connect();
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    await admin.disconnect();

    const count = (name: string, status: string) => outcomes.filter((o, i) => sent[i]!.name === name && o.status === status).length;
    process.stdout.write(
      `\nschema id check: sent=${sent.length} (${PER_CASE} per case); ` +
        cases
          .map(
            (c) =>
              `${c.name} (id ${c.schemaId}): handled=${count(c.name, 'handled')} dead-lettered=${count(c.name, 'dead-lettered')} lookups=${lookups.byId.get(c.schemaId) ?? 0}`,
          )
          .join('; ') +
        `; dead letters on ${topic}.dlq=${letters.length}; committed offset=${committed!.partitions[0]!.offset}\n`,
    );

    // Outcomes arrive in offset order (one partition).
    expect(outcomes.map((o) => o.status)).toEqual(sent.map((s) => (s.name === 'right id' ? 'handled' : 'dead-lettered')));
    expect(handled).toEqual(sent.filter((s) => s.name === 'right id').map((s) => s.eventId));
    for (const o of outcomes) if (o.status === 'dead-lettered') expect(o).toMatchObject({ reason: 'schema-mismatch', deadLetterTopic: `${topic}.dlq` });

    const poison = sent.filter((s) => s.name !== 'right id');
    expect(letters).toHaveLength(poison.length);
    letters.forEach((letter: IncomingMessage, i) => {
      const original = poison[i]!;
      expect(letter.value?.equals(original.value)).toBe(true);
      expect(letter.key?.toString()).toBe(original.key);
      expect(letter.headers[DLQ_HEADERS.reason]).toBe('schema-mismatch');
      expect(letter.headers[DLQ_HEADERS.originalTopic]).toBe(topic);
      expect(letter.headers[DLQ_HEADERS.consumerGroup]).toBe(groupId);
      expect(letter.headers[DLQ_HEADERS.errorMessage]).toContain(
        `Schema id ${original.value.readUInt32BE(1)} is not registered under subject "${userCreatedV1.subject}"`,
      );
      for (const [name, value] of Object.entries(original.headers)) expect(letter.headers[name]).toBe(value);
    });
    expect(committed!.partitions[0]!.offset).toBe(String(sent.length));
    // Answers are cached per known id; an unknown id is asked again each time (it may be registered a moment later).
    expect([lookups.byId.get(rightId), lookups.byId.get(otherId), lookups.byId.get(unknownId)]).toEqual([1, 1, PER_CASE]);
  });
});
