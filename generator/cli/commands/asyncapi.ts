import { extname } from 'node:path';
import { defineCommand } from '../command.js';
import { ExitCode } from '../../core/exit-codes.js';
import { UsageError } from '../../core/errors.js';
import { loadCatalog } from '../../load/index.js';
import { writeAsyncApi, type AsyncApiFormat } from '../../asyncapi/index.js';
import { refuseOnLoadErrors } from './load-errors.js';

interface AsyncApiArgs {
  cwd: string;
  out?: string;
  format?: AsyncApiFormat;
  check: boolean;
}

export const asyncapiCommand = defineCommand<AsyncApiArgs>({
  command: 'asyncapi',
  describe: 'Write one AsyncAPI 3.0 document: channels = topics, messages = event types (the registered envelope), Kafka bindings',
  builder: (y) =>
    y
      .option('cwd', { type: 'string', default: '.', describe: 'Repository root' })
      .option('out', { type: 'string', describe: 'File to write, relative to the repository root (default: print to stdout)' })
      .option('format', { choices: ['json', 'yaml'] as const, describe: 'Output format (default: from the --out extension, else yaml)' })
      .option('check', { type: 'boolean', default: false, describe: 'Write nothing; exit 1 when --out differs from what would be written (for CI)' }) as never,
  run: async (args, io) => {
    if (args.check && args.out === undefined)
      throw new UsageError(
        '`contracts asyncapi --check` needs the file to compare with.',
        'Pass --out, e.g. `contracts asyncapi --out asyncapi.yaml --check`.',
      );
    const format = args.format ?? (args.out && extname(args.out) === '.json' ? 'json' : 'yaml');
    const catalog = await loadCatalog({ root: args.cwd });
    if (refuseOnLoadErrors(catalog, 'asyncapi', io)) return ExitCode.PROBLEMS;
    const result = await writeAsyncApi({ catalog, format, ...(args.out !== undefined ? { out: args.out } : {}), check: args.check });
    for (const t of result.skipped)
      io.stderr(`contracts asyncapi: ${t} left out: it cannot be registered (run \`contracts register --dry-run\` for the reason).\n`);
    const summary = `${result.messages} messages on ${result.channels} channels`;
    switch (result.outcome) {
      case 'rendered':
        io.stdout(result.text);
        return ExitCode.OK;
      case 'fresh':
        io.stdout(`${args.out} is up to date (${summary}).\n`);
        return ExitCode.OK;
      case 'stale':
        io.stderr(
          `${args.out} is stale: it differs from what \`contracts asyncapi\` writes. Run \`contracts asyncapi --out ${args.out}\` and commit the result.\n`,
        );
        return ExitCode.PROBLEMS;
      default:
        io.stdout(`${result.outcome === 'written' ? 'Wrote' : 'Unchanged:'} ${args.out} (AsyncAPI 3.0, ${format}, ${summary}).\n`);
        return ExitCode.OK;
    }
  },
});
