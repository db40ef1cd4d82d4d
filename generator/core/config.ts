import type { CompatibilityLevel, CompatibilityPolicy } from './compatibility.js';
import { DEFAULT_LEVEL, DEFAULT_POLICY } from './compatibility.js';
import type { Severity } from './diagnostic.js';

/** How registry subjects are named for an event type (see README "Subjects"). */
export type SubjectNameStrategy = 'RecordNameStrategy' | 'TopicRecordNameStrategy' | 'TopicNameStrategy';

export type RuleSetting = Severity | 'off';

/** `contracts.config.json`, resolved with defaults. Its JSON Schema is `contracts.config.schema.json`. */
export interface ContractsConfig {
  /** npm scope of generated packages. @default "@acme" */
  packageScope: string;
  /** Default JSON Schema draft when `$schema` is absent. @default "draft-07" */
  defaultDraft: Draft;
  compatibility: {
    /** @default "FULL_TRANSITIVE" */
    level: CompatibilityLevel;
    /** @default "LENIENT" */
    policy: CompatibilityPolicy;
    /** Per event type (`user.created.v1`) or per domain (`user`) overrides. */
    overrides: Record<string, { level?: CompatibilityLevel; policy?: CompatibilityPolicy }>;
  };
  /** @default "TopicRecordNameStrategy" */
  subjectNameStrategy: SubjectNameStrategy;
  topics: {
    /** Default topic name pattern; placeholders {domain}, {entity}, {action}. @default "{domain}.{action}" */
    pattern: string;
    /** @default 3 */
    partitions: number;
    /** @default 1 */
    replicationFactor: number;
    /** Retention in ms; undefined keeps the broker default. */
    retentionMs?: number;
    /** cleanup.policy of created topics. @default "delete" */
    cleanupPolicy: 'delete' | 'compact' | 'compact,delete';
    /** retention.ms of the `<topic>.dlq` topics. @default retentionMs */
    deadLetterRetentionMs?: number;
  };
  /** Rule id → severity override. */
  rules: Record<string, RuleSetting>;
  registry: {
    /** Registry URL; when absent the embedded registry is used. */
    url?: string;
  };
  publish: {
    /** npm registry for `contracts publish`; when absent packages are only packed, never uploaded. */
    registry?: string;
    /** dist-tag. @default "latest" */
    tag?: string;
  };
  /** What `contracts asyncapi` writes into the document's `info` and `servers`. */
  asyncapi: AsyncApiConfig;
}

/** `asyncapi` section: nothing is guessed, a server is emitted only when listed here. */
export interface AsyncApiConfig {
  /** `info.title`. @default "<packageScope> event contracts" */
  title?: string;
  /** `info.version` of the document. @default "1.0.0" */
  version?: string;
  description?: string;
  /** Kafka servers by name: `{"production": {"host": "kafka-1.internal:9092", "description": "…"}}`. @default {} */
  servers: Record<string, { host: string; protocol?: string; description?: string }>;
}

export type Draft = 'draft-04' | 'draft-06' | 'draft-07' | '2019-09' | '2020-12';

export const DEFAULT_CONFIG: ContractsConfig = {
  packageScope: '@acme',
  defaultDraft: 'draft-07',
  compatibility: { level: DEFAULT_LEVEL, policy: DEFAULT_POLICY, overrides: {} },
  subjectNameStrategy: 'TopicRecordNameStrategy',
  topics: { pattern: '{domain}.{action}', partitions: 3, replicationFactor: 1, cleanupPolicy: 'delete' },
  rules: {},
  registry: {},
  publish: {},
  asyncapi: { servers: {} },
};
