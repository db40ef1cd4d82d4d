// Git-ref mode on a temporary repository: commit schemas and lock on main, then change them on a
// branch (one breaking, one compatible change) and run `check` and `diff` against the merge base.
import { describe, expect, it } from 'vitest';
import { git, gitRepo, makeRepo, obj, run, writeFiles } from './helpers.js';

const ORDER = 'schemas/order/placed.v1.json';
const USER = 'schemas/user/created.v1.json';
const str = { type: 'string' };
const NOW = ['--now', '2026-06-01'];

/** main: two event types, locked and committed; HEAD on branch `feature`. */
async function repoOnFeatureBranch(): Promise<string> {
  const root = await gitRepo({
    [ORDER]: obj({ id: str, amount: { type: 'number' } }, { required: ['id'] }),
    [USER]: obj({ id: str, email: str }, { required: ['id'] }),
  });
  expect((await run(['lock', '--cwd', root, ...NOW])).code).toBe(0);
  git(root, 'add', '-A');
  git(root, 'commit', '--quiet', '-m', 'lock');
  git(root, 'checkout', '--quiet', '-b', 'feature');
  return root;
}

const BREAKING = obj({ id: str, amount: { type: 'string' } }, { required: ['id'] });
const COMPATIBLE = obj({ id: str, email: str, name: str }, { required: ['id'] });

describe('git-ref mode', () => {
  it('fails on a breaking change against the merge base and points at file and line', async () => {
    const root = await repoOnFeatureBranch();
    await writeFiles(root, { [ORDER]: BREAKING, [USER]: COMPATIBLE });
    git(root, 'commit', '--quiet', '-am', 'change');

    const check = await run(['check', '--cwd', root, ...NOW]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('Checked against contracts.lock.json and main (merge base of HEAD and main');
    // `"amount"` is on line 7, column 5 of the 2-space JSON written by the helper
    expect(check.stdout).toMatch(
      /schemas\/order\/placed\.v1\.json:7:5\s+error\s+TYPE_CHANGED\s+Changed the type of `amount`: consumers on this revision can't read events written under 1\.0\.0 whose value there has the other type\. Breaking change in `order\.placed\.v1` against revision 1\.0\.0 \(backward, FULL_TRANSITIVE\/LENIENT\): Type of `#\/properties\/amount` differs/,
    );
    expect(check.stdout).toMatch(
      /schemas\/order\/placed\.v1\.json:7:5\s+error\s+TYPE_CHANGED\s+Changed the type of `amount`: consumers still on 1\.0\.0 can't read the events this revision writes whose value there has the other type\. Breaking change in `order\.placed\.v1` against revision 1\.0\.0 \(forward, /,
    );
    expect(check.stdout).toMatch(
      /LOCK_OUTDATED\s+`user\.created\.v1` changed since contracts\.lock\.json recorded 1\.0\.0\. Run `contracts lock` to record it as 1\.1\.0/,
    );
    expect(check.stdout).not.toContain('Breaking change in `user.created.v1`');
    expect(check.stdout).toContain('2 event types, 1 breaking, 0 approved breaking, 1 compatible');

    // Lock refuses the break; after reverting it, lock + check pass.
    expect((await run(['lock', '--cwd', root, ...NOW])).code).toBe(1);
    await writeFiles(root, { [ORDER]: obj({ id: str, amount: { type: 'number' } }, { required: ['id'] }) });
    expect((await run(['lock', '--cwd', root, ...NOW])).code).toBe(0);
    const clean = await run(['check', '--cwd', root, ...NOW]);
    expect(clean.stdout).toContain('1 compatible');
    // user.created.v1's new revision is not in main's lock: compared again (both directions) although
    // the branch's lock records it as verified; order.placed.v1 has no earlier revision.
    expect(clean.stdout).toContain('1 unchanged; 2 schema comparisons (0 memoised).');
    expect(clean.code).toBe(0);
  });

  it('diff reports each change with severity and semver bump against --against', async () => {
    const root = await repoOnFeatureBranch();
    await writeFiles(root, { [ORDER]: BREAKING, [USER]: COMPATIBLE });

    const json = await run(['diff', '--cwd', root, '--against', 'main', '--format', 'json', ...NOW]);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.baseline.ref).toBe('main');
    expect(report.summary).toMatchObject({ eventTypes: 2, changed: 2, blocking: 2 });
    const order = report.events.find((e: { eventType: string }) => e.eventType === 'order.placed.v1');
    expect(order).toMatchObject({ status: 'modified', severity: 'breaking', bump: 'major', fromSemver: '1.0.0' });
    expect(order.changes.map((c: { type: string; direction: string }) => `${c.type}/${c.direction}`).sort()).toEqual([
      'TYPE_CHANGED/backward',
      'TYPE_CHANGED/forward',
    ]);
    expect(order.changes[0].line).toBeGreaterThan(1);
    const user = report.events.find((e: { eventType: string }) => e.eventType === 'user.created.v1');
    expect(user).toMatchObject({ status: 'modified', severity: 'compatible', bump: 'minor', fromSemver: '1.0.0', toSemver: '1.1.0' });
    expect(user.changes.map((c: { type: string }) => c.type)).toEqual(['OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL']);

    const md = await run(['diff', '--cwd', root, '--format', 'markdown', ...NOW]);
    expect(md.code).toBe(1);
    expect(md.stdout).toMatch(/\| `order\.placed\.v1` \| breaking \| 2 \| 0 \| 0 \| 1\.0\.0 → major: needs `order\.placed\.v2` or an approval \|/);
    expect(md.stdout).toMatch(/\| `user\.created\.v1` \| compatible \| 0 \| 1 \| 0 \| 1\.0\.0 → 1\.1\.0 \(minor\) \|/);

    const gh = await run(['diff', '--cwd', root, '--format', 'github', ...NOW]);
    expect(gh.stdout).toMatch(/^::error file=schemas\/order\/placed\.v1\.json,line=\d+,col=\d+,title=order\.placed\.v1%3A TYPE_CHANGED/m);
    expect(gh.stdout).toMatch(
      /^::notice file=schemas\/user\/created\.v1\.json,line=\d+,col=\d+,title=user\.created\.v1%3A OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL/m,
    );

    // Only the compatible change: diff passes.
    await writeFiles(root, { [ORDER]: obj({ id: str, amount: { type: 'number' } }, { required: ['id'] }) });
    expect((await run(['diff', '--cwd', root, ...NOW])).code).toBe(0);
  });

  it('uses the git base when the lock was not updated, and distrusts acceptances added to the lock in the same change', async () => {
    const root = await repoOnFeatureBranch();
    await writeFiles(root, { [ORDER]: BREAKING });
    const check = await run(['check', '--cwd', root, '--no-git', ...NOW]);
    const fp = /"change": "([0-9a-f]{12})"/.exec(check.stdout)?.[1] as string;
    const forward = [...check.stdout.matchAll(/"change": "([0-9a-f]{12})"/g)].map((m) => m[1]);
    await writeFiles(root, {
      'contracts.approvals.json': { approvals: forward.map((change) => ({ eventType: 'order.placed.v1', change, reason: 'r', expires: '2026-06-30' })) },
    });
    expect(fp).toBeDefined();
    expect((await run(['lock', '--cwd', root, ...NOW])).code).toBe(0);
    // With the approval: passes in both modes.
    expect((await run(['check', '--cwd', root, ...NOW])).code).toBe(0);
    // Without it, the acceptance recorded by this very change is not trusted against git…
    await writeFiles(root, { 'contracts.approvals.json': undefined });
    const distrusted = await run(['check', '--cwd', root, ...NOW]);
    expect(distrusted.code).toBe(1);
    expect(distrusted.stdout).toContain('error  TYPE_CHANGED');
    // …but once merged (the base lock records it), it is.
    git(root, 'add', '-A');
    git(root, 'commit', '--quiet', '-m', 'approved break');
    git(root, 'checkout', '--quiet', 'main');
    git(root, 'merge', '--quiet', '--ff-only', 'feature');
    expect((await run(['check', '--cwd', root, ...NOW])).code).toBe(0);
  });

  // A rewritten lock history and a deletion against the base, an edited and a forged lock revision: test/fixtures/check/lock-*.

  it('explains the fallback when there is no git, no commit or no default branch', async () => {
    const plain = await makeRepo({ [ORDER]: obj({ id: str }) });
    await run(['lock', '--cwd', plain]);
    const noGit = await run(['check', '--cwd', plain]);
    expect(noGit.code).toBe(0);
    expect(noGit.stdout).toContain('not a git repository; previous revisions come from contracts.lock.json only');

    const trunk = await makeRepo({ [ORDER]: obj({ id: str }) });
    git(trunk, 'init', '--quiet', '--initial-branch=trunk');
    const empty = await run(['check', '--cwd', trunk]);
    expect(empty.stdout).toContain('the repository has no commits yet');
    await run(['lock', '--cwd', trunk]);
    git(trunk, 'add', '-A');
    git(trunk, 'commit', '--quiet', '-m', 'x');
    const noBranch = await run(['check', '--cwd', trunk]);
    expect(noBranch.code).toBe(0);
    expect(noBranch.stdout).toContain('no default branch found (tried origin/HEAD, main, master, origin/main, origin/master)');
    expect(noBranch.stdout).toContain('pass --against <ref>');
    expect((await run(['check', '--cwd', trunk, '--against', 'trunk'])).code).toBe(0);

    const bad = await run(['check', '--cwd', trunk, '--against', 'no-such-ref']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--against no-such-ref: no such commit, branch or tag');
    const notRepo = await run(['diff', '--cwd', plain, '--against', 'main']);
    expect(notRepo.code).toBe(2);
    expect(notRepo.stderr).toContain('is not inside a git repository');
  });
});
