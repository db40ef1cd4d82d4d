import { toolVersion } from '../tool-version.js';
import { defineCommand } from '../command.js';
import type { CliIO } from '../command.js';
import { hasErrors } from '../../core/diagnostic.js';
import { ExitCode } from '../../core/exit-codes.js';
import { ComparisonCache, compatCompare, currentEvents, planLock } from '../../check/index.js';
import { LOCK_FILE, readLock, writeLock } from '../../records/index.js';
import type { LockAction } from '../../check/index.js';
import { loadCatalog } from '../../load/index.js';
import { renderDiagnostics } from '../../report/index.js';
import { parseNow, readApprovalsWithText } from './check.js';

const lockTool = async () => ({ name: 'contracts', version: await toolVersion(), command: 'lock' });

export interface LockArgs {
  cwd: string;
  dryRun: boolean;
  format: 'text' | 'json';
  now?: string;
}

function describe(a: LockAction): string {
  switch (a.action) {
    case 'added':
      return `added     ${a.eventType} ${a.semver}`;
    case 'revised':
      return `revised   ${a.eventType} ${a.from} → ${a.semver} (${a.change})`;
    case 'metadata':
      return `updated   ${a.eventType} ${a.semver} (file, deprecation or verification level)`;
    case 'unchanged':
      return `unchanged ${a.eventType} ${a.semver}`;
    case 'dropped':
      return `dropped   ${a.eventType} ${a.semver} (deleted after its sunset)`;
    case 'refused':
      return `refused   ${a.eventType}: ${a.reason}`;
  }
}

export const lockCommand = defineCommand<LockArgs>({
  command: 'lock',
  describe: `Record the current revision of every event type in ${LOCK_FILE} (semver: minor for compatible, patch for documentation-only changes)`,
  builder: (y) =>
    y
      .option('cwd', { type: 'string', default: '.', describe: 'Repository root' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print what would change without writing' })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' })
      .option('now', { type: 'string', describe: 'Judge sunsets and approval expiries as of this ISO date (default: now)' }) as never,
  run: async (args, io: CliIO) => {
    const now = parseNow(args.now);
    const catalog = await loadCatalog({ root: args.cwd });
    const loadErrors = catalog.diagnostics.filter((d) => d.severity === 'error');
    if (loadErrors.length) {
      io.stderr(renderDiagnostics('text', loadErrors, await lockTool()));
      io.stderr(`contracts lock: not writing ${LOCK_FILE}: the repository has load errors (above); fix them first.\n`);
      return ExitCode.PROBLEMS;
    }
    const lock = await readLock(catalog.root);
    const { approvals } = await readApprovalsWithText(catalog.root);
    const { events, diagnostics: bundleErrors } = currentEvents(catalog);
    const plan = planLock({ current: events, lock, approvals, now, cache: new ComparisonCache(compatCompare) });
    const diagnostics = [...bundleErrors, ...plan.diagnostics];
    const refused = hasErrors(diagnostics);
    const written = !refused && !args.dryRun && plan.changed ? await writeLock(catalog.root, plan.lock) : false;
    if (args.format === 'json') {
      io.stdout(`${JSON.stringify({ written, refused, actions: plan.actions, diagnostics }, null, 2)}\n`);
    } else {
      const lines = plan.actions.filter((a) => a.action !== 'unchanged').map(describe);
      if (diagnostics.length) io.stderr(renderDiagnostics('text', diagnostics, await lockTool()));
      const unchanged = plan.actions.length - lines.length;
      lines.push(
        refused
          ? `Not written: ${LOCK_FILE} is unchanged because some changes were refused (above). Nothing is recorded until every change can be.`
          : args.dryRun
            ? `Dry run: ${plan.changed ? `${LOCK_FILE} would change` : `${LOCK_FILE} is up to date`}${unchanged ? ` (${unchanged} event types unchanged)` : ''}.`
            : `${written ? `Wrote ${LOCK_FILE}` : `${LOCK_FILE} is up to date`}${unchanged ? ` (${unchanged} event types unchanged)` : ''}.`,
      );
      io.stdout(`${lines.join('\n')}\n`);
    }
    return refused ? ExitCode.PROBLEMS : ExitCode.OK;
  },
});
