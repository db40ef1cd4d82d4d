import { ConfigurationError } from './errors.js';

/** The environment variables the runtime honours. */
export interface KafkaEnv {
  /** KAFKA_BROKERS, comma-separated `host:port` list. */
  brokers?: string[];
  /** KAFKA_CLIENT_ID */
  clientId?: string;
  /** KAFKA_CONSUMER_GROUP_ID */
  groupId?: string;
  /** SCHEMA_REGISTRY_URL */
  registryUrl?: string;
}

const nonEmpty = (value: string | undefined): string | undefined => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

export function readKafkaEnv(env: NodeJS.ProcessEnv = process.env): KafkaEnv {
  const result: KafkaEnv = {};
  const brokers = nonEmpty(env['KAFKA_BROKERS'])
    ?.split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  if (brokers && brokers.length > 0) result.brokers = brokers;
  const clientId = nonEmpty(env['KAFKA_CLIENT_ID']);
  if (clientId) result.clientId = clientId;
  const groupId = nonEmpty(env['KAFKA_CONSUMER_GROUP_ID']);
  if (groupId) result.groupId = groupId;
  const registryUrl = nonEmpty(env['SCHEMA_REGISTRY_URL']);
  if (registryUrl) result.registryUrl = registryUrl;
  return result;
}

export function requireBrokers(explicit?: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] {
  if (explicit && explicit.length > 0) return [...explicit];
  const brokers = readKafkaEnv(env).brokers;
  if (!brokers) {
    throw new ConfigurationError(
      'No Kafka brokers configured: KAFKA_BROKERS is not set and no `brokers` option was given. ' +
        'Set KAFKA_BROKERS=host:port[,host:port…] or pass brokers: ["host:port"].',
    );
  }
  return brokers;
}

/**
 * The registry URL a publisher frames with. Without one (and without pinned `schemaIds`) events would go out as
 * plain JSON, which Confluent-framed decoders in other services cannot read: refused unless the caller chose plain
 * JSON explicitly (`frameUnknownSchema: 'send-unframed'`).
 */
export function requireRegistryUrl(
  options: { registryUrl?: string; schemaIds?: Readonly<Record<string, number>>; frameUnknownSchema?: string },
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const url = nonEmpty(options.registryUrl) ?? readKafkaEnv(env).registryUrl;
  if (url || options.frameUnknownSchema === 'send-unframed' || Object.keys(options.schemaIds ?? {}).length > 0) return url;
  throw new ConfigurationError(
    'No schema registry configured: SCHEMA_REGISTRY_URL is not set and no `registryUrl` option was given, so events ' +
      'would go out as plain JSON that Confluent-framed decoders in other services cannot read. ' +
      'Set SCHEMA_REGISTRY_URL=http://host:port (or pass registryUrl), pin ids with schemaIds, ' +
      "or choose plain JSON explicitly with frameUnknownSchema: 'send-unframed'.",
  );
}

/** The option if given, else the environment's value (read only then); neither → ConfigurationError with `missing`. */
function required(explicit: string | undefined, fromEnv: () => string | undefined, missing: string): string {
  const value = nonEmpty(explicit) ?? fromEnv();
  if (!value) throw new ConfigurationError(missing);
  return value;
}

export function requireGroupId(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return required(
    explicit,
    () => readKafkaEnv(env).groupId,
    'No consumer group configured: KAFKA_CONSUMER_GROUP_ID is not set and no `groupId` option was given. ' +
      'Set KAFKA_CONSUMER_GROUP_ID=<service-name> or pass groupId.',
  );
}

export function requireSource(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return required(
    explicit,
    () => readKafkaEnv(env).clientId,
    'No event source configured: KAFKA_CLIENT_ID is not set and no `source` (or `clientId`) option was given. ' +
      'Set KAFKA_CLIENT_ID=<service-name> or pass source.',
  );
}
