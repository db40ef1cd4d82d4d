import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { defineCommand } from '../command.js';
import { UsageError } from '../../core/errors.js';
import { ExitCode } from '../../core/exit-codes.js';
import { RegistryError, pullSubjects } from '../../register/index.js';
import { loadCatalog } from '../../load/index.js';
import { clientFromArgs, configuredRegistryUrl, registryConnectionOptions, registryUserError, type RegistryConnectionArgs } from '../registry-connection.js';

interface PullArgs extends RegistryConnectionArgs {
  cwd: string;
  force: boolean;
  format: 'text' | 'json';
}

export const pullCommand = defineCommand<PullArgs>({
  command: 'pull',
  describe: 'Write the latest version of every registered subject into schemas/ (for adopting an existing registry)',
  builder: (y) =>
    registryConnectionOptions(y)
      .option('cwd', { type: 'string', default: '.', describe: 'Repository root' })
      .option('force', { type: 'boolean', default: false, describe: 'Overwrite files whose content differs' })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' }) as unknown as Argv<PullArgs>,
  run: async (args, io) => {
    const root = resolve(args.cwd);
    const catalog = await loadCatalog({ root }).catch(() => undefined);
    const url = configuredRegistryUrl(args, catalog);
    if (url === undefined)
      throw new UsageError(
        '`contracts pull` needs a registry to pull from.',
        'Pass --registry URL (or set registry.url in contracts.config.json, or $SCHEMA_REGISTRY_URL).',
      );
    const client = await clientFromArgs(args, url);
    try {
      const result = await pullSubjects({ client, root, force: args.force });
      if (args.format === 'json') {
        io.stdout(
          JSON.stringify(
            {
              registry: url,
              written: result.written,
              unchanged: result.unchanged,
              refused: result.refused,
              skipped: result.skipped,
              files: result.files.map((f) => ({ path: f.path, subject: f.subject, version: f.version, id: f.id, origin: f.origin })),
            },
            null,
            2,
          ) + '\n',
        );
      } else {
        const subjectOf = new Map(result.files.map((f) => [f.path, `${f.subject} v${f.version}`]));
        for (const p of result.written) io.stdout(`  wrote     ${p}  (${subjectOf.get(p)})\n`);
        for (const p of result.unchanged) io.stdout(`  unchanged ${p}\n`);
        for (const p of result.refused) io.stdout(`  refused   ${p}: the file exists with other content; pass --force to overwrite it\n`);
        for (const s of result.skipped) io.stdout(`  skipped   subject "${s.subject}": ${s.reason}\n`);
        io.stdout(
          `${result.written.length} written, ${result.unchanged.length} unchanged, ${result.refused.length} refused, ${result.skipped.length} skipped from ${url}.\n`,
        );
      }
      return result.refused.length > 0 ? ExitCode.PROBLEMS : ExitCode.OK;
    } catch (error) {
      if (error instanceof RegistryError) throw registryUserError(error, url);
      throw error;
    } finally {
      client.close();
    }
  },
});
