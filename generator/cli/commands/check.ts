import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { toolVersion } from '../tool-version.js';
import { clientFromArgs, registryConnectionOptions, type RegistryConnectionArgs } from '../registry-connection.js';
import { defineCommand } from '../command.js';
import type { CliIO } from '../command.js';
import { hasErrors, normalizeDiagnostics } from '../../core/diagnostic.js';
import { UsageError } from '../../core/errors.js';
import { ExitCode } from '../../core/exit-codes.js';
import { APPROVALS_FILE, CHECK_RULES, checkRepository, parseApprovals } from '../../check/index.js';
import { readLock } from '../../records/index.js';
import type { CheckReport } from '../../check/index.js';
import { loadCatalog } from '../../load/index.js';
import { renderDiagnostics, REPORT_FORMATS } from '../../report/index.js';
import type { ReportFormat, ToolInfo } from '../../report/index.js';

export interface CheckArgs extends RegistryConnectionArgs {
  cwd: string;
  against?: string;
  git: boolean;
  format: ReportFormat;
  registry?: string;
  now?: string;
  full: boolean;
}

/** Parses `--now` (a date or date-time); the default is the current time. */
export function parseNow(now: string | undefined): Date {
  if (now === undefined) return new Date();
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(now) ? `${now}T12:00:00Z` : now);
  if (Number.isNaN(t)) throw new UsageError(`--now ${now} is not an ISO date or date-time.`, 'Use e.g. --now 2026-12-31.');
  return new Date(t);
}

/** Reads contracts.approvals.json with its text (for line numbers); absent → no approvals. */
export async function readApprovalsWithText(root: string): Promise<{ approvals: ReturnType<typeof parseApprovals>; text?: string }> {
  let text: string;
  try {
    text = await readFile(join(root, APPROVALS_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { approvals: [] };
    throw error;
  }
  return { approvals: parseApprovals(text), text };
}

/** What `check` and `diff` both read, in the same order: flags, clock, catalog with lock, approvals (with their text). */
export async function readGateInput(args: { cwd: string; against?: string | undefined; git: boolean; now?: string | undefined }) {
  if (args.against !== undefined && !args.git) throw new UsageError('--against needs git; drop --no-git.');
  const now = parseNow(args.now);
  // The lock is parsed while the loader waits for file I/O.
  const [catalog, lock] = await Promise.all([loadCatalog({ root: args.cwd }), readLock(resolve(args.cwd))]);
  const { approvals, text } = await readApprovalsWithText(catalog.root);
  return { now, catalog, lock, approvals, text };
}

/** Named in JSON, SARIF and Markdown output. */
const checkTool = async (): Promise<ToolInfo> => ({ name: 'contracts', version: await toolVersion(), command: 'check', rules: CHECK_RULES });

function summary(report: CheckReport): string {
  const by = (s: string) => report.events.filter((e) => e.status === s).length;
  const parts = [
    `${report.events.length} event type${report.events.length === 1 ? '' : 's'}`,
    `${by('breaking')} breaking`,
    `${by('accepted')} approved breaking`,
    `${by('compatible')} compatible`,
    `${by('documentation')} documentation-only`,
    `${by('new') + by('new-major')} new`,
    `${by('removed') + by('retired')} deleted`,
    `${by('unchanged')} unchanged`,
  ];
  const { comparisons, cacheHits, verifiedByLock } = report.stats;
  return [
    `Checked against ${report.against}${report.baselineNote ? ` (${report.baselineNote})` : ''}.`,
    `${parts.join(', ')}; ${comparisons} schema comparison${comparisons === 1 ? '' : 's'} (${cacheHits} memoised)${verifiedByLock ? `, ${verifiedByLock} event type${verifiedByLock === 1 ? '' : 's'} proven by verification records in the lock (--full compares again)` : ''}.`,
  ].join('\n');
}

export const checkCommand = defineCommand<CheckArgs>({
  command: 'check',
  describe: 'Gate: check every event type against its earlier revisions (lock file + git base) at its configured level',
  builder: (y) =>
    registryConnectionOptions(y)
      .option('cwd', { type: 'string', default: '.', describe: 'Repository root' })
      .option('against', { type: 'string', describe: 'Git ref to compare with (default: merge base of HEAD with origin/HEAD, main or master)' })
      .option('git', { type: 'boolean', default: true, describe: 'Read earlier revisions from git too (--no-git: lock file only)' })
      .option('format', { choices: REPORT_FORMATS, default: 'text' as ReportFormat, describe: 'Output format of the diagnostics' })
      .option('full', { type: 'boolean', default: false, describe: 'Compare with every earlier revision, even those contracts.lock.json records as verified' })
      .option('registry', {
        type: 'string',
        describe: 'Also ask this Confluent-compatible registry (auth/TLS flags as for `register`) and report disagreements',
      })
      .option('now', { type: 'string', describe: 'Judge sunsets and approval expiries as of this ISO date (default: now)' }) as never,
  run: async (args, io: CliIO) => {
    const { now, catalog, lock, approvals, text } = await readGateInput(args);
    const options: Parameters<typeof checkRepository>[0] = { catalog, lock, approvals, now, git: args.git, full: args.full };
    if (args.against !== undefined) options.against = args.against;
    if (text !== undefined) options.approvalsText = text;
    const report = await checkRepository(options);
    // The migration rules (lint rows) are part of the gate: migrations run against the examples here too.
    const { lintCatalog, loadLintMigrations, MIGRATION_RULES } = await import('../../lint/index.js');
    const migrationFindings = lintCatalog(catalog, { table: MIGRATION_RULES, migrations: await loadLintMigrations(catalog.root, now) }).filter((d) =>
      d.ruleId.startsWith('MIGRATION_'),
    );
    let diagnostics = normalizeDiagnostics([...report.diagnostics, ...migrationFindings]);
    if (args.registry) {
      // Imported only when asked for: `contracts check` should not pay for the register stage.
      const { checkAgainstRegistry } = await import('../../register/index.js');
      const client = await clientFromArgs(args, args.registry);
      const registry = await checkAgainstRegistry({ catalog, client }).finally(() => client.close());
      diagnostics = normalizeDiagnostics([...diagnostics, ...registry.diagnostics]);
    }
    if (args.format === 'text') {
      io.stdout(`${renderDiagnostics('text', diagnostics, await checkTool())}${summary(report)}\n`);
    } else {
      io.stdout(renderDiagnostics(args.format, diagnostics, await checkTool()));
    }
    return hasErrors(diagnostics) ? ExitCode.PROBLEMS : ExitCode.OK;
  },
});
