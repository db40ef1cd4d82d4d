import { resolve } from 'node:path';
import { defineCommand, type CliIO } from '../command.js';
import { UsageError } from '../../core/errors.js';
import { ExitCode } from '../../core/exit-codes.js';
import { hasErrors } from '../../core/diagnostic.js';
import { generatePackages } from '../../generate/index.js';
import { loadCatalog } from '../../load/index.js';
import type { Catalog } from '../../load/index.js';
import type { ContractsConfig } from '../../core/config.js';
import {
  NpmError,
  npmFailureDiagnostic,
  publishPackages,
  publishToJson,
  renderPublishPlan,
  renderPublishResult,
  type PublishOptions,
} from '../../publish/index.js';
import { renderDiagnostics } from '../../report/index.js';
import { toolVersion } from '../tool-version.js';

interface PublishArgs {
  cwd: string;
  registry?: string;
  'dry-run': boolean;
  tag?: string;
  format: 'text' | 'json';
  out: string;
  provenance: boolean;
}

export const publishCommand = defineCommand<PublishArgs>({
  command: 'publish',
  describe:
    "Version (from the contracts' diff), pack and publish the generated packages and the runtime to an npm registry; packs only when none is configured",
  builder: (y) =>
    y
      .option('cwd', { type: 'string', default: '.', describe: 'Repository root' })
      .option('registry', { type: 'string', describe: 'npm registry URL to upload to (default: publish.registry in contracts.config.json; none: pack only)' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print the plan (reading the registry when one is named); upload and record nothing' })
      .option('tag', { type: 'string', describe: 'dist-tag (default: publish.tag in the config, else latest)' })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' })
      .option('out', { type: 'string', default: '.contracts/packages', describe: 'Folder the tarballs are packed into, relative to the repository root' })
      .option('provenance', { type: 'boolean', default: false, describe: 'Pass --provenance to npm publish (CI with an OIDC identity)' }) as never,
  run: async (args, io) => {
    const catalog = await loadCatalog({ root: resolve(args.cwd) });
    const loadErrors = catalog.diagnostics.filter((d) => d.severity === 'error');
    if (loadErrors.length > 0) {
      io.stderr(renderDiagnostics('text', loadErrors, { name: 'contracts', version: await toolVersion(), command: 'publish' }));
      io.stderr('contracts publish: the contracts have errors; nothing was published. Fix them (see `contracts lint`) and run again.\n');
      return ExitCode.PROBLEMS;
    }
    const generated = await generatePackages({ catalog, check: true });
    if (generated.stale.length > 0) {
      io.stderr(
        `contracts publish: ${generated.outDir}/ is stale (${generated.stale.length} file${generated.stale.length === 1 ? '' : 's'} differ from the contracts); nothing was published. Run \`contracts generate\`, commit, and publish again.\n`,
      );
      return ExitCode.PROBLEMS;
    }
    return runPublish(
      io,
      catalog,
      {
        catalog,
        generated,
        ...publishTarget(args.registry, args.tag, catalog.config),
        dryRun: args['dry-run'],
        provenance: args.provenance,
        outDir: args.out,
      },
      args.format,
    );
  },
});

/** The registry and tag from flags, else contracts.config.json; a URL that is not http(s) is a usage error. */
export function publishTarget(registry: string | undefined, tag: string | undefined, config: ContractsConfig): { registry?: string; tag: string } {
  const url = registry ?? config.publish.registry;
  if (url !== undefined && !/^https?:\/\/[^\s/]+/.test(url))
    throw new UsageError(
      `--registry ${JSON.stringify(url)} is not an http(s) URL.`,
      'Name the npm registry like http://127.0.0.1:4873/ or https://npm.example.com/.',
    );
  return { ...(url ? { registry: url.endsWith('/') ? url : `${url}/` } : {}), tag: tag ?? config.publish.tag ?? 'latest' };
}

/** Runs the stage and prints plan/outcome; shared by `contracts publish` and `contracts run`. */
export async function runPublish(io: CliIO, catalog: Catalog, options: PublishOptions, format: 'text' | 'json'): Promise<ExitCode> {
  try {
    const { plan, result, packedTo } = await publishPackages({
      ...options,
      onItem: format === 'text' ? (item, outcome) => io.stderr(`contracts publish: ${item.name}@${item.version} ${outcome.status}\n`) : undefined,
    });
    if (format === 'json') io.stdout(`${JSON.stringify(publishToJson(plan, result, packedTo), null, 2)}\n`);
    else {
      io.stdout(renderPublishPlan(plan, packedTo));
      if (result && plan.registry) io.stdout(`\n${renderPublishResult(plan, result)}`);
      if (hasErrors(plan.diagnostics)) {
        io.stderr(renderDiagnostics('text', plan.diagnostics, { name: 'contracts', version: await toolVersion(), command: 'publish' }));
        io.stderr('contracts publish: nothing was uploaded; fix the problems above and run again.\n');
      }
    }
    if (hasErrors(plan.diagnostics)) return ExitCode.PROBLEMS;
    return !result || result.complete ? ExitCode.OK : ExitCode.PROBLEMS;
  } catch (error) {
    if (!(error instanceof NpmError)) throw error;
    io.stderr(`contracts publish: ${npmFailureDiagnostic(error, options.registry).message}\n`);
    return ExitCode.PROBLEMS;
  }
}
