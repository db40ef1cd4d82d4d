/**
 * The whole job, top to bottom: load → lint → check → register → generate → catalog → publish.
 * Each line is one stage's entry verb; a stage that finds errors stops the run before
 * anything is registered or written. The CLI's `contracts run` is a thin wrapper.
 */
import { hasErrors, normalizeDiagnostics, type Diagnostic } from './core/diagnostic.js';
import { loadCatalog, type Catalog } from './load/index.js';
import { lintCatalog, loadLintMigrations } from './lint/index.js';
import { checkRepository, readApprovals, type CheckReport } from './check/index.js';
import { readLock } from './records/index.js';
import { embeddedDataDir, registerCatalog, RegistryClient, type ApplyResult, type RegistrationPlan, type RegistryClientOptions } from './register/index.js';
import { startRegistry } from './registry-server/index.js';
import { generatePackages, type GenerateResult } from './generate/index.js';
import { buildCatalogSite, type BuildCatalogResult } from './catalog/index.js';
import { NpmError, npmFailureDiagnostic, publishPackages, type PublishStageResult } from './publish/index.js';

export type StageName = 'load' | 'lint' | 'check' | 'register' | 'generate' | 'catalog' | 'publish';

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
  /**
   * The publish stage. Without `registry` it packs into .contracts/packages/ (nothing uploaded); with
   * one it plans against it, and uploads only when `upload` is true (CI on the default branch).
   * @default { upload: false }
   */
  publish?: { registry?: string; upload: boolean; tag?: string; provenance?: boolean };
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
  published?: PublishStageResult;
  /** True when every stage ran and nothing is left to do or fix. */
  ok: boolean;
}

export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const stage = options.onStage ?? (() => {});

  stage('load');
  const catalog = await loadCatalog({ root: options.root });

  stage('lint');
  const lint = lintCatalog(catalog, { migrations: await loadLintMigrations(catalog.root) });
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
  if (generated.stale.length > 0) return { diagnostics, catalog, check, registration, generated, ok: false };

  let site: BuildCatalogResult | undefined;
  if (!options.dryRun) {
    stage('catalog');
    site = await buildCatalogSite({ catalog });
  }

  stage('publish');
  const target = options.publish?.registry;
  const upload = Boolean(target && options.publish?.upload && !options.dryRun);
  try {
    const published = await publishPackages({
      catalog,
      generated,
      ...(target ? { registry: target } : {}),
      dryRun: options.dryRun === true || (target !== undefined && !upload),
      ...(options.publish?.tag ? { tag: options.publish.tag } : {}),
      provenance: options.publish?.provenance ?? false,
    });
    const all = normalizeDiagnostics([...diagnostics, ...published.plan.diagnostics]);
    const ok = !hasErrors(all) && (published.result?.complete ?? true);
    return ok
      ? { diagnostics: all, catalog, check, registration, generated, ...(site ? { site } : {}), published, ok }
      : stop('publish', all, { catalog, check, registration, generated, ...(site ? { site } : {}), published });
  } catch (error) {
    if (!(error instanceof NpmError)) throw error;
    return stop('publish', [...diagnostics, npmFailureDiagnostic(error, target)], { catalog, check, registration, generated, ...(site ? { site } : {}) });
  }
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
