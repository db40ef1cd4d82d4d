import { execFileSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { makeRepo as makeTempRepo, writeFiles, type RepoFiles } from '../../support/repo.js';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { main } from '../../../generator/cli/main.js';
import { canonicalize, schemaFingerprint } from '../../../generator/check/index.js';
import { serializeLock } from '../../../generator/records/index.js';
import type { LockEntry, LockFile, LockRevision } from '../../../generator/records/index.js';
import type { JsonObject } from '../../../generator/core/json.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A temporary repository with the given files (see test/support/repo.ts). Removed after the test. */
export async function makeRepo(files: RepoFiles): Promise<string> {
  const dir = makeTempRepo(files, 'contracts-check-test-');
  dirs.push(dir);
  return dir;
}

export { writeFiles };

export async function readText(dir: string, path: string): Promise<string> {
  return readFile(join(dir, path), 'utf8');
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in process: `contracts <args…>`. */
export async function run(args: string[]): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false });
  return { code, stdout, stderr };
}

/** A lock entry whose revisions are the given schemas (semver 1.0.0, 1.1.0, …), as `contracts lock` would record them. */
export function lockEntry(file: string, schemas: JsonObject[], extra: Partial<LockEntry> = {}): LockEntry {
  const major = Number(/\.v(\d+)\.json$/.exec(file)?.[1] ?? 1);
  const revisions: LockRevision[] = schemas.map((s, i) => {
    const schema = canonicalize(s);
    return { semver: `${major}.${i}.0`, fingerprint: schemaFingerprint(schema), change: i === 0 ? 'initial' : 'compatible', schema };
  });
  return { file, deprecated: false, revisions, ...extra };
}

export function lockText(events: Record<string, LockEntry>): string {
  const lock: LockFile = { lockfileVersion: 1, events };
  return serializeLock(lock);
}

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.invalid',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.invalid',
      GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
      GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
    },
  });
}

export async function gitRepo(files: Record<string, unknown>): Promise<string> {
  const dir = await makeRepo(files);
  git(dir, 'init', '--quiet', '--initial-branch=main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '--quiet', '-m', 'initial');
  return dir;
}

/** A small open-content-model event schema with the given properties. */
export function obj(properties: Record<string, unknown>, extra: Record<string, unknown> = {}): JsonObject {
  return { type: 'object', properties, ...extra } as JsonObject;
}

export const ruleIds = (text: string): string[] => [...new Set([...text.matchAll(/\b([A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+)\b/g)].map((m) => m[1] as string))].sort();
