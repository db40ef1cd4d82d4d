/**
 * The generate stage: typed npm packages from the contracts, one per domain.
 *
 *   versions ← lock file · reuse ← cache · plan ← planPackages (pure) · apply (writes) · cache ← files
 */
import path from 'node:path';
import type { Catalog } from '../load/catalog.js';
import { applyPackPlan } from './apply.js';
import { readReuse, writeReuse } from './cache.js';
import { readEventVersions } from './event-versions.js';
import { planPackages } from './plan.js';

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
  const plan = await planPackages({ catalog, versions, revisions, reuse: cached?.reuse });
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

export { planPackages, type PlanOptions } from './plan.js';
export type { PackPlan, PackagePlan, PlannedFile } from './plan.js';
