import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The embedded registry's data directory inside a repository (`.contracts/registry`), git-ignored
 * by a `.gitignore` written beside it on first use, so local registry state is never committed.
 */
export async function embeddedDataDir(root: string): Promise<string> {
  const dir = join(root, '.contracts');
  await mkdir(join(dir, 'registry'), { recursive: true });
  const ignore = join(dir, '.gitignore');
  await readFile(ignore).catch(() => writeFile(ignore, '# Local state of event-contracts (embedded registry data); never committed.\n*\n'));
  return join(dir, 'registry');
}
