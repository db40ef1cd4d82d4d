// Generated from contracts.config.schema.json by `npm run config-types`; do not edit (test/unit/load/config-types.test.ts checks drift).

export type Level = 'NONE' | 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FORWARD_TRANSITIVE' | 'FULL' | 'FULL_TRANSITIVE';
export type Policy = 'STRICT' | 'LENIENT';

/**
 * contracts.config.json at the root of a contracts repository. Every field is optional; defaults are listed per field.
 */
export interface ContractsConfigFile {
  /**
   * Path or URL of this schema, for editor completion (e.g. ./node_modules/event-contracts/contracts.config.schema.json).
   */
  $schema?: string;
  /**
   * npm scope of the generated packages. Default: @acme.
   */
  packageScope?: string;
  /**
   * JSON Schema draft of a contract without `$schema`. Default: draft-07.
   */
  defaultDraft?: 'draft-04' | 'draft-06' | 'draft-07' | '2019-09' | '2020-12';
  /**
   * Compatibility gate settings.
   */
  compatibility?: {
    /**
     * Default level for every subject. Default: FULL_TRANSITIVE.
     */
    level?: 'NONE' | 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FORWARD_TRANSITIVE' | 'FULL' | 'FULL_TRANSITIVE';
    /**
     * Default policy. Default: LENIENT.
     */
    policy?: 'STRICT' | 'LENIENT';
    /**
     * Per event type (`user.created.v1`) or per domain (`user`) overrides.
     */
    overrides?: {
      [k: string]: {
        level?: Level;
        policy?: Policy;
      };
    };
  };
  /**
   * How registry subjects are named. Default: TopicRecordNameStrategy (`<topic>-<eventType>`).
   */
  subjectNameStrategy?: 'RecordNameStrategy' | 'TopicRecordNameStrategy' | 'TopicNameStrategy';
  /**
   * Topic settings.
   */
  topics?: {
    /**
     * Default topic name. Placeholders: {domain}, {action} (the whole action, dots included), {entity} (action without its last segment, or the domain), {verb} (last action segment), {version}. Default: {domain}.{action}.
     */
    pattern?: string;
    /**
     * Partitions of created topics. Default: 3.
     */
    partitions?: number;
    /**
     * Replication factor of created topics. Default: 1.
     */
    replicationFactor?: number;
    /**
     * retention.ms of created topics; -1 keeps messages forever. Default: the broker's.
     */
    retentionMs?: number;
    /**
     * cleanup.policy of created topics (`contracts topics apply`). Dead-letter topics always use delete. Default: delete.
     */
    cleanupPolicy?: 'delete' | 'compact' | 'compact,delete';
    /**
     * retention.ms of the `<topic>.dlq` dead-letter topics; -1 keeps dead letters forever. Default: retentionMs.
     */
    deadLetterRetentionMs?: number;
  };
  /**
   * Lint rule id → severity (`error`, `warning`, `info`) or `off`. See `contracts lint --help` and the README rules table.
   */
  rules?: {
    [k: string]: 'error' | 'warning' | 'info' | 'off';
  };
  /**
   * Schema registry. Without `url` the embedded registry is used.
   */
  registry?: {
    /**
     * Base URL of a Confluent-compatible schema registry.
     */
    url?: string;
  };
  /**
   * What `contracts asyncapi` writes into the AsyncAPI document's `info` and `servers`. Nothing is guessed: a server is emitted only when listed here.
   */
  asyncapi?: {
    /**
     * `info.title`. Default: `<packageScope> event contracts`.
     */
    title?: string;
    /**
     * `info.version` of the document. Default: `1.0.0`.
     */
    version?: string;
    /**
     * `info.description` (CommonMark).
     */
    description?: string;
    /**
     * Kafka servers by name, e.g. {"production": {"host": "kafka-1.internal:9092"}}.
     */
    servers?: {
      [k: string]: {
        /**
         * host[:port] of a bootstrap server.
         */
        host: string;
        /**
         * Default: kafka.
         */
        protocol?: 'kafka' | 'kafka-secure';
        description?: string;
      };
    };
  };
  /**
   * npm publishing (`contracts publish`). Without `registry` nothing is uploaded: packages are packed into .contracts/packages/.
   */
  publish?: {
    /**
     * npm registry the generated packages and the runtime are published to. Credentials come from your npm configuration (.npmrc, NPM_CONFIG_USERCONFIG, NODE_AUTH_TOKEN).
     */
    registry?: string;
    /**
     * dist-tag of every publish. Default: latest.
     */
    tag?: string;
  };
}
