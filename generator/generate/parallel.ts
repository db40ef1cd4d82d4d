/**
 * Runs `planPackages` for many packages on worker threads (one pure plan per worker over a share
 * of the domains), so a cold run of a large repository uses every core. The result is the same
 * plan a single thread computes: names are decided over the whole catalog in every worker, and
 * packages are merged back in domain order. Used by `generatePackages` only when the compiled
 * worker module exists (dist/) and enough packages need computing; otherwise it plans in-process.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Catalog } from '../load/index.js';
import type { PackagePlan } from './plan.js';
import type { PreviousValidator } from './validators.js';
import { byField } from '../core/order.js';
import type { MigrationFile } from '../migrations/index.js';

export interface WorkerRequest {
  catalog: Pick<Catalog, 'root' | 'config' | 'events' | 'shared'>;
  versions: [string, string][];
  packageVersions: [string, string][];
  only: string[];
  salt: string;
  inputHashes: [string, string][];
  previousValidators: [string, PreviousValidator][];
  migrations: MigrationFile[];
}

const WORKER_URL = new URL('./plan-worker.js', import.meta.url);
/** Below this many packages to compute, starting workers costs more than it saves. */
const MIN_PACKAGES = 6;

/** How many workers to use for `count` packages; 0 = plan in-process. */
export function workerCount(count: number): number {
  if (count < MIN_PACKAGES || !existsSync(fileURLToPath(WORKER_URL))) return 0;
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const n = Math.min(cores, 4, Math.floor(count / (MIN_PACKAGES / 2)));
  return n >= 2 ? n : 0;
}

export async function planInWorkers(
  catalog: Catalog,
  domains: readonly string[],
  versions: ReadonlyMap<string, string>,
  packageVersions: ReadonlyMap<string, string>,
  workers: number,
  salt: string,
  inputHashes: ReadonlyMap<string, string> = new Map(),
  previousValidators: ReadonlyMap<string, PreviousValidator> = new Map(),
  migrations: readonly MigrationFile[] = [],
): Promise<PackagePlan[]> {
  const shares: string[][] = Array.from({ length: workers }, () => []);
  domains.forEach((domain, i) => shares[i % workers]!.push(domain));
  const base = {
    catalog: { root: catalog.root, config: catalog.config, events: catalog.events, shared: catalog.shared },
    versions: [...versions],
    packageVersions: [...packageVersions],
    salt,
    inputHashes: [...inputHashes],
    migrations: [...migrations],
  };
  const domainOf = new Map(catalog.events.map((e) => [e.eventType, e.domain]));
  const results = await Promise.all(
    shares.map((only) => {
      const mine = new Set(only);
      return runWorker({ ...base, only, previousValidators: [...previousValidators].filter(([eventType]) => mine.has(domainOf.get(eventType) ?? '')) });
    }),
  );
  return results.flat().sort(byField('domain'));
}

function runWorker(request: WorkerRequest): Promise<PackagePlan[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: request });
    worker.once(
      'message',
      (
        message:
          { ok: true; packages: PackagePlan[] } | { ok: false; error: { name: string; message: string; hint?: string; stack?: string; diagnostics?: unknown } },
      ) => {
        if (message.ok) resolve(message.packages);
        else reject(Object.assign(new Error(message.error.message), message.error));
      },
    );
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`internal: a generate worker exited with code ${code}`));
    });
  });
}
