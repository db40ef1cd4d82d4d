import { defineCommand, type CliIO } from '../command.js';
import { ExitCode } from '../../core/exit-codes.js';
import { ContractsError, UsageError } from '../../core/errors.js';
import { parseBrokers } from './kafka-admin.js';

interface DlqArgs {
  action: 'inspect' | 'replay';
  topic: string;
  brokers?: string;
  format: 'text' | 'json';
  limit: number;
  'event-type'?: string;
  since?: string;
  'dry-run': boolean;
}

/**
 * `contracts dlq inspect|replay --topic <topic>.dlq`: lists dead letters (decoded envelope + why-headers), or
 * republishes the selected ones to their original topic with a `dlq_replayed_from` header. Idempotent consumers make
 * a repeated replay harmless. Exit 0 on success (an empty topic included), 2 on a usage or connection error.
 */
export const dlqCommand = defineCommand<DlqArgs>({
  command: 'dlq <action>',
  describe: 'Inspect or replay dead letters (<topic>.dlq) written by the generated consumers',
  builder: (y) =>
    y
      .positional('action', {
        choices: ['inspect', 'replay'] as const,
        demandOption: true,
        describe: 'inspect: list dead letters; replay: republish them to their original topic',
      })
      .option('topic', { type: 'string', demandOption: true, describe: 'The dead-letter topic, e.g. order.placed.dlq' })
      .option('brokers', { type: 'string', describe: 'Comma-separated Kafka bootstrap servers (else $KAFKA_BROKERS)' })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format (inspect, and the replay report)' })
      .option('limit', { type: 'number', default: 1000, describe: 'Read at most this many dead letters' })
      .option('event-type', { type: 'string', describe: 'replay: only dead letters of this event type' })
      .option('since', { type: 'string', describe: 'replay: only dead letters that failed at or after this ISO-8601 time' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'replay: print what would be republished, send nothing' }) as never,
  run: async (args, io) => {
    const brokers = parseBrokers(args.brokers);
    if (!Number.isInteger(args.limit) || args.limit < 1) throw new UsageError(`--limit is ${String(args.limit)}: it must be an integer ≥ 1.`);
    const since = args.since === undefined ? undefined : new Date(args.since);
    if (since !== undefined && Number.isNaN(since.getTime()))
      throw new UsageError(`--since "${args.since}" is not a date-time.`, 'Example: --since 2026-12-01T00:00:00Z');
    const runtime = await import('@event-contracts/runtime');
    const quiet = { error: () => undefined, warn: () => undefined };
    const transport = runtime.createKafkaTransport({
      brokers,
      clientId: 'contracts-dlq',
      logger: quiet,
      kafka: { connectionTimeout: 3000, retry: { retries: 2 } },
    });
    let letters;
    try {
      letters = await transport.readTopic!(args.topic, { limit: args.limit });
    } catch (error) {
      if (error instanceof runtime.ConfigurationError) throw new ContractsError(error.message);
      throw new ContractsError(
        `Cannot read ${args.topic} from ${brokers.join(',')}: ${(error as Error).message}.`,
        'Check --brokers / KAFKA_BROKERS and that the cluster is up.',
      );
    }
    if (args.action === 'inspect') return inspect(letters.map(runtime.viewDeadLetter), args, io);
    let plan;
    try {
      plan = runtime.planReplay(args.topic, letters, { ...(args['event-type'] ? { eventType: args['event-type'] } : {}), ...(since ? { since } : {}) });
    } catch (error) {
      if (error instanceof runtime.NotADeadLetterTopicError) throw new ContractsError(error.message, 'Pass the dead-letter topic (<topic>.dlq) with --topic.');
      throw error;
    }
    const lines = plan.map((p) => ({ from: `${p.from.topic}/${p.from.partition}/${p.from.offset}`, to: p.topic, key: p.message.key?.toString() ?? null }));
    if (!args['dry-run'] && plan.length > 0) {
      const producer = transport.producer();
      await producer.connect();
      try {
        for (const p of plan) await producer.send({ batches: [{ topic: p.topic, messages: [p.message] }], compression: 'none' });
      } finally {
        await producer.disconnect();
      }
    }
    const verb = args['dry-run'] ? 'would replay' : 'replayed';
    if (args.format === 'json') io.stdout(`${JSON.stringify({ dryRun: args['dry-run'], read: letters.length, replayed: lines }, null, 2)}\n`);
    else {
      for (const l of lines) io.stdout(`${verb} ${l.from} → ${l.to}${l.key === null ? '' : ` (key ${l.key})`}\n`);
      io.stdout(`${args.topic}: ${letters.length} dead letters read, ${lines.length} ${verb}.\n`);
    }
    return ExitCode.OK;
  },
});

type View = import('@event-contracts/runtime').DeadLetterView;

function inspect(views: View[], args: DlqArgs, io: CliIO): ExitCode {
  if (args.format === 'json') {
    io.stdout(`${JSON.stringify({ topic: args.topic, count: views.length, deadLetters: views }, null, 2)}\n`);
    return ExitCode.OK;
  }
  for (const v of views) {
    const f = v.failure;
    const what = v.envelope ? `${v.envelope.eventType} ${v.envelope.eventId}` : `undecodable: ${v.undecodable}`;
    io.stdout(`${args.topic}/${v.partition}/${v.offset}  ${what}${v.key === null ? '' : `  key ${v.key}`}\n`);
    io.stdout(
      `  from ${f['dlq_original_topic'] ?? '?'}[${f['dlq_original_partition'] ?? '?'}]@${f['dlq_original_offset'] ?? '?'}, group ${f['dlq_consumer_group'] ?? '?'}\n`,
    );
    io.stdout(
      `  ${f['dlq_reason'] ?? '?'} after ${f['dlq_attempts'] ?? '?'} attempt(s), ${f['dlq_first_failure_time'] ?? '?'} … ${f['dlq_last_failure_time'] ?? '?'}\n`,
    );
    io.stdout(`  ${f['dlq_error_class'] ?? 'Error'}: ${f['dlq_error_message'] ?? ''}\n`);
    if (f['dlq_replayed_from']) io.stdout(`  (a replay of ${f['dlq_replayed_from']})\n`);
  }
  io.stdout(`${args.topic}: ${views.length} dead letters${views.length >= args.limit ? ` (--limit ${args.limit} reached)` : ''}.\n`);
  return ExitCode.OK;
}
