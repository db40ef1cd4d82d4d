/** Worker entry of parallel.ts: plans the packages of its share of the domains and posts them back. */
import { parentPort, workerData } from 'node:worker_threads';
import { ContractsError } from '../core/errors.js';
import type { Catalog } from '../load/index.js';
import type { WorkerRequest } from './parallel.js';
import { planPackages } from './plan.js';
import { MigrationsError } from './migrations-error.js';

const request = workerData as WorkerRequest;
const catalog: Catalog = { ...request.catalog, files: new Map(), diagnostics: [] };
try {
  const plan = await planPackages({
    catalog,
    versions: new Map(request.versions),
    packageVersions: new Map(request.packageVersions),
    salt: request.salt,
    only: new Set(request.only),
    inputHashes: new Map(request.inputHashes),
    previousValidators: new Map(request.previousValidators),
    migrations: request.migrations,
  });
  parentPort!.postMessage({ ok: true, packages: plan.packages.filter((p) => !p.reused) });
} catch (error) {
  const err = error instanceof Error ? error : new Error(String(error));
  // ContractsError crosses the thread boundary as plain fields; index.ts rebuilds it.
  parentPort!.postMessage({
    ok: false,
    error: {
      name: err.name,
      message: err.message,
      hint: err instanceof ContractsError ? err.hint : undefined,
      stack: err.stack,
      diagnostics: err instanceof MigrationsError ? err.diagnostics : undefined,
    },
  });
}
