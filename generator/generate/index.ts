/**
 * The generate stage: typed npm packages from the contracts, one per domain.
 *
 *   versions ← lock file · reuse ← cache · plan ← planPackages (pure) · apply (writes) · cache ← files
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Catalog, EventContract } from '../load/index.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { applyPackPlan, sha256 } from './apply.js';
import { generatorFingerprint, readReuse, recordedInputHashes, writeReuse, type ReuseInfo } from './cache.js';
import type { PreviousValidator } from './validators.js';
import { readEventVersions } from '../records/index.js';
import { ContractsError } from '../core/errors.js';
import { planInWorkers, workerCount } from './parallel.js';
import { planPackages, preloadEngines, type PackagePlan, type PackPlan, type PlanOptions } from './plan.js';
import { loadMigrations } from '../migrations/index.js';
import { MigrationsError } from './migrations-error.js';

export interface GenerateOptions {
  catalog: Catalog;
  /** Output folder, absolute or relative to the catalog root. @default "generated" */
  outDir?: string;
  /** Write nothing; report files that are stale (differ, missing or would be removed). @default false */
  check?: boolean;
  /** Ignore the warm-path cache and recompute every package. @default false */
  force?: boolean;
  /**
   * Judges the events about to be computed (every event in check and force modes, those of changed
   * packages on the warm path) before anything is written: errors it returns stop generation with
   * `GenerationRefused`. The CLI passes the lint rules marked `generate: 'refuse'`. @default none
   */
  gate?: (events: readonly EventContract[]) => Promise<readonly Diagnostic[]>;
}

/** Generation stopped by the gate: nothing was written. */
export class GenerationRefused extends ContractsError {
  override name = 'GenerationRefused';
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(
      `the contracts have ${diagnostics.length} error${diagnostics.length === 1 ? '' : 's'} generation cannot work around; nothing was generated.`,
      'Run `contracts lint` for details, fix the schemas, then generate again.',
    );
  }
}

export interface GenerateResult {
  /** Output folder, relative to the catalog root. */
  outDir: string;
  packages: { name: string; dir: string; eventTypes: string[]; reused: boolean }[];
  /** Paths relative to the output folder. */
  written: string[];
  unchanged: string[];
  removed: string[];
  /** Check mode only. */
  stale: string[];
}

export async function generatePackages(options: GenerateOptions): Promise<GenerateResult> {
  const { catalog } = options;
  const check = options.check ?? false;
  const outDir = path.resolve(catalog.root, options.outDir ?? 'generated');
  const { versions, packageVersions } = await readEventVersions(catalog);
  const salt = await generatorFingerprint();
  const loaded = await loadMigrations(catalog.root);
  if (loaded.diagnostics.length > 0) throw new MigrationsError(loaded.diagnostics);
  const migrations = loaded.migrations;
  const hashes = await planPackages({ catalog, versions, packageVersions, salt, only: new Set(), migrations });
  // When some package will be computed, load the compilers while the cache is being verified
  // (file stats): module loading then overlaps the I/O instead of following it.
  const recorded = check || options.force ? undefined : await recordedInputHashes(catalog.root, outDir);
  if (!recorded || hashes.packages.some((p) => recorded.get(p.dir) !== p.inputHash)) void preloadEngines().catch(() => undefined);
  const cached = check || options.force ? undefined : await readReuse(catalog.root, outDir);
  if (options.gate) {
    const todo = new Set(hashes.packages.filter((p) => cached?.reuse.get(p.dir) !== p.inputHash).map((p) => p.domain));
    const errors = todo.size === 0 ? [] : await options.gate(catalog.events.filter((e) => todo.has(e.domain)));
    if (errors.length > 0) throw new GenerationRefused(errors);
  }
  const plan = await planAll(
    { catalog, versions, packageVersions, salt, reuse: cached?.reuse, migrations },
    hashes,
    cached && ((dirs) => previousValidators(outDir, cached, dirs)),
  );
  const applied = await applyPackPlan({ plan, outDir, check, reusedFiles: cached?.files });
  if (!check) {
    const record = new Map(
      plan.packages.map((p) => [
        p.dir,
        { inputHash: p.inputHash, files: applied.files.get(p.dir)!, validators: p.validators ?? cached?.validators.get(p.dir) },
      ]),
    );
    await writeReuse(catalog.root, outDir, record, cached && { stats: cached.stats, written: new Set(applied.written) });
  }
  return {
    outDir: path.relative(catalog.root, outDir).split(path.sep).join('/') || '.',
    packages: plan.packages.map((p) => ({ name: p.name, dir: p.dir, eventTypes: p.eventTypes, reused: p.reused })),
    written: applied.written,
    unchanged: applied.unchanged,
    removed: applied.removed,
    stale: applied.stale,
  };
}

/**
 * `planPackages` over every package, on worker threads when many need computing (cold runs):
 * hashes first (cheap, in-process), then the packages the cache cannot supply.
 */
async function planAll(
  options: PlanOptions,
  hashes: PackPlan,
  previous?: (dirs: readonly string[]) => Promise<Map<string, PreviousValidator>>,
): Promise<PackPlan> {
  const inputHashes = new Map(hashes.packages.map((p) => [p.dir, p.inputHash]));
  const todoPackages = hashes.packages.filter((p) => options.reuse?.get(p.dir) !== p.inputHash);
  const todo = todoPackages.map((p) => p.domain);
  const previousValidators = previous ? await previous(todoPackages.map((p) => p.dir)) : undefined;
  const workers = workerCount(todo.length);
  if (workers === 0) return planPackages({ ...options, inputHashes, previousValidators });
  let built: PackagePlan[];
  try {
    built = await planInWorkers(
      options.catalog,
      todo,
      options.versions ?? new Map(),
      options.packageVersions ?? new Map(),
      workers,
      options.salt ?? '',
      inputHashes,
      previousValidators ?? new Map(),
      options.migrations ?? [],
    );
  } catch (error) {
    const e = error as { name?: string; message: string; hint?: string; diagnostics?: MigrationsError['diagnostics'] };
    if (e.name === 'MigrationsError' && e.diagnostics) throw new MigrationsError(e.diagnostics);
    throw e.name === 'ContractsError' ? new ContractsError(e.message, e.hint) : error;
  }
  const byDomain = new Map(built.map((p) => [p.domain, p]));
  return { packages: hashes.packages.map((p) => byDomain.get(p.domain) ?? p) };
}

/**
 * The validator modules on disk of packages about to be recomputed, with their records: taken
 * only from packages the cache found intact, and only when the file still has the recorded bytes.
 */
async function previousValidators(outDir: string, cached: ReuseInfo, dirs: readonly string[]): Promise<Map<string, PreviousValidator>> {
  const out = new Map<string, PreviousValidator>();
  await Promise.all(
    dirs.flatMap((dir) =>
      Object.entries(cached.validators.get(dir) ?? {}).map(async ([eventType, record]) => {
        const rel = `validators/${eventType}.js`;
        const want = cached.files.get(dir)?.get(rel);
        if (!want) return;
        const file = await readFile(path.join(outDir, dir, rel), 'utf8').catch(() => undefined);
        if (file !== undefined && sha256(file) === want) out.set(eventType, { record, file });
      }),
    ),
  );
  return out;
}

export { planPackages, type PlanOptions } from './plan.js';
export { MigrationsError } from './migrations-error.js';
export { eventNames, packageNames, reservedTypeNames } from './names.js';
export type { PackPlan, PackagePlan, PlannedFile } from './plan.js';
