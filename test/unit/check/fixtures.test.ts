// The check gate over fixture repositories in buf's previous/current style: test/fixtures/check/<case>/ holds
// `base/` (the repository committed on `main`), `head/` (the working tree of a branch from it), `case.json`
// (`note`: what the case pins; optional `now`) and `expected.json`: the exit code, the verdict per event type and
// every diagnostic, exactly. Without `base/` the head is no git repository (lock-file mode). Refresh with
// `npm run golden` (vitest -u) and review the diff like code.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readApprovalsWithText, parseNow } from '../../../generator/cli/commands/check.js';
import { CHECK_RULES, checkRepository, type CheckReport } from '../../../generator/check/index.js';
import { readLock } from '../../../generator/records/index.js';
import { loadCatalog } from '../../../generator/load/index.js';
import { git, gitRepo, makeRepo, run, writeFiles } from './helpers.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/check/', import.meta.url));
const DEFAULT_NOW = '2026-06-01';
const cases = readdirSync(FIXTURES).sort();

interface CaseFile {
  note: string;
  now?: string;
}

/** Every file below `dir`, by path relative to it, as text. */
function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path).split('\\').join('/')] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}

/** base/ committed on main, HEAD on branch `feature` with head/ as its (uncommitted) working tree; or head/ alone. */
async function materialize(caseDir: string): Promise<string> {
  const head = readTree(join(caseDir, 'head'));
  let base: Record<string, string>;
  try {
    base = readTree(join(caseDir, 'base'));
  } catch {
    return makeRepo(head);
  }
  const root = await gitRepo(base);
  git(root, 'checkout', '--quiet', '-b', 'feature');
  writeFiles(root, Object.fromEntries(Object.keys(base).map((path) => [path, undefined])));
  writeFiles(root, head);
  return root;
}

/** The report in a stable form: the base commit (which depends on git's object format) is named `<base>`. */
function stable(report: CheckReport, exitCode: number, diagnostics: unknown[]): string {
  const commit = report.baseline?.commit;
  const hide = (text: string) => (commit ? text.split(commit).join('<base>').split(commit.slice(0, 12)).join('<base>') : text);
  const events = report.events.map(({ changes, ...event }) => ({
    ...event,
    changes: changes.map(({ message: _message, summary: _summary, ...change }) => change),
  }));
  const verdict = { exitCode, against: report.against, baselineNote: report.baselineNote, stats: report.stats, events, diagnostics };
  return hide(`${JSON.stringify(verdict, null, 2)}\n`);
}

describe('check fixtures (base/ → head/)', () => {
  it.each(cases)('%s', async (name) => {
    const dir = join(FIXTURES, name);
    const { now = DEFAULT_NOW } = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as CaseFile;
    const root = await materialize(dir);
    const cli = await run(['check', '--cwd', root, '--now', now, '--format', 'json']);
    expect(cli.stderr).toBe('');
    const { diagnostics } = JSON.parse(cli.stdout) as { diagnostics: { ruleId: string }[] };
    const { approvals, text } = await readApprovalsWithText(root);
    const options: Parameters<typeof checkRepository>[0] = { catalog: await loadCatalog({ root }), lock: await readLock(root), approvals, now: parseNow(now) };
    if (text !== undefined) options.approvalsText = text;
    const report = await checkRepository(options);
    await expect(stable(report, cli.code, diagnostics)).toMatchFileSnapshot(join(dir, 'expected.json'));
  });

  it('every check rule id is expected by some fixture', () => {
    // A case without expected.json yet (written at the end of its first run) fails on its own in CI.
    const expected = cases.map((name) => join(FIXTURES, name, 'expected.json')).filter((path) => existsSync(path));
    const seen = new Set(expected.flatMap((path) => [...readFileSync(path, 'utf8').matchAll(/"ruleId": "([A-Z_]+)"/g)].map((m) => m[1])));
    expect(CHECK_RULES.map((r) => r.id).filter((id) => !seen.has(id))).toEqual([]);
  });

  it('every fixture folder has a note and a head/', () => {
    for (const name of cases) {
      const note = (JSON.parse(readFileSync(join(FIXTURES, name, 'case.json'), 'utf8')) as CaseFile).note;
      expect(note.length, name).toBeGreaterThan(20);
      expect(statSync(join(FIXTURES, name, 'head')).isDirectory(), name).toBe(true);
    }
  });
});
