import { defineCommand } from '../command.js';
import { ExitCode } from '../../core/exit-codes.js';
import { GenerationRefused, MigrationsError, generatePackages, type GenerateResult } from '../../generate/index.js';
import type { Diagnostic } from '../../core/diagnostic.js';
import type { EventContract } from '../../load/index.js';
import { loadCatalog } from '../../load/index.js';
import { lintCacheOptions } from './lint.js';

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
    // One rule: generate refuses on every error of a rule whose row says `generate: 'refuse'` (all load
    // rules, SCHEMA_INVALID, DATA_NOT_OBJECT, PARTITION_KEY, ID_COLLISION, MIXED_DRAFT_REFERENCE, TOPIC_INVALID: the code
    // would be wrong) and tolerates the authoring-policy rules, which lint and `run` still enforce.
    // Judged for the events generate computes (all of them, or those of changed packages when warm).
    // Loaded only when some package is computed: a warm run with nothing to do never pays for lint.
    const gate = async (events: readonly EventContract[]): Promise<Diagnostic[]> => {
      const { lintCatalog, LINT_RULES } = await import('../../lint/index.js');
      const table = LINT_RULES.filter((r) => r.generate === 'refuse');
      return lintCatalog({ ...catalog, events: [...events] }, { ...lintCacheOptions(catalog.root), table }).filter((d) => d.severity === 'error');
    };
    const refused = (error: GenerationRefused): ExitCode => {
      const errors = error.diagnostics;
      io.stderr(`contracts generate: ${error.message}\n`);
      for (const d of errors.slice(0, 10)) io.stderr(`  ${d.file}${d.line ? `:${d.line}:${d.column}` : ''} ${d.ruleId}: ${d.message}\n`);
      if (errors.length > 10) io.stderr(`  … and ${errors.length - 10} more.\n`);
      io.stderr(`  ${error.hint} (Generate stops on every load error and on ${GENERATE_REFUSES.join(', ')}; the other rules are lint's.)\n`);
      return ExitCode.PROBLEMS;
    };
    // Load errors stop everything, before any file is read for the plan.
    const loadErrors = catalog.diagnostics.filter((d) => d.severity === 'error');
    if (loadErrors.length > 0) return refused(new GenerationRefused(loadErrors));
    let result: GenerateResult;
    try {
      result = await generatePackages({ catalog, outDir: args.out, check: args.check, force: args.force, gate });
    } catch (error) {
      if (error instanceof GenerationRefused) return refused(error);
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
      io.stderr(
        `${result.outDir}/ is stale: ${result.stale.length} file${result.stale.length === 1 ? '' : 's'} differ from what \`contracts generate\` writes:\n`,
      );
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

/** The lint rules marked `generate: 'refuse'` (test/unit/generate/refuse.test.ts keeps this list equal to the table). */
export const GENERATE_REFUSES = ['DATA_NOT_OBJECT', 'ID_COLLISION', 'MIXED_DRAFT_REFERENCE', 'PARTITION_KEY', 'SCHEMA_INVALID', 'TOPIC_INVALID'] as const;
