import { defineCommand, type CliIO } from '../command.js';
import { ExitCode } from '../../core/exit-codes.js';
import { ContractsError, UsageError } from '../../core/errors.js';

interface OutboxArgs {
  action: string;
  'database-url'?: string;
  brokers?: string;
  table: string;
  'batch-size': number;
  'max-lanes': number;
  'poll-interval': number;
  'client-id': string;
  'stop-timeout': number;
}

/**
 * `contracts outbox relay`: publishes the rows generated packages wrote with `outbox.add(tx, …)`, until
 * SIGINT/SIGTERM (then it finishes the batch in hand and releases its lanes). Runs next to the service, any number
 * of copies: they split the table's lanes and never send a row twice.
 */
export const outboxCommand = defineCommand<OutboxArgs>({
  command: 'outbox <action>',
  describe: 'Run the transactional outbox relay (action: relay)',
  builder: (y) =>
    y
      .positional('action', { type: 'string', choices: ['relay'], demandOption: true, describe: 'relay: publish pending outbox rows and keep running' })
      .option('database-url', { type: 'string', describe: 'postgres://user:password@host:port/db (else $DATABASE_URL, which keeps the password out of `ps`)' })
      .option('brokers', { type: 'string', describe: 'Comma-separated Kafka bootstrap servers (else $KAFKA_BROKERS)' })
      .option('table', { type: 'string', default: 'contracts_outbox', describe: 'Outbox table (created by @event-contracts/runtime/sql/outbox.sql)' })
      .option('batch-size', { type: 'number', default: 500, describe: 'Rows per send' })
      .option('max-lanes', { type: 'number', default: 16, describe: 'Most of the 16 lanes this relay owns; lower it to share the load between relays' })
      .option('poll-interval', { type: 'number', default: 5_000, describe: 'Safety-net poll in ms; the relay wakes on LISTEN/NOTIFY' })
      .option('client-id', { type: 'string', default: 'contracts-outbox-relay', describe: 'Kafka client id' })
      .option('stop-timeout', {
        type: 'number',
        default: 10_000,
        describe: 'On SIGINT/SIGTERM, longest wait in ms for the batch in hand (a broker outage holds it); then it is left pending for the next relay',
      }),
  run: async (args, io) => relay(args, io),
});

async function relay(args: OutboxArgs, io: CliIO): Promise<typeof ExitCode.OK> {
  const databaseUrl = args['database-url'] ?? process.env.DATABASE_URL;
  if (!databaseUrl)
    throw new UsageError(
      'No database: pass --database-url or set DATABASE_URL.',
      'Example: DATABASE_URL=postgres://app@127.0.0.1:5432/shop contracts outbox relay',
    );
  const brokers = (args.brokers ?? process.env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (brokers.length === 0) throw new UsageError('No Kafka brokers: pass --brokers or set KAFKA_BROKERS.', 'Example: --brokers 127.0.0.1:9092');
  const runtime = await import('@event-contracts/runtime');
  const logger = {
    error: (message: string) => io.stderr(`contracts outbox: ${message}\n`),
    warn: (message: string) => io.stderr(`contracts outbox: ${message}\n`),
  };
  let started;
  try {
    started = await runtime.startOutboxRelay({
      databaseUrl,
      brokers,
      table: args.table,
      batchSize: args['batch-size'],
      maxLanes: args['max-lanes'],
      pollIntervalMs: args['poll-interval'],
      clientId: args['client-id'],
      stopTimeoutMs: args['stop-timeout'],
      logger,
    });
  } catch (error) {
    if (error instanceof runtime.ConfigurationError) throw new ContractsError(error.message);
    throw error;
  }
  const relayHandle = started;
  io.stderr(
    `contracts outbox: relaying ${args.table} to ${brokers.join(',')}; lanes ${relayHandle.stats().lanes.join(',') || '(none free yet: another relay holds them)'}; Ctrl-C to stop\n`,
  );
  const signal = await new Promise<NodeJS.Signals | 'stopped'>((resolve) => {
    const stop = (name: NodeJS.Signals) => resolve(name);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    void relayHandle.done.then(() => resolve('stopped'));
  });
  if (signal !== 'stopped') io.stderr(`contracts outbox: ${signal}, finishing the batch in hand\n`);
  await relayHandle.stop();
  const stats = relayHandle.stats();
  io.stderr(`contracts outbox: stopped; sent ${stats.sent} rows in ${stats.batches} batches (${stats.failures} failures retried)\n`);
  if (stats.stopTimedOut) {
    io.stderr(`contracts outbox: the broker did not answer within --stop-timeout; ${stats.givenUpAtStop} row(s) in hand stay pending for the next relay\n`);
    // kafkajs cannot cancel the given-up send (its sockets are shut, so it cannot land): exit now rather than
    // linger until its retries run out.
    process.exit(ExitCode.OK);
  }
  return ExitCode.OK;
}
