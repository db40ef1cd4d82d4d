import { defineCommand } from '../command.js';
import { ExitCode } from '../../core/exit-codes.js';
import { generatePackages } from '../../generate/index.js';
import { loadCatalog } from '../../load/index.js';
import { MigrationsError } from '../../generate/migrations-error.js';

interface GenerateArgs {
  cwd: string;
  out: string;
  check: boolean;
  force: boolean;
}

export const generateCommand = defineCommand<GenerateArgs>({
  command: 'generate',
  describe: 'Write one typed npm package per domain (types, precompiled validators, publisher, consumer)',
  builder: (y) =>
    y
      .option('cwd', { type: 'string', default: '.', describe: 'Repository root' })
      .option('out', { type: 'string', default: 'generated', describe: 'Output folder, relative to the repository root' })
      .option('check', { type: 'boolean', default: false, describe: 'Write nothing; exit 1 when the output folder is stale (for CI)' })
      .option('force', { type: 'boolean', default: false, describe: 'Recompute every package, ignoring the cache in .cache/generate/' }) as never,
  run: async (args, io) => {
    const catalog = await loadCatalog({ root: args.cwd });
    const errors = catalog.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) {
      io.stderr(`contracts generate: the contracts have ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was generated.\n`);
      for (const d of errors.slice(0, 10)) io.stderr(`  ${d.file}${d.line ? `:${d.line}:${d.column}` : ''} ${d.ruleId}: ${d.message}\n`);
      if (errors.length > 10) io.stderr(`  … and ${errors.length - 10} more.\n`);
      io.stderr('  Run `contracts lint` for details, fix the schemas, then generate again.\n');
      return ExitCode.PROBLEMS;
    }
    let result: Awaited<ReturnType<typeof generatePackages>>;
    try {
      result = await generatePackages({ catalog, outDir: args.out, check: args.check, force: args.force });
    } catch (error) {
      if (!(error instanceof MigrationsError)) throw error;
      // A migration that does not type-check is a problem found (exit 1), reported at its file:line.
      io.stderr(`contracts generate: ${error.message}\n  ${error.hint}\n`);
      return ExitCode.PROBLEMS;
    }
    const pkgs = `${result.packages.length} package${result.packages.length === 1 ? '' : 's'}`;
    if (args.check) {
      if (result.stale.length === 0) {
        io.stdout(`${result.outDir}/ is up to date (${pkgs}, ${result.unchanged.length} files).\n`);
        return ExitCode.OK;
      }
      io.stderr(`${result.outDir}/ is stale: ${result.stale.length} file${result.stale.length === 1 ? '' : 's'} differ from what \`contracts generate\` writes:\n`);
      for (const file of result.stale) io.stderr(`  ${result.outDir}/${file}\n`);
      io.stderr('Run `contracts generate` and commit the result.\n');
      return ExitCode.PROBLEMS;
    }
    for (const file of result.written) io.stdout(`  wrote   ${result.outDir}/${file}\n`);
    for (const file of result.removed) io.stdout(`  removed ${result.outDir}/${file}\n`);
    const reused = result.packages.filter((p) => p.reused).length;
    io.stdout(
      `Generated ${pkgs} into ${result.outDir}/: ${result.written.length} written, ${result.unchanged.length} unchanged, ${result.removed.length} removed${reused > 0 ? ` (${reused} reused from cache)` : ''}.\n`,
    );
    return ExitCode.OK;
  },
});
