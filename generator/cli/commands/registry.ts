import { defineCommand, type CliIO } from '../command.js';
import { ExitCode } from '../../core/exit-codes.js';
import { UsageError } from '../../core/errors.js';
import { CONNECTION_LIMITS, startRegistry } from '../../registry-server/index.js';

interface RegistryArgs {
  action: string;
  port: number;
  host: string;
  data?: string;
  auth?: string;
  'max-connections': number;
}

/**
 * `contracts registry serve`: the embedded Confluent-compatible registry. Prints the URL on
 * stdout (one line, so scripts and tests can read it) and runs until SIGINT/SIGTERM.
 */
export const registryCommand = defineCommand<RegistryArgs>({
  command: 'registry <action>',
  describe: 'Run the embedded Confluent-compatible schema registry (action: serve)',
  builder: (y) =>
    y
      .positional('action', { type: 'string', choices: ['serve'], demandOption: true, describe: 'serve: start the registry and keep running' })
      .option('port', { type: 'number', default: 8081, describe: 'Port to listen on (0 picks a free port)' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'Interface to bind; anything but loopback exposes the registry' })
      .option('data', { type: 'string', describe: 'Directory for the append-only log; in memory (lost on exit) when omitted' })
      .option('max-connections', {
        type: 'number',
        default: CONNECTION_LIMITS.maxConnections,
        describe: 'Most simultaneous connections; further ones are closed at once',
      })
      .option('auth', {
        type: 'string',
        describe: 'Require HTTP basic auth, as user:password (or set CONTRACTS_REGISTRY_AUTH to keep it out of `ps`)',
      }),
  run: async (args, io) => serve(args, io),
});

async function serve(args: RegistryArgs, io: CliIO): Promise<typeof ExitCode.OK> {
  const auth = args.auth ?? process.env.CONTRACTS_REGISTRY_AUTH;
  if (auth !== undefined && !/^[^:]+:.+$/.test(auth)) {
    throw new UsageError('--auth must be user:password.', 'Example: contracts registry serve --auth admin:s3cret');
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) {
    throw new UsageError(`--port ${args.port} is not a TCP port.`, 'Use 0..65535 (0 picks a free port).');
  }
  if (!Number.isInteger(args['max-connections']) || args['max-connections'] < 1) {
    throw new UsageError(`--max-connections ${args['max-connections']} is not a positive integer.`, `The default is ${CONNECTION_LIMITS.maxConnections}.`);
  }
  const registry = await startRegistry({
    port: args.port,
    maxConnections: args['max-connections'],
    host: args.host,
    ...(args.data !== undefined ? { dataDir: args.data } : {}),
    ...(auth !== undefined ? { auth } : {}),
    onWarning: (message) => io.stderr(`contracts registry: warning: ${message}\n`),
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE')
      throw new UsageError(`Port ${args.port} on ${args.host} is already in use.`, 'Pass another --port, or --port 0 for a free one.');
    throw error;
  });
  io.stdout(`${registry.url}\n`);
  io.stderr(`contracts registry: serving JSON Schemas at ${registry.url} (storage: ${registry.storage}${auth ? ', basic auth on' : ''}); Ctrl-C to stop\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.stderr(`contracts registry: ${signal}, shutting down\n`);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await registry.close();
  return ExitCode.OK;
}
