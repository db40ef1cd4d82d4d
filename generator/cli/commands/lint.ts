import type { Argv } from 'yargs';
import { defineCommand } from '../command.js';
import { toolVersion } from '../tool-version.js';
import { ExitCode } from '../../core/exit-codes.js';
import type { ReportFormat } from '../../report/index.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const FORMATS: readonly ReportFormat[] = ['text', 'json', 'github', 'sarif', 'markdown'];

interface LintArgs {
  format: ReportFormat;
  cwd: string;
  listRules: boolean;
}

/**
 * `contracts lint`: load the repository, run the rule table, print the diagnostics.
 * The stages are imported inside `run` so that starting the CLI for another command
 * (or for --help) never loads the loader, the rules or ajv.
 */
export const lintCommand = defineCommand<LintArgs>({
  command: 'lint',
  describe: 'Check every contract in schemas/ against the layout and the lint rules',
  builder: (y) =>
    y
      .option('format', {
        choices: FORMATS,
        default: 'text' as ReportFormat,
        describe:
          'Output: text (file:line:col  severity  RULE_ID  message), json, github (workflow annotations), sarif (2.1.0, for code scanning), markdown (PR comment)',
      })
      .option('cwd', { type: 'string', default: '.', describe: 'Repository root (holds schemas/ and contracts.config.json)' })
      .option('list-rules', { type: 'boolean', default: false, describe: 'Print the rule table (id, default severity, purpose) and exit' })
      .epilogue(
        'Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage or internal error.\n' +
          'Severities are set per rule id in contracts.config.json: "rules": {"OWNER_MISSING": "off"}.',
      ) as unknown as Argv<LintArgs>,
  run: async (args, io) => {
    const { LINT_RULES, lintCatalog, loadLintMigrations } = await import('../../lint/index.js');
    if (args.listRules) {
      for (const r of LINT_RULES) io.stdout(`${r.id.padEnd(28)} ${r.severity.padEnd(8)} ${r.purpose}\n`);
      return ExitCode.OK;
    }
    const { loadCatalog } = await import('../../load/index.js');
    const { renderDiagnostics } = await import('../../report/index.js');
    const catalog = await loadCatalog({ root: args.cwd });
    const migrations = await loadLintMigrations(catalog.root);
    const diagnostics = lintCatalog(catalog, { migrations, ...lintCacheOptions(catalog.root) });
    io.stdout(
      renderDiagnostics(args.format, diagnostics, {
        name: 'contracts',
        version: await toolVersion(),
        command: 'lint',
        rules: LINT_RULES.map(({ id, purpose, severity }) => ({ id, purpose, severity })),
      }),
    );
    if (diagnostics.some((d) => d.ruleId === 'INTERNAL_RULE_ERROR')) return ExitCode.ERROR;
    return diagnostics.some((d) => d.severity === 'error') ? ExitCode.PROBLEMS : ExitCode.OK;
  },
});

/** Where lint caches compiled validators between runs: under the repository's node_modules, when there is one. */
export function lintCacheOptions(root: string): { cacheDir?: string } {
  const modules = join(root, 'node_modules');
  return existsSync(modules) ? { cacheDir: join(modules, '.cache', 'event-contracts', 'validators') } : {};
}
