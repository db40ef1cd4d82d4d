import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes `text` to `path` through a temp file + rename, so a reader never sees half a file;
 * returns false (and leaves the file alone) when the bytes on disk are already identical.
 */
export async function writeFileAtomic(path: string, text: string | Uint8Array): Promise<boolean> {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
  const existing = await readFile(path).catch(() => undefined);
  if (existing && existing.equals(bytes)) return false;
  await mkdir(dirname(path), { recursive: true });
  await replaceFile(path, bytes);
  return true;
}

/**
 * The temp file + rename alone, for a caller that has already compared the bytes on disk and
 * made the folder (generate's apply step: no second read, no second mkdir per file).
 */
export async function replaceFile(path: string, bytes: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
