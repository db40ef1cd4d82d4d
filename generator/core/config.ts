import { DEFAULT_LEVEL, DEFAULT_POLICY } from './compatibility.js';
import type { ContractsConfigFile } from './config-file.js';

export type { ContractsConfigFile };

/** A section of the file, present. */
type Section<K extends keyof ContractsConfigFile> = NonNullable<ContractsConfigFile[K]>;
/** `T` with the keys `K` always present: the loader fills them from DEFAULT_CONFIG. */
type Defaulted<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };

/**
 * `contracts.config.json` resolved with defaults. The shape and the field docs come from
 * `contracts.config.schema.json` through the generated `ContractsConfigFile` (`npm run config-types`); this
 * type only says which fields always have a value after loading (the ones DEFAULT_CONFIG sets).
 */
export interface ContractsConfig extends Defaulted<
  Omit<ContractsConfigFile, '$schema' | 'compatibility' | 'topics' | 'asyncapi'>,
  'packageScope' | 'defaultDraft' | 'subjectNameStrategy' | 'rules' | 'registry' | 'publish'
> {
  compatibility: Defaulted<Section<'compatibility'>, 'level' | 'policy' | 'overrides'>;
  topics: Defaulted<Section<'topics'>, 'pattern' | 'partitions' | 'replicationFactor' | 'cleanupPolicy'>;
  /** What `contracts asyncapi` writes into the document's `info` and `servers`. */
  asyncapi: AsyncApiConfig;
}

/** How registry subjects are named for an event type (see README "Subjects"). */
export type SubjectNameStrategy = ContractsConfig['subjectNameStrategy'];
/** Default JSON Schema draft when `$schema` is absent. */
export type Draft = ContractsConfig['defaultDraft'];
/** A lint rule's configured severity, or `off`. */
export type RuleSetting = ContractsConfig['rules'][string];
/** `asyncapi` section: nothing is guessed, a server is emitted only when listed here. */
export type AsyncApiConfig = Defaulted<Section<'asyncapi'>, 'servers'>;

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
