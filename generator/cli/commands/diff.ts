import { defineCommand } from '../command.js';
import type { CliIO } from '../command.js';
import { ExitCode } from '../../core/exit-codes.js';
import { DIFF_FORMATS, diffAgainst, renderDiff } from '../../check/index.js';
import type { DiffFormat } from '../../check/index.js';
import { readGateInput } from './check.js';

export interface DiffArgs {
  cwd: string;
  against?: string;
  git: boolean;
  format: DiffFormat;
  now?: string;
}

export const diffCommand = defineCommand<DiffArgs>({
  command: 'diff',
  describe: 'Review report: every change per event type against a git ref, with severity and implied semver bump',
  builder: (y) =>
    y
      .option('cwd', { type: 'string', default: '.', describe: 'Repository root' })
      .option('against', {
        type: 'string',
        describe: 'Git ref to compare with (default: merge base of HEAD with origin/HEAD, main or master; without git: the lock file)',
      })
      .option('git', { type: 'boolean', default: true, describe: 'Compare with git (--no-git: with the latest revisions in contracts.lock.json)' })
      .option('format', {
        choices: DIFF_FORMATS,
        default: 'text' as DiffFormat,
        describe: 'markdown for PR comments, github for annotations, sarif for code scanning, junit for test reports',
      })
      .option('now', { type: 'string', describe: 'Judge sunsets and approval expiries as of this ISO date (default: now)' }) as never,
  run: async (args, io: CliIO) => {
    const { now, catalog, lock, approvals } = await readGateInput(args);
    const options: Parameters<typeof diffAgainst>[0] = { catalog, lock, approvals, now, git: args.git };
    if (args.against !== undefined) options.against = args.against;
    const report = await diffAgainst(options);
    if (report.note && args.format === 'text') io.stderr(`contracts diff: ${report.note}\n`);
    const { note: _note, ...plain } = report;
    io.stdout(renderDiff(plain, args.format));
    return report.summary.blocking > 0 ? ExitCode.PROBLEMS : ExitCode.OK;
  },
});
