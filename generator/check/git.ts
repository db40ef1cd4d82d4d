import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { InputError } from '../core/errors.js';

/** Where the previous revisions of the working tree come from. */
export interface GitBase {
  /** The ref as given (`origin/main`, `HEAD~1`) or the default branch used for the merge base. */
  ref: string;
  /** Full commit id the files were read from. */
  commit: string;
  /** How the ref was chosen, for the report ("--against HEAD~1", "merge base of HEAD and origin/main"). */
  how: string;
}

export type GitBaseResult = { base: GitBase } | { base: undefined; note: string };

/** Files of a tree at a commit: repository-relative (to the root) POSIX path → text. */
export type GitFiles = Map<string, string>;

function git(root: string, args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      'git',
      ['-C', root, ...args],
      { maxBuffer: 1 << 30, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 127) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Default branches tried for the merge base, in order. */
export const DEFAULT_BRANCH_CANDIDATES = ['origin/HEAD', 'main', 'master', 'origin/main', 'origin/master'] as const;

/**
 * Resolves the commit to compare the working tree with: `against` when given (must resolve, else
 * InputError), otherwise the merge base of HEAD with the first default branch that exists.
 * Without git, without commits or without a default branch the result says why (the check then
 * relies on contracts.lock.json alone).
 */
export async function resolveGitBase(root: string, against?: string): Promise<GitBaseResult> {
  const inside = await git(root, ['rev-parse', '--is-inside-work-tree']);
  if (inside.code !== 0 || inside.stdout.trim() !== 'true') {
    if (against)
      throw new InputError(
        `--against ${against}: ${root} is not inside a git repository.`,
        root,
        'Run from a git checkout, or drop --against to check against contracts.lock.json only.',
      );
    return { base: undefined, note: 'not a git repository; previous revisions come from contracts.lock.json only' };
  }
  if (against) {
    const commit = await git(root, ['rev-parse', '--verify', '--quiet', `${against}^{commit}`]);
    if (commit.code !== 0)
      throw new InputError(
        `--against ${against}: no such commit, branch or tag.`,
        root,
        'Name an existing ref (fetch it first in CI: `git fetch origin main`), e.g. --against origin/main.',
      );
    return { base: { ref: against, commit: commit.stdout.trim(), how: `--against ${against}` } };
  }
  const head = await git(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  if (head.code !== 0) return { base: undefined, note: 'the repository has no commits yet; previous revisions come from contracts.lock.json only' };
  for (const candidate of DEFAULT_BRANCH_CANDIDATES) {
    const exists = await git(root, ['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`]);
    if (exists.code !== 0) continue;
    const mergeBase = await git(root, ['merge-base', 'HEAD', candidate]);
    if (mergeBase.code !== 0) continue;
    return { base: { ref: candidate, commit: mergeBase.stdout.trim(), how: `merge base of HEAD and ${candidate}` } };
  }
  return {
    base: undefined,
    note: `no default branch found (tried ${DEFAULT_BRANCH_CANDIDATES.join(', ')}); previous revisions come from contracts.lock.json only — pass --against <ref> to compare with a git revision`,
  };
}

/**
 * Reads every file under `paths` (root-relative directories or files) at `commit`, in one
 * `git ls-tree` and one `git cat-file --batch`. Missing paths are simply absent.
 */
export async function readTreeAt(root: string, commit: string, paths: readonly string[]): Promise<GitFiles> {
  const files: GitFiles = new Map();
  const tree = await git(root, ['ls-tree', '-r', '-z', commit, '--', ...paths]);
  if (tree.code !== 0) throw new InputError(`git ls-tree ${commit} failed: ${tree.stderr.trim()}`, root);
  const blobs: { path: string; id: string }[] = [];
  for (const record of tree.stdout.split('\0')) {
    const m = /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(record);
    if (m) blobs.push({ id: m[1] as string, path: m[2] as string });
  }
  if (blobs.length === 0) return files;
  const batch = await new Promise<Buffer>((resolve, reject) => {
    const child = execFile('git', ['-C', root, 'cat-file', '--batch'], { maxBuffer: 1 << 30, encoding: 'buffer' }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
    child.stdin?.end(blobs.map((b) => b.id).join('\n') + '\n');
  });
  let offset = 0;
  for (const blob of blobs) {
    const headerEnd = batch.indexOf(0x0a, offset);
    const header = batch.subarray(offset, headerEnd).toString('utf8');
    const size = Number(header.split(' ')[2]);
    files.set(blob.path, batch.subarray(headerEnd + 1, headerEnd + 1 + size).toString('utf8'));
    offset = headerEnd + 1 + size + 1;
  }
  return files;
}

/** Writes files into a fresh temporary directory (for loading a past tree with the loader); returns it with a cleanup. */
export async function materialize(files: GitFiles): Promise<{ dir: string; dispose(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'contracts-base-'));
  for (const [path, text] of files) {
    if (path.split('/').includes('..')) continue;
    const target = join(dir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text, 'utf8');
  }
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}
