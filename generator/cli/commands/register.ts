import type { Argv } from 'yargs';
import { join, resolve } from 'node:path';
import { toolVersion } from '../tool-version.js';
import { defineCommand, type CliIO } from '../command.js';
import { ExitCode } from '../../core/exit-codes.js';
import { loadCatalog } from '../../load/index.js';
import { clientFromArgs, configuredRegistryUrl, registryConnectionOptions, registryUserError, type RegistryConnectionArgs } from '../registry-connection.js';
import {
  RegistryError,
  applyResultToJson,
  describeOutcome,
  embeddedDataDir,
  planToJson,
  registerCatalog,
  renderApplyResult,
  renderPlan,
} from '../../register/index.js';
import { startRegistry } from '../../registry-server/index.js';
import { renderDiagnostics } from '../../report/index.js';

interface RegisterArgs extends RegistryConnectionArgs {
  cwd: string;
  'dry-run': boolean;
  format: 'text' | 'json';
  concurrency: number;
  'unchecked-form-change': boolean;
}

/** Draws a one-line progress bar on a TTY stderr; silent otherwise. */
function progress(io: CliIO, enabled: boolean): { update(label: string, done: number, total: number): void; end(): void } {
  let drawn = false;
  return {
    update(label, done, total) {
      if (!enabled || total < 10) return;
      const width = 28;
      const filled = Math.round((done / total) * width);
      io.stderr(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
      drawn = true;
    },
    end() {
      if (drawn) io.stderr('\r\u001b[2K');
      drawn = false;
    },
  };
}

export const registerCommand = defineCommand<RegisterArgs>({
  command: 'register',
  describe: 'Register the contracts (envelope schemas + shared references) in a schema registry; the embedded one when none is configured',
  builder: (y) =>
    registryConnectionOptions(y)
      .option('cwd', { type: 'string', default: '.', describe: 'Repository root' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print the plan; change nothing' })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' })
      .option('concurrency', { type: 'number', default: 4, describe: 'Subjects registered at once' })
      .option('unchecked-form-change', {
        type: 'boolean',
        default: true,
        describe:
          "When the newest version holds the same content in an older registered form and the registry's own check refuses the new form, register it once at compatibility NONE, then set the level back (--no-unchecked-form-change keeps the refusal)",
      }) as unknown as Argv<RegisterArgs>,
  run: async (args, io) => {
    const root = resolve(args.cwd);
    const catalog = await loadCatalog({ root });
    const loadErrors = catalog.diagnostics.filter((d) => d.severity === 'error');
    if (loadErrors.length > 0) {
      io.stderr(renderDiagnostics('text', loadErrors, { name: 'contracts', version: await toolVersion(), command: 'register' }));
      io.stderr(
        `contracts register: ${loadErrors.length} problem${loadErrors.length === 1 ? '' : 's'} in the contracts; nothing registered. Fix them (see \`contracts lint\`) and run again.\n`,
      );
      return ExitCode.PROBLEMS;
    }
    const configured = configuredRegistryUrl(args, catalog);
    let embedded: Awaited<ReturnType<typeof startRegistry>> | undefined;
    let url = configured;
    if (url === undefined) {
      const dataDir = await embeddedDataDir(root);
      embedded = await startRegistry({ port: 0, dataDir, onWarning: (m) => io.stderr(`contracts register: embedded registry: ${m}\n`) });
      url = embedded.url;
      if (args.format === 'text')
        io.stderr(`contracts register: no registry configured; using the embedded registry (data in ${join('.contracts', 'registry')}).\n`);
    }
    const client = await clientFromArgs(args, url);
    const label = configured ?? 'the embedded registry (.contracts/registry)';
    const bar = progress(io, io.isTTY && args.format === 'text');
    try {
      const { plan, result } = await registerCatalog({
        catalog,
        client,
        dryRun: args['dry-run'],
        concurrency: args.concurrency,
        uncheckedFormChange: args['unchecked-form-change'],
        onStateRead: (done, total) => bar.update('reading registry', done, total),
        onItem: (applied, done, total) => {
          bar.update('registering', done, total);
          if (applied.outcome.status === 'failed' && (applied.outcome.reason === 'network' || applied.outcome.reason === 'server') && io.isTTY) {
            bar.end();
            io.stderr(`${applied.item.subject}: ${describeOutcome(applied)}\n`);
          }
        },
      });
      bar.end();
      if (!result) {
        io.stdout(args.format === 'json' ? JSON.stringify(planToJson(plan, label), null, 2) + '\n' : renderPlan(plan, label));
        const refused =
          plan.items.some((i) => i.action !== 'register' && i.action !== 'already-registered') || plan.diagnostics.some((d) => d.severity === 'error');
        return refused ? ExitCode.PROBLEMS : ExitCode.OK;
      }
      io.stdout(args.format === 'json' ? JSON.stringify(applyResultToJson(result, plan, label), null, 2) + '\n' : renderApplyResult(result, label, plan));
      return result.complete && !plan.diagnostics.some((d) => d.severity === 'error') ? ExitCode.OK : ExitCode.PROBLEMS;
    } catch (error) {
      bar.end();
      if (!(error instanceof RegistryError)) throw error;
      if (error.retriable) {
        // The registry could not be read completely: nothing or part was done; a re-run completes it.
        io.stderr(`contracts register: incomplete: ${error.message}\n  Run \`contracts register\` again; already registered subjects are skipped.\n`);
        return ExitCode.PROBLEMS;
      }
      throw registryUserError(error, label);
    } finally {
      client.close();
      await embedded?.close();
    }
  },
});
