/**
 * The warm-path cache: for each package, the input hash it was generated from and the sha256 of
 * every file written. Kept in `.cache/generate/manifest.json` under the repository root
 * (git-ignored). A package is reused only when its input hash matches *and* every recorded file
 * is on disk with the recorded bytes (and no extra file is there), so a hand edit or a deleted
 * file is regenerated. `--check` never reuses: it always recomputes and compares bytes.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { listFiles, sha256, writeAtomic } from './apply.js';

interface Manifest {
  version: 1;
  /** Output folder (relative to the root) → package dir → entry. */
  outputs: Record<string, Record<string, { inputHash: string; files: Record<string, string> }>>;
}

export const CACHE_FILE = '.cache/generate/manifest.json';

export interface ReuseInfo {
  /** dir → input hash known to be on disk. */
  reuse: Map<string, string>;
  /** dir → recorded files. */
  files: Map<string, Map<string, string>>;
}

export async function readReuse(root: string, outDir: string): Promise<ReuseInfo> {
  const info: ReuseInfo = { reuse: new Map(), files: new Map() };
  const manifest = await readManifest(root);
  const entries = manifest.outputs[outKey(root, outDir)] ?? {};
  await Promise.all(
    Object.entries(entries).map(async ([dir, entry]) => {
      const onDisk = await listFiles(path.join(outDir, dir));
      const recorded = Object.keys(entry.files).sort();
      if (onDisk.length !== recorded.length || onDisk.some((f, i) => f !== recorded[i])) return;
      for (const file of recorded) {
        const text = await readFile(path.join(outDir, dir, file), 'utf8').catch(() => undefined);
        if (text === undefined || sha256(text) !== entry.files[file]) return;
      }
      info.reuse.set(dir, entry.inputHash);
      info.files.set(dir, new Map(Object.entries(entry.files)));
    }),
  );
  return info;
}

export async function writeReuse(root: string, outDir: string, packages: ReadonlyMap<string, { inputHash: string; files: ReadonlyMap<string, string> }>): Promise<void> {
  const manifest = await readManifest(root);
  const out: Manifest['outputs'][string] = {};
  for (const [dir, entry] of [...packages].sort(([a], [b]) => (a < b ? -1 : 1))) {
    out[dir] = { inputHash: entry.inputHash, files: Object.fromEntries([...entry.files].sort(([a], [b]) => (a < b ? -1 : 1))) };
  }
  manifest.outputs[outKey(root, outDir)] = out;
  try {
    await writeAtomic(path.join(root, CACHE_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  } catch {
    // A read-only checkout still generates; it only loses the warm path.
  }
}

async function readManifest(root: string): Promise<Manifest> {
  try {
    const parsed = JSON.parse(await readFile(path.join(root, CACHE_FILE), 'utf8')) as Manifest;
    if (parsed.version === 1 && parsed.outputs && typeof parsed.outputs === 'object') return parsed;
  } catch {
    // missing or unreadable: cold run
  }
  return { version: 1, outputs: {} };
}

function outKey(root: string, outDir: string): string {
  return path.relative(root, outDir).split(path.sep).join('/') || '.';
}
