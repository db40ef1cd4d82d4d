/**
 * The whole job, top to bottom: load → lint → check → register → generate → catalog.
 * Each line is one stage's entry verb; a stage that finds errors stops the run before
 * anything is registered or written. The CLI's `contracts run` is a thin wrapper.
 */
import { hasErrors, normalizeDiagnostics, type Diagnostic } from './core/diagnostic.js';
import { loadCatalog } from './load/index.js';
import type { Catalog } from './load/catalog.js';
import { lintCatalog } from './lint/index.js';
import { checkRepository, readApprovals, readLock, type CheckReport } from './check/index.js';
import { registerCatalog, RegistryClient, type RegistrationPlan } from './register/index.js';
import { embeddedDataDir } from './register/embedded.js';
import type { ApplyResult } from './register/apply.js';
import type { RegistryClientOptions } from './register/client.js';
import { startRegistry } from './registry-server/index.js';
import { generatePackages, type GenerateResult } from './generate/index.js';
import { buildCatalogSite, type BuildCatalogResult } from './catalog/index.js';

export type StageName = 'load' | 'lint' | 'check' | 'register' | 'generate' | 'catalog';

export interface PipelineOptions {
  /** Repository root. */
  root: string;
  /** Registry to register in; when absent, the embedded registry with data in `.contracts/registry`. */
  registry?: Omit<RegistryClientOptions, 'url'> & { url: string };
  /** Git ref the gate compares with. @default the merge base with the default branch */
  against?: string;
  /** Plan registration and check generated output, change nothing. @default false */
  dryRun?: boolean;
  /** Called as each stage starts (progress lines). */
  onStage?: (stage: StageName) => void;
}

export interface PipelineResult {
  /** The stage that stopped the run, when one did. */
  stoppedAt?: StageName;
  diagnostics: Diagnostic[];
  catalog?: Catalog;
  check?: CheckReport;
  registration?: { target: string; plan: RegistrationPlan; result?: ApplyResult };
  generated?: GenerateResult;
  /** The event catalog site (`.contracts/catalog/`); not built on a dry run. */
  site?: BuildCatalogResult;
  /** True when every stage ran and nothing is left to do or fix. */
  ok: boolean;
}

export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const stage = options.onStage ?? (() => {});

  stage('load');
  const catalog = await loadCatalog({ root: options.root });

  stage('lint');
  const lint = lintCatalog(catalog);
  if (hasErrors(lint)) return stop('lint', lint, { catalog });

  stage('check');
  const check = await checkRepository({
    catalog,
    lock: await readLock(catalog.root),
    approvals: await readApprovals(catalog.root),
    ...(options.against !== undefined ? { against: options.against } : {}),
  });
  const gate = normalizeDiagnostics([...lint, ...check.diagnostics]);
  if (hasErrors(gate)) return stop('check', gate, { catalog, check });

  stage('register');
  const registration = await withRegistry(catalog.root, options.registry, async (client, target) => ({
    target,
    ...(await registerCatalog({ catalog, client, dryRun: options.dryRun ?? false })),
  }));
  const registered = registration.result?.complete ?? true;
  const diagnostics = normalizeDiagnostics([...gate, ...registration.plan.diagnostics]);
  if (!registered || hasErrors(diagnostics)) return stop('register', diagnostics, { catalog, check, registration });

  stage('generate');
  const generated = await generatePackages({ catalog, check: options.dryRun ?? false });
  if (options.dryRun) return { diagnostics, catalog, check, registration, generated, ok: generated.stale.length === 0 };

  stage('catalog');
  const site = await buildCatalogSite({ catalog });

  return { diagnostics, catalog, check, registration, generated, site, ok: generated.stale.length === 0 };
}

function stop(stoppedAt: StageName, diagnostics: Diagnostic[], partial: Omit<PipelineResult, 'stoppedAt' | 'diagnostics' | 'ok'>): PipelineResult {
  return { stoppedAt, diagnostics: normalizeDiagnostics(diagnostics), ...partial, ok: false };
}

/**
 * Runs `fn` with a client for the configured registry, or for the embedded registry started
 * for the duration of the call (data under `.contracts/registry`, git-ignored).
 */
export async function withRegistry<T>(
  root: string,
  registry: PipelineOptions['registry'],
  fn: (client: RegistryClient, target: string) => Promise<T>,
): Promise<T> {
  const embedded = registry ? undefined : await startRegistry({ port: 0, dataDir: await embeddedDataDir(root) });
  const client = new RegistryClient(registry ?? { url: embedded!.url });
  try {
    return await fn(client, registry ? registry.url : 'the embedded registry (.contracts/registry)');
  } finally {
    client.close();
    await embedded?.close();
  }
}
