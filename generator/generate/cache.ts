/**
 * The warm-path cache: for each package, the input hash it was generated from and the sha256 of
 * every file written. Kept in `.cache/generate/manifest.json` under the repository root
 * (git-ignored). A package is reused only when its input hash matches *and* every recorded file
 * is on disk with the recorded bytes (and no extra file is there), so a hand edit or a deleted
 * file is regenerated. Bytes are compared by sha256, skipped when size and mtime are the ones
 * recorded. `--check` never reuses: it always recomputes and compares bytes.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { listFiles, sha256 } from './apply.js';
import { writeFileAtomic } from '../core/write-file.js';
import type { ValidatorRecord } from './validators.js';

const CACHE_VERSION = 2;

interface Manifest {
  version: typeof CACHE_VERSION;
  /** Output folder (relative to the root) → package dir → entry. */
  outputs: Record<string, Record<string, { inputHash: string; files: Record<string, RecordedFile>; validators?: Record<string, ValidatorRecord> }>>;
}

interface RecordedFile {
  sha256: string;
  size: number;
  mtimeMs: number;
}

export const CACHE_FILE = '.cache/generate/manifest.json';

export interface ReuseInfo {
  /** dir → input hash known to be on disk. */
  reuse: Map<string, string>;
  /** dir → recorded files. */
  files: Map<string, Map<string, string>>;
  /** dir → eventType → how its validator module was compiled (intact packages only). */
  validators: Map<string, Record<string, ValidatorRecord>>;
  /** Absolute path → size, mtime and sha256 of files found exactly as recorded (writeReuse need not stat them again). */
  stats: Map<string, RecordedFile>;
}

export async function readReuse(root: string, outDir: string): Promise<ReuseInfo> {
  const info: ReuseInfo = { reuse: new Map(), files: new Map(), validators: new Map(), stats: new Map() };
  const manifest = await readManifest(root);
  const entries = manifest.outputs[outKey(root, outDir)] ?? {};
  await Promise.all(
    Object.entries(entries).map(async ([dir, entry]) => {
      const onDisk = await listFiles(path.join(outDir, dir));
      const recorded = Object.keys(entry.files).sort();
      if (onDisk.length !== recorded.length || onDisk.some((f, i) => f !== recorded[i])) return;
      const intact = await Promise.all(
        recorded.map(async (file) => {
          const want = entry.files[file]!;
          const target = path.join(outDir, dir, file);
          const found = await stat(target).catch(() => undefined);
          if (!found) return false;
          if (found.size === want.size && found.mtimeMs === want.mtimeMs) {
            info.stats.set(target, want);
            return true;
          }
          const text = await readFile(target, 'utf8').catch(() => undefined);
          return text !== undefined && sha256(text) === want.sha256;
        }),
      );
      if (!intact.every(Boolean)) return;
      info.reuse.set(dir, entry.inputHash);
      info.files.set(dir, new Map(Object.entries(entry.files).map(([file, rec]) => [file, rec.sha256])));
      if (entry.validators) info.validators.set(dir, entry.validators);
    }),
  );
  return info;
}

/** Package dir → input hash recorded for the output folder (without verifying any file). */
export async function recordedInputHashes(root: string, outDir: string): Promise<Map<string, string>> {
  const entries = (await readManifest(root)).outputs[outKey(root, outDir)] ?? {};
  return new Map(Object.entries(entries).map(([dir, entry]) => [dir, entry.inputHash]));
}

/**
 * Records every package's input hash, files and validator records. `known` (from readReuse) holds
 * files found as recorded; those not in `written` keep their recorded size and mtime unstatted.
 */
export async function writeReuse(
  root: string,
  outDir: string,
  packages: ReadonlyMap<string, { inputHash: string; files: ReadonlyMap<string, string>; validators?: Record<string, ValidatorRecord> }>,
  known?: { stats: ReadonlyMap<string, RecordedFile>; written: ReadonlySet<string> },
): Promise<void> {
  const manifest = await readManifest(root);
  const out: Manifest['outputs'][string] = {};
  const entries = await Promise.all(
    [...packages]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(async ([dir, entry]) => {
        const sorted = [...entry.files].sort(([a], [b]) => (a < b ? -1 : 1));
        const recorded = await Promise.all(
          sorted.map(async ([file, hash]): Promise<RecordedFile> => {
            const target = path.join(outDir, dir, file);
            const was = known?.written.has(`${dir}/${file}`) ? undefined : known?.stats.get(target);
            if (was && was.sha256 === hash) return was;
            const info = await stat(target).catch(() => undefined);
            return { sha256: hash, size: info?.size ?? -1, mtimeMs: info?.mtimeMs ?? -1 };
          }),
        );
        const files: Record<string, RecordedFile> = {};
        sorted.forEach(([file], i) => (files[file] = recorded[i]!));
        return [dir, { inputHash: entry.inputHash, files, ...(entry.validators ? { validators: entry.validators } : {}) }] as const;
      }),
  );
  for (const [dir, entry] of entries) out[dir] = entry;
  manifest.outputs[outKey(root, outDir)] = out;
  try {
    await writeFileAtomic(path.join(root, CACHE_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  } catch {
    // A read-only checkout still generates; it only loses the warm path.
  }
}

async function readManifest(root: string): Promise<Manifest> {
  try {
    const parsed = JSON.parse(await readFile(path.join(root, CACHE_FILE), 'utf8')) as Manifest;
    if (parsed.version === CACHE_VERSION && parsed.outputs && typeof parsed.outputs === 'object') return parsed;
  } catch {
    // missing or unreadable: cold run
  }
  return { version: CACHE_VERSION, outputs: {} };
}

function outKey(root: string, outDir: string): string {
  return path.relative(root, outDir).split(path.sep).join('/') || '.';
}

/**
 * Fingerprint of the generator itself: the code of every module of the generator (this stage and what it reads) and
 * the versions of the libraries whose output lands in packages. Part of every input hash, so a
 * changed escaper or an upgraded ajv regenerates everything instead of trusting the cache.
 */
export async function generatorFingerprint(generatorRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)))): Promise<string> {
  const hash = createHash('sha256');
  // Every module of the generator, not only generate/: what it emits also comes from registration/, records/,
  // load/ and core/ (subjects, references, versions, bundles), and a change there must not reuse stale output.
  const files = (await readdir(generatorRoot, { recursive: true })).filter((f) => /\.(js|ts)$/.test(f) && !f.endsWith('.d.ts')).sort();
  for (const file of files) hash.update(file.split(path.sep).join('/')).update(await readFile(path.join(generatorRoot, file)));
  const require = createRequire(import.meta.url);
  for (const lib of ['ajv', 'json-schema-to-typescript', 'handlebars']) {
    try {
      hash.update(`${lib}@${(JSON.parse(await readFile(require.resolve(`${lib}/package.json`), 'utf8')) as { version: string }).version}`);
    } catch {
      hash.update(`${lib}@?`);
    }
  }
  return hash.digest('hex').slice(0, 16);
}
