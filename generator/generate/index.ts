/**
 * The generate stage: typed npm packages from the contracts, one per domain.
 *
 *   versions ← lock file · reuse ← cache · plan ← planPackages (pure) · apply (writes) · cache ← files
 */
import path from 'node:path';
import type { Catalog } from '../load/catalog.js';
import { applyPackPlan } from './apply.js';
import { generatorFingerprint, readReuse, writeReuse } from './cache.js';
import { readEventVersions } from './event-versions.js';
import { ContractsError } from '../core/errors.js';
import { planInWorkers, workerCount } from './parallel.js';
import { planPackages, type PackagePlan, type PackPlan, type PlanOptions } from './plan.js';

export interface GenerateOptions {
  catalog: Catalog;
  /** Output folder, absolute or relative to the catalog root. @default "generated" */
  outDir?: string;
  /** Write nothing; report files that are stale (differ, missing or would be removed). @default false */
  check?: boolean;
  /** Ignore the warm-path cache and recompute every package. @default false */
  force?: boolean;
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
  const { versions, revisions } = await readEventVersions(catalog);
  const cached = check || options.force ? undefined : await readReuse(catalog.root, outDir);
  const salt = await generatorFingerprint();
  const plan = await planAll({ catalog, versions, revisions, salt, reuse: cached?.reuse });
  const applied = await applyPackPlan({ plan, outDir, check, reusedFiles: cached?.files });
  if (!check) {
    const record = new Map(plan.packages.map((p) => [p.dir, { inputHash: p.inputHash, files: applied.files.get(p.dir)! }]));
    await writeReuse(catalog.root, outDir, record);
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
async function planAll(options: PlanOptions): Promise<PackPlan> {
  const hashes = await planPackages({ ...options, only: new Set() });
  const todo = hashes.packages.filter((p) => options.reuse?.get(p.dir) !== p.inputHash).map((p) => p.domain);
  const workers = workerCount(todo.length);
  if (workers === 0) return planPackages(options);
  let built: PackagePlan[];
  try {
    built = await planInWorkers(options.catalog, todo, options.versions ?? new Map(), options.revisions ?? new Map(), workers, options.salt ?? '');
  } catch (error) {
    const e = error as { name?: string; message: string; hint?: string };
    throw e.name === 'ContractsError' ? new ContractsError(e.message, e.hint) : error;
  }
  const byDomain = new Map(built.map((p) => [p.domain, p]));
  return { packages: hashes.packages.map((p) => byDomain.get(p.domain) ?? p) };
}

export { planPackages, type PlanOptions } from './plan.js';
export type { PackPlan, PackagePlan, PlannedFile } from './plan.js';
