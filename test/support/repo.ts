/**
 * Throwaway contracts repositories on disk, the one writer every test uses: path → JSON value (written as
 * 2-space JSON with a final newline) or raw text; `undefined` deletes the file.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

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
