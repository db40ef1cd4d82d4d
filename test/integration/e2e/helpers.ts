/** Payloads (from the contracts' own examples) and registry/broker helpers of the end-to-end round trip. */
import { randomUUID } from 'node:crypto';
import type { Consumer as KafkaConsumer, KafkaMessage } from 'kafkajs';
import { expect } from 'vitest';
import type { RunningRegistry } from '../../../generator/registry-server/index.js';
import type { OrderPlacedV1, OrderPlacedV2 } from '../../../generated/order-events/index.js';
import type { PaymentProcessedV1 } from '../../../generated/payment-events/index.js';
import type { UserCreatedV1 } from '../../../generated/user-events/index.js';
import { kafkaClient, uniqueGroupId } from '../../infra/kafka.js';
import { sampleOrderV1, sampleOrderV2, sampleUserCreated } from '../../support/events.js';

export const userCreated = (email: string, userId?: string): UserCreatedV1 => sampleUserCreated(email, userId);
export const orderV1 = (orderId: string): OrderPlacedV1 => ({ ...sampleOrderV1(orderId), lines: [{ sku: 'BOOK-0001', quantity: 1 }] });
export const orderV2 = (orderId: string): OrderPlacedV2 => sampleOrderV2(orderId);
export const payment = (orderId: string): PaymentProcessedV1 => ({
  paymentId: randomUUID(),
  orderId,
  amount: { amountMinor: 4250, currency: 'EUR' },
  method: 'card',
  status: 'succeeded',
  processedAt: '2026-11-02T10:00:05Z',
});

export async function registryGet<T>(registry: RunningRegistry, path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${registry.url}${path}`, { headers: { accept: 'application/vnd.schemaregistry.v1+json' } });
  return { status: res.status, body: (await res.json()) as T };
}

export interface SubjectVersion {
  subject: string;
  id: number;
  version: number;
  schema: string;
  schemaType?: string;
  references?: { name: string; subject: string; version: number }[];
}

/** `GET /subjects/{s}/versions/latest`: what the registry answers for the subject's schema. */
export async function latest(registry: RunningRegistry, subject: string): Promise<SubjectVersion> {
  const { status, body } = await registryGet<SubjectVersion>(registry, `/subjects/${encodeURIComponent(subject)}/versions/latest`);
  expect(status, `GET /subjects/${subject}/versions/latest`).toBe(200);
  return body;
}

/** A raw kafkajs consumer that keeps the messages whose correlation id starts with `prefix`, by correlation id. */
export async function rawCollector(
  run: string,
  prefix: string,
  topics: string[],
): Promise<{ messages: Map<string, KafkaMessage & { topic: string }>; consumer: KafkaConsumer }> {
  const messages = new Map<string, KafkaMessage & { topic: string }>();
  const consumer = kafkaClient(`e2e-raw-${run}`).consumer({ groupId: uniqueGroupId('e2e-raw') });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const correlationId = message.headers?.correlation_id?.toString();
      if (correlationId?.startsWith(prefix)) messages.set(correlationId, { ...message, topic });
    },
  });
  return { messages, consumer };
}

const TOPICS = ['user.created', 'order.placed', 'order.item.added', 'payments'];

/** The contracts' topics, 3 partitions as contracts.config.json says (another test file may have made them already). */
export async function ensureContractTopics(run: string): Promise<void> {
  const admin = kafkaClient(`e2e-admin-${run}`).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = TOPICS.filter((t) => !existing.has(t));
    if (missing.length > 0)
      await admin.createTopics({ topics: missing.map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })), waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}
