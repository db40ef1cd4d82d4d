import { ContractsError, UsageError } from '../../core/errors.js';
import type { TopicAdmin } from '../../topics/index.js';

/** --brokers, else $KAFKA_BROKERS; a usage error naming both when neither is set. */
export function parseBrokers(flag: string | undefined): string[] {
  const brokers = (flag ?? process.env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (brokers.length === 0) throw new UsageError('No Kafka brokers: pass --brokers or set KAFKA_BROKERS.', 'Example: --brokers 127.0.0.1:9092');
  return brokers;
}

/** A connected admin client of the runtime's kafkajs transport for `use`; an unreachable cluster is a one-line error. */
export async function kafkaAdmin<T>(brokers: string[], clientId: string, use: (admin: TopicAdmin) => Promise<T>): Promise<T> {
  const runtime = await import('@event-contracts/runtime');
  const quiet = { error: () => undefined, warn: () => undefined };
  const transport = runtime.createKafkaTransport({ brokers, clientId, logger: quiet, kafka: { connectionTimeout: 3000, retry: { retries: 2 } } });
  const admin = transport.admin!();
  try {
    await admin.connect();
  } catch (error) {
    throw new ContractsError(
      `Cannot reach Kafka at ${brokers.join(',')}: ${(error as Error).message}.`,
      'Check --brokers / KAFKA_BROKERS and that the cluster is up.',
    );
  }
  try {
    return await use(admin);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
