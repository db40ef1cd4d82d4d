import { resolve } from 'node:path';
import { toolVersion } from '../tool-version.js';
import { defineCommand } from '../command.js';
import { ExitCode } from '../../core/exit-codes.js';

interface RunArgs {
  cwd: string;
  registry?: string;
  against?: string;
  'dry-run': boolean;
  'npm-registry'?: string;
  publish: boolean;
  tag?: string;
  provenance: boolean;
}

/** `contracts run`: the whole job on one repository (README's main command). */
export const runCommand = defineCommand<RunArgs>({
  command: 'run',
  describe:
    'The whole job: lint → check → register (embedded registry unless --registry) → generate → catalog (.contracts/catalog/) → publish (packs; uploads only with --publish)',
  builder: (y) =>
    y
      .option('cwd', { type: 'string', default: '.', describe: 'Repository root' })
      .option('registry', {
        type: 'string',
        describe: 'Confluent-compatible registry URL (default: config registry.url, $SCHEMA_REGISTRY_URL, else the embedded registry in .contracts/registry)',
      })
      .option('against', { type: 'string', describe: 'Git ref the gate compares with (default: merge base with the default branch)' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Plan registration and check generated/ for drift; change nothing' })
      .option('npm-registry', { type: 'string', describe: 'npm registry of the publish stage (default: publish.registry in the config; none: pack only)' })
      .option('publish', {
        type: 'boolean',
        default: false,
        describe: 'Upload to the npm registry (CI on the default branch); without it the publish stage only plans',
      })
      .option('tag', { type: 'string', describe: 'dist-tag of the publish stage (default: publish.tag, else latest)' })
      .option('provenance', { type: 'boolean', default: false, describe: 'Pass --provenance to npm publish' }) as never,
  run: async (args, io) => {
    const { runPipeline } = await import('../../pipeline.js');
    const { renderDiagnostics } = await import('../../report/index.js');
    const root = resolve(args.cwd);
    const { loadCatalog } = await import('../../load/index.js');
    const config = (await loadCatalog({ root })).config;
    const url = args.registry ?? config.registry.url ?? process.env.SCHEMA_REGISTRY_URL;
    const { publishTarget } = await import('./publish.js');
    const npmTarget = publishTarget(args['npm-registry'], args.tag, config);
    const result = await runPipeline({
      root,
      ...(url ? { registry: { url } } : {}),
      ...(args.against !== undefined ? { against: args.against } : {}),
      dryRun: args['dry-run'],
      publish: { ...npmTarget, upload: args.publish, provenance: args.provenance },
      onStage: (stage) => io.stderr(`contracts run: ${stage}\n`),
    });
    const shown = result.diagnostics.filter((d) => d.severity !== 'info' || result.stoppedAt);
    if (shown.length > 0) io.stdout(renderDiagnostics('text', shown, { name: 'contracts', version: await toolVersion(), command: 'run' }));
    const lines: string[] = [];
    if (result.catalog) lines.push(`load      ${result.catalog.events.length} event types, ${result.catalog.shared.length} shared definitions`);
    if (result.check) lines.push(`check     ${result.check.stats.eventTypes} event types checked (${result.check.against})`);
    const reg = result.registration;
    if (reg?.result) {
      const c = reg.result.counts;
      lines.push(`register  ${c.registered} registered, ${c.skipped} already registered, ${c.failed} failed in ${reg.target}`);
    } else if (reg) {
      lines.push(`register  dry run: ${reg.plan.items.length} subjects planned for ${reg.target}`);
    }
    const gen = result.generated;
    if (gen) {
      lines.push(
        args['dry-run']
          ? `generate  ${gen.packages.length} packages, ${gen.stale.length} stale files in ${gen.outDir}/`
          : `generate  ${gen.packages.length} packages in ${gen.outDir}/: ${gen.written.length} written, ${gen.unchanged.length} unchanged, ${gen.removed.length} removed`,
      );
    }
    if (result.site) lines.push(`catalog   ${result.site.model.counts.eventTypes} event types in .contracts/catalog/ (open index.html)`);
    const pub = result.published;
    if (pub) {
      const { renderPublishSummary } = await import('../../publish/index.js');
      lines.push(renderPublishSummary(pub));
    }
    if (result.stoppedAt) lines.push(`stopped at ${result.stoppedAt}: fix the errors above and run again`);
    io.stdout(`${lines.join('\n')}\n`);
    return result.ok ? ExitCode.OK : ExitCode.PROBLEMS;
  },
});
