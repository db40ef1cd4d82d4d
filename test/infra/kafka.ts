/**
 * Helpers for integration tests that talk to the real Kafka broker started once per run by
 * test/infra/global-setup.ts. Every test file shares that broker: use uniqueTopic() / uniqueGroupId()
 * so files and reruns never see each other's data.
 */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { Kafka, logLevel, type KafkaConfig, type ITopicConfig } from 'kafkajs';
import './context.js';

/**
 * Bootstrap servers of the test broker (`['127.0.0.1:PORT']`). Inside vitest they come from the
 * global setup (inject); elsewhere (a bench, a child process) from the `KAFKA_BROKERS` env var.
 * Throws when this run has no broker, naming how to get one.
 */
export function kafkaBrokers(): string[] {
  const brokers = injected() ?? splitList(process.env.KAFKA_BROKERS);
  if (brokers.length === 0) {
    throw new Error(
      'No Kafka broker in this test run: it was excluded by CONTRACTS_TEST_SERVICES or the test runs outside the ' +
        '`integration` project. Run it with `npx vitest run --project integration …` (unset CONTRACTS_TEST_SERVICES), ' +
        'or set KAFKA_BROKERS=host:port.',
    );
  }
  return brokers;
}

/** A kafkajs client for the test broker; quiet (errors only) unless `logLevel` is given. */
export function kafkaClient(clientId = 'contracts-test', config: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({ clientId, brokers: kafkaBrokers(), logLevel: logLevel.ERROR, ...config });
}

/**
 * A topic name no other test (or earlier run) uses: `<prefix>.<time>-<random>`.
 * The prefix must be a valid topic name fragment (letters, digits, `.`, `_`, `-`).
 */
export function uniqueTopic(prefix = 'test'): string {
  if (!/^[A-Za-z0-9._-]+$/.test(prefix)) {
    throw new Error(`uniqueTopic: prefix ${JSON.stringify(prefix)} has characters Kafka does not allow in topic names (use [A-Za-z0-9._-]).`);
  }
  return `${prefix}.${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** A consumer group id no other test uses. */
export function uniqueGroupId(prefix = 'test-group'): string {
  return uniqueTopic(prefix);
}

/**
 * Creates `name` with `partitions` partitions (replication factor 1) and waits until every
 * partition has a leader. Fails when the topic already exists. Returns the name. `brokers`: a broker of
 * the test's own (fault tests) instead of the shared one.
 */
export async function createTopic(name: string, partitions = 1, config: Partial<ITopicConfig> = {}, brokers?: string[]): Promise<string> {
  const admin = kafkaClient('contracts-test-admin', brokers ? { brokers } : {}).admin();
  await admin.connect();
  try {
    const created = await admin.createTopics({
      topics: [{ topic: name, numPartitions: partitions, replicationFactor: 1, ...config }],
      waitForLeaders: true,
    });
    if (!created) throw new Error(`createTopic: topic ${name} already exists; use uniqueTopic() for a fresh name.`);
    return name;
  } finally {
    await admin.disconnect();
  }
}

/** Deletes topics (missing ones are an error from the broker). */
export async function deleteTopics(...names: string[]): Promise<void> {
  const admin = kafkaClient('contracts-test-admin').admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: names });
  } finally {
    await admin.disconnect();
  }
}

function injected(): string[] | undefined {
  try {
    const value = inject('kafkaBrokers');
    return Array.isArray(value) && value.length > 0 ? value : undefined;
  } catch {
    return undefined; // not inside a vitest worker
  }
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
