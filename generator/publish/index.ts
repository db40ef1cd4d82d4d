/**
 * The publish stage: the generated packages and the runtime they depend on, versioned from the
 * contracts' diff and uploaded to an npm registry.
 *
 *   record + lock + contracts → planVersions (pure) → stage + npm pack → registry state (npm view)
 *   → planPublish (pure) → applyPublishPlan (npm publish, runtime first; record after each upload)
 *
 * Without a registry (no --registry, no publish.registry) it only packs: nothing is uploaded.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ComparisonCache, compatCompare, currentEvents, readApprovals } from '../check/index.js';
import { readLock, readReleases } from '../records/index.js';
import { hasErrors, normalizeDiagnostics, type Diagnostic } from '../core/diagnostic.js';
import type { Catalog } from '../load/index.js';
import { localStateDir } from '../core/state-dir.js';
import { applyPublishPlan } from './apply.js';
import { readLocalPackages, RUNTIME_NAME, runtimeDir, stageGenerated, type GeneratedPackageRef } from './content.js';
import type { PublishItem, PublishOutcome, PublishPlan, PublishResult, RegistryPackageState, StagedPackage } from './model.js';
import { NpmError, npmPack, npmViewState, type NpmContext } from './npm.js';
import { checkNpmConfig } from './npmrc.js';
import { planPublish, planVersions } from './plan.js';

export { renderPublishPlan, renderPublishResult, renderPublishSummary, publishToJson } from './render.js';
export { NpmError };
export { RELEASE_RULES, type ReleaseReason } from './rules.js';
export type { PublishPlan, PublishResult, PublishItem, PublishOutcome } from './model.js';

export interface PublishOptions {
  catalog: Catalog;
  /** The generated packages (`generatePackages`' result): folder relative to the root, and packages. */
  generated: { outDir: string; packages: readonly GeneratedPackageRef[] };
  /** npm registry to upload to; undefined: pack only, upload nothing. */
  registry?: string;
  /** Plan (reading the registry when one is given), upload and record nothing. @default false */
  dryRun?: boolean;
  /** dist-tag. @default "latest" */
  tag?: string;
  /** Pass `--provenance` to npm publish (CI with OIDC). @default false */
  provenance?: boolean;
  /** Where tarballs are packed, absolute or relative to the root. @default ".contracts/packages" */
  outDir?: string;
  /** Environment npm runs with. @default process.env */
  env?: NodeJS.ProcessEnv;
  onItem?: (item: PublishItem, outcome: PublishOutcome) => void;
  now?: Date;
}

export interface PublishStageResult {
  plan: PublishPlan;
  /** Absent on a dry run, and when the plan has errors (then nothing was uploaded). */
  result?: PublishResult;
  /** Folder the tarballs are in (relative to the root); undefined on a dry run. */
  packedTo?: string;
}

export const DEFAULT_PACK_DIR = '.contracts/packages';

export async function publishPackages(options: PublishOptions): Promise<PublishStageResult> {
  const { catalog } = options;
  const root = catalog.root;
  const env = options.env ?? process.env;
  await checkNpmConfig(root, env);
  const [releases, lock, approvals] = await Promise.all([readReleases(root), readLock(root), readApprovals(root)]);
  const { events: current, diagnostics: bundleProblems } = currentEvents(catalog);
  const scratch = options.dryRun ? await mkdtemp(path.join(tmpdir(), 'contracts-publish-')) : undefined;
  const packDir = scratch ?? path.resolve(root, options.outDir ?? DEFAULT_PACK_DIR);
  const stageDir = scratch ? path.join(scratch, 'stage') : path.join(root, '.contracts', 'publish', 'stage');
  const ctx: NpmContext = { cwd: root, env };
  if (!scratch) await localStateDir(root);
  try {
    // The runtime is packed first (its integrity is its content), then every generated package in one npm call.
    const [runtime] = await npmPack(ctx, [await runtimeDir()], packDir);
    const local = await readLocalPackages(path.resolve(root, options.generated.outDir), options.generated.packages, current, { content: runtime!.integrity });
    const versions = planVersions({
      packages: local,
      releases,
      lock,
      current,
      approvals,
      now: options.now ?? new Date(),
      cache: new ComparisonCache(compatCompare),
    });
    const generatedPlans = versions.versions.filter((v) => v.package.kind === 'generated');
    const folders = await Promise.all(generatedPlans.map((v) => stageGenerated(v, stageDir)));
    const packed = folders.length > 0 ? await npmPack(ctx, folders, packDir) : [];
    const staged = new Map<string, StagedPackage>([[RUNTIME_NAME, { version: local[0]!.version ?? '', ...runtime! }]]);
    const byName = new Map(packed.map((p) => [p.name, p]));
    for (const v of generatedPlans) staged.set(v.package.name, { version: v.version, ...byName.get(v.package.name)! });
    const registry = options.registry
      ? {
          url: options.registry,
          state: await readRegistryState(
            { ...ctx, registry: options.registry },
            versions.versions.map((v) => [v.package.name, v.version]),
          ),
        }
      : undefined;
    const plan = planPublish({
      versions: versions.versions,
      staged,
      ...(registry ? { registry } : {}),
      releases,
      tag: options.tag ?? 'latest',
      diagnostics: normalizeDiagnostics([...bundleProblems, ...versions.diagnostics]),
    });
    const packedTo = scratch ? undefined : path.relative(root, packDir).split(path.sep).join('/');
    if (options.dryRun || hasErrors(plan.diagnostics)) return { plan, ...(packedTo ? { packedTo } : {}) };
    const result = await applyPublishPlan({
      plan,
      releases,
      root,
      npm: { ...ctx, ...(options.registry ? { registry: options.registry } : {}) },
      provenance: options.provenance ?? false,
      ...(options.onItem ? { onItem: options.onItem } : {}),
    });
    return { plan, result, ...(packedTo ? { packedTo } : {}) };
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * A failed npm call before anything was uploaded (reading the registry, packing), as one
 * diagnostic naming the registry and what to do.
 */
export function npmFailureDiagnostic(error: NpmError, registry: string | undefined): Diagnostic {
  const target = error.registry ?? registry ?? 'the npm registry';
  const fix =
    error.kind === 'auth'
      ? `Log in with \`npm login --registry ${target}\`, or set NODE_AUTH_TOKEN, or put the token for it in the .npmrc NPM_CONFIG_USERCONFIG names.`
      : error.kind === 'network'
        ? 'Check that the registry is up and reachable, then run again.'
        : 'Fix what npm reports and run again.';
  const what = error.registry ? `could not read ${target}` : 'npm failed';
  return {
    ruleId: error.kind === 'auth' ? 'PUBLISH_AUTH' : error.kind === 'network' ? 'PUBLISH_UNREACHABLE' : 'PUBLISH_NPM_FAILED',
    severity: 'error',
    message: `${what}: ${error.message}. Nothing was uploaded. ${fix}`,
    file: '',
    pointer: '',
    line: 0,
    column: 0,
  };
}

/** What the registry holds of each package, read concurrently (a few npm calls per package). */
async function readRegistryState(ctx: NpmContext, packages: [string, string][]): Promise<Map<string, RegistryPackageState>> {
  const states = await Promise.all(packages.map(async ([name, version]) => [name, await npmViewState(ctx, name, version)] as const));
  return new Map(states);
}
