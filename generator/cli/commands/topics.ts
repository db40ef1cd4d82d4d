import { defineCommand, type CliIO } from '../command.js';
import { ExitCode } from '../../core/exit-codes.js';
import { UsageError } from '../../core/errors.js';
import { loadCatalog } from '../../load/index.js';
import { applyTopicPlan, COMPARED_CONFIGS, planTopics, readTopicStates, topicTargets, type TopicPlan, type TopicStep } from '../../topics/index.js';
import { refuseOnLoadErrors } from './load-errors.js';
import { kafkaAdmin, parseBrokers } from './kafka-admin.js';

interface TopicsArgs {
  action: 'plan' | 'apply';
  cwd: string;
  brokers?: string;
  format: 'text' | 'json';
}

/**
 * `contracts topics plan|apply`: every topic the contracts use and its `.dlq`, with `topics.partitions`,
 * `replicationFactor`, `retentionMs`, `cleanupPolicy`. apply creates what is missing; drift is reported, never changed.
 * Exit 1: plan has changes or drift; apply left drift.
 */
export const topicsCommand = defineCommand<TopicsArgs>({
  command: 'topics <action>',
  describe: 'Plan or create the Kafka topics of the contracts and their dead-letter topics (drift is reported, never changed)',
  builder: (y) =>
    y
      .positional('action', {
        choices: ['plan', 'apply'] as const,
        demandOption: true,
        describe: 'plan: print what apply would do; apply: create the missing topics',
      })
      .option('cwd', { type: 'string', default: '.', describe: 'Repository root' })
      .option('brokers', { type: 'string', describe: 'Comma-separated Kafka bootstrap servers (else $KAFKA_BROKERS)' })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' }) as never,
  run: async (args, io) => {
    const brokers = parseBrokers(args.brokers);
    const catalog = await loadCatalog({ root: args.cwd });
    if (refuseOnLoadErrors(catalog, 'topics', io)) return ExitCode.PROBLEMS;
    const targets = topicTargets(catalog);
    if (targets.length === 0)
      throw new UsageError('The repository has no event contracts, so no topics.', 'Run it at the root of a contracts repository, or pass --cwd.');
    return kafkaAdmin(brokers, 'contracts-topics', async (admin) => {
      const plan = planTopics(targets, await readTopicStates(admin, targets, COMPARED_CONFIGS));
      const created = args.action === 'apply' ? await applyTopicPlan(plan, admin) : [];
      render(plan, args, created, io);
      const drift = plan.steps.some((s) => s.action === 'drift');
      const pending = args.action === 'plan' && plan.steps.some((s) => s.action === 'create');
      return drift || pending ? ExitCode.PROBLEMS : ExitCode.OK;
    });
  },
});

function settings(step: TopicStep): string {
  const t = step.target;
  const configs = Object.entries(t.configs).map(([k, v]) => `${k}=${v}`);
  return [`${t.partitions} partitions`, `replication factor ${t.replicationFactor}`, ...configs].join(', ');
}

function render(plan: TopicPlan, args: TopicsArgs, created: string[], io: CliIO): void {
  if (args.format === 'json') {
    io.stdout(`${JSON.stringify({ action: args.action, created, steps: plan.steps }, null, 2)}\n`);
    return;
  }
  for (const step of plan.steps) {
    const name = `${step.target.topic}${step.target.kind === 'dead-letter' ? ' (dead letters)' : ''}`;
    if (step.action === 'ok') io.stdout(`ok      ${name}\n`);
    else if (step.action === 'create') io.stdout(`${args.action === 'apply' ? 'created' : 'create '} ${name}: ${settings(step)}\n`);
    else {
      io.stdout(`drift   ${name}\n`);
      for (const d of step.drift) io.stdout(`          ${d.setting}: configured ${d.want}, the cluster has ${d.have}. ${d.fix}\n`);
    }
  }
  const count = (a: TopicStep['action']) => plan.steps.filter((s) => s.action === a).length;
  const verb = args.action === 'apply' ? 'created' : 'to create';
  io.stdout(`${plan.steps.length} topics: ${count('ok')} ok, ${count('create')} ${verb}, ${count('drift')} with drift (left unchanged).\n`);
}
