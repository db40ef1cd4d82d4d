/**
 * The topics stage: the topics the contracts use (and their dead-letter topics) as the configuration wants them,
 * compared with the cluster. Pure plan (`planTopics`), then `applyTopicPlan` creates what is missing; drift is
 * reported, never changed.
 */
import type { TopicPlan, TopicState, TopicTarget } from './plan.js';

export type { TopicDrift, TopicKind, TopicPlan, TopicState, TopicStep, TopicTarget } from './plan.js';
export { COMPARED_CONFIGS, planTopics, topicTargets } from './plan.js';

/** The admin calls the stage needs (the runtime's kafkajs admin port fits). */
export interface TopicAdmin {
  createTopics(request: {
    topics: { topic: string; numPartitions?: number; replicationFactor?: number; configs?: Record<string, string> }[];
  }): Promise<boolean>;
  describeTopics?(topics: readonly string[], configKeys: readonly string[]): Promise<TopicState[]>;
}

/** Creates the plan's missing topics with their settings and returns their names; touches nothing else. */
export async function applyTopicPlan(plan: TopicPlan, admin: TopicAdmin): Promise<string[]> {
  const create = plan.steps.flatMap((s) => (s.action === 'create' ? [s.target] : []));
  if (create.length === 0) return [];
  await admin.createTopics({
    topics: create.map((t) => ({ topic: t.topic, numPartitions: t.partitions, replicationFactor: t.replicationFactor, configs: t.configs })),
  });
  return create.map((t) => t.topic);
}

/** Reads the cluster's state of the targets. */
export async function readTopicStates(admin: TopicAdmin, targets: readonly TopicTarget[], keys: readonly string[]): Promise<TopicState[]> {
  if (!admin.describeTopics) throw new Error('The admin client cannot describe topics.');
  return admin.describeTopics(
    targets.map((t) => t.topic),
    keys,
  );
}
