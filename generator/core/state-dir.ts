import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * `.contracts/` inside a repository: local state of event-contracts (embedded registry data,
 * packed tarballs), git-ignored by a `.gitignore` written in it on first use, never committed.
 */
export async function localStateDir(root: string): Promise<string> {
  const dir = join(root, '.contracts');
  await mkdir(dir, { recursive: true });
  const ignore = join(dir, '.gitignore');
  await readFile(ignore).catch(() => writeFile(ignore, '# Local state of event-contracts (embedded registry data, packed tarballs); never committed.\n*\n'));
  return dir;
}
