import type { Catalog } from '../load/index.js';

/** What the cluster reports for a topic (the runtime's admin port returns this shape). */
export interface TopicState {
  topic: string;
  partitions: number;
  replicationFactor: number;
  configs: Record<string, string>;
}

export type TopicKind = 'events' | 'dead-letter';

/** A topic as `contracts.config.json` wants it. */
export interface TopicTarget {
  topic: string;
  kind: TopicKind;
  partitions: number;
  replicationFactor: number;
  /** Topic-level configuration to set at creation and to compare (`retention.ms`, `cleanup.policy`). */
  configs: Record<string, string>;
}

export interface TopicDrift {
  setting: 'partitions' | 'replication factor' | 'retention.ms' | 'cleanup.policy';
  want: string;
  have: string;
  /** Why it is not changed automatically, and how to change it. */
  fix: string;
}

export type TopicStep =
  { action: 'create'; target: TopicTarget } | { action: 'ok'; target: TopicTarget } | { action: 'drift'; target: TopicTarget; drift: TopicDrift[] };

export interface TopicPlan {
  steps: TopicStep[];
}

/** The configuration keys the plan compares. */
export const COMPARED_CONFIGS = ['retention.ms', 'cleanup.policy'] as const;

const deadLetterTopic = (topic: string): string => `${topic}.dlq`;
const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Every topic the contracts use and its `.dlq`, with the configured settings; sorted by name. */
export function topicTargets(catalog: Pick<Catalog, 'events' | 'config'>): TopicTarget[] {
  const t = catalog.config.topics;
  const topics = [...new Set(catalog.events.map((e) => e.topic))];
  const targets: TopicTarget[] = [];
  for (const topic of topics) {
    const configs: Record<string, string> = { 'cleanup.policy': t.cleanupPolicy };
    if (t.retentionMs !== undefined) configs['retention.ms'] = String(t.retentionMs);
    targets.push({ topic, kind: 'events', partitions: t.partitions, replicationFactor: t.replicationFactor, configs });
    const dlqRetention = t.deadLetterRetentionMs ?? t.retentionMs;
    const dlqConfigs: Record<string, string> = { 'cleanup.policy': 'delete' }; // dead letters have no meaningful key to compact on
    if (dlqRetention !== undefined) dlqConfigs['retention.ms'] = String(dlqRetention);
    targets.push({ topic: deadLetterTopic(topic), kind: 'dead-letter', partitions: t.partitions, replicationFactor: t.replicationFactor, configs: dlqConfigs });
  }
  return targets.sort((a, b) => byCodePoint(a.topic, b.topic));
}

/** Rules as data: how each setting is compared and why a difference is reported, never applied. */
const DRIFT_RULES: readonly {
  setting: TopicDrift['setting'];
  want: (t: TopicTarget) => string | undefined;
  have: (s: TopicState) => string | undefined;
  fix: string;
}[] = [
  {
    setting: 'partitions',
    want: (t) => String(t.partitions),
    have: (s) => String(s.partitions),
    fix: 'Not changed automatically: adding partitions moves keys to other partitions (per-key order breaks for keys in flight) and Kafka cannot remove them. Change it deliberately (kafka-topics --alter --partitions) or update topics.partitions.',
  },
  {
    setting: 'replication factor',
    want: (t) => String(t.replicationFactor),
    have: (s) => String(s.replicationFactor),
    fix: 'Not changed automatically: a reassignment moves data between brokers. Use kafka-reassign-partitions, or update topics.replicationFactor.',
  },
  {
    setting: 'retention.ms',
    want: (t) => t.configs['retention.ms'],
    have: (s) => s.configs['retention.ms'],
    fix: 'Not changed automatically: a shorter retention deletes data. Set it with kafka-configs --alter --add-config retention.ms=…, or update topics.retentionMs.',
  },
  {
    setting: 'cleanup.policy',
    want: (t) => t.configs['cleanup.policy'],
    have: (s) => s.configs['cleanup.policy'],
    fix: 'Not changed automatically: switching to compact deletes older values per key. Set it with kafka-configs, or update topics.cleanupPolicy.',
  },
];

/** Pure: what `apply` would do given what the cluster has. Existing topics are never modified. */
export function planTopics(targets: readonly TopicTarget[], current: readonly TopicState[]): TopicPlan {
  const have = new Map(current.map((s) => [s.topic, s]));
  const steps = targets.map((target): TopicStep => {
    const state = have.get(target.topic);
    if (state === undefined) return { action: 'create', target };
    const drift: TopicDrift[] = [];
    for (const rule of DRIFT_RULES) {
      const want = rule.want(target);
      const got = rule.have(state);
      if (want !== undefined && got !== undefined && want !== got) drift.push({ setting: rule.setting, want, have: got, fix: rule.fix });
    }
    return drift.length > 0 ? { action: 'drift', target, drift } : { action: 'ok', target };
  });
  return { steps };
}
