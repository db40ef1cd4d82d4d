import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { localStateDir } from '../core/state-dir.js';

/**
 * The embedded registry's data directory inside a repository (`.contracts/registry`), git-ignored
 * with the rest of `.contracts/` (core/state-dir.ts), so local registry state is never committed.
 */
export async function embeddedDataDir(root: string): Promise<string> {
  const dir = join(await localStateDir(root), 'registry');
  await mkdir(dir, { recursive: true });
  return dir;
}
