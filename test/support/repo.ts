/**
 * Throwaway contracts repositories on disk, the one writer every test uses: path → JSON value (written as
 * 2-space JSON with a final newline) or raw text; `undefined` deletes the file.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export type RepoFiles = Record<string, unknown>;

/** Writes (or, for `undefined`, deletes) the given files under `dir`. */
export function writeFiles(dir: string, files: RepoFiles): void {
  for (const [path, content] of Object.entries(files)) {
    const target = join(dir, path);
    if (content === undefined) {
      rmSync(target, { force: true });
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  }
}

/** A new temporary repository holding `files`; returns its root. */
export function makeRepo(files: RepoFiles, prefix = 'contracts-repo-'): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  writeFiles(root, files);
  return root;
}

/** This repository's root, whose `schemas/` are the example contracts. */
export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** The example contracts with their config and lock. */
export const EXAMPLE_CONTRACTS = ['schemas', 'contracts.config.json', 'contracts.lock.json'] as const;
/** The example contracts, their migrations and the committed generated packages. */
export const EXAMPLE_WITH_GENERATED = ['schemas', 'migrations', 'contracts.config.json', 'contracts.lock.json', 'generated'] as const;

/** A new temporary copy of `entries` of this repository (those that exist); returns its root. */
export function copyExampleRepo(prefix: string, entries: readonly string[] = EXAMPLE_CONTRACTS): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const entry of entries) {
    if (existsSync(join(REPO_ROOT, entry))) cpSync(join(REPO_ROOT, entry), join(root, entry), { recursive: true });
  }
  return root;
}
