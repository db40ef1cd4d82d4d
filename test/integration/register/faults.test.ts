/**
 * Faults: `contracts register` of 200 event types (+2 shared definitions) through a proxy that
 * resets connections (before and after the registry did the work), answers 500 and delays.
 * It must exit non-zero while incomplete, converge within a few re-runs, and never create a
 * duplicate version (registration is idempotent, so retrying after a lost answer is safe).
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../generator/cli/main.js';
import { RegistryClient } from '../../../generator/register/index.js';
import { startRegistry, type RunningRegistry } from '../../../generator/registry-server/index.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { captureIO, eventFile, writeRepo } from './repo-fixture.js';

const EVENT_TYPES = 200;
const MAX_RUNS = 10;

describe('register through a faulty network', () => {
  let registry: RunningRegistry;
  let proxy: FaultProxy;
  let root: string;

  beforeAll(async () => {
    registry = await startRegistry({ port: 0 });
    proxy = await startFaultProxy(registry.url, { resetBefore: 0.05, resetAfter: 0.05, error500: 0.05, delay: 0.05, delayMs: 150 }, 20261128);
    const events: Record<string, unknown> = {};
    for (let i = 0; i < EVENT_TYPES; i++) events[`schemas/d${String(i).padStart(3, '0')}/placed.v1.json`] = eventFile();
    root = await writeRepo(events);
  });
  afterAll(async () => {
    await proxy?.close();
    await registry?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it(`converges within ${MAX_RUNS} runs, exits 1 while incomplete, and never duplicates a version`, async () => {
    const exits: number[] = [];
    const failures: number[] = [];
    for (let run = 0; run < MAX_RUNS; run++) {
      const io = captureIO();
      // One retry per request only, so that failures survive to the run's result.
      const code = await main(['register', '--cwd', root, '--registry', proxy.url, '--retries', '1', '--timeout', '2000', '--format', 'json'], io);
      exits.push(code);
      if (io.out) failures.push(JSON.parse(io.out).counts.failed);
      else failures.push(-1); // the run could not even read the registry; stderr says so
      if (code === 0) break;
      expect(code).toBe(1);
    }
    console.log(`fault proxy: ${JSON.stringify(proxy.counts)}; exit codes per run: ${exits.join(', ')}; failed items per run: ${failures.join(', ')}`);
    expect(exits[0]).toBe(1); // the first run cannot get through ~20% faults with one retry
    expect(exits[exits.length - 1]).toBe(0);
    expect(proxy.counts.resetAfter).toBeGreaterThan(0);
    expect(proxy.counts.error500).toBeGreaterThan(0);

    // Straight to the registry (no proxy): exactly one version per subject.
    const client = new RegistryClient({ url: registry.url });
    const subjects = (await client.listSubjects()).sort();
    expect(subjects).toHaveLength(EVENT_TYPES + 2);
    const versionCounts = await Promise.all(subjects.map(async (s) => (await client.listVersions(s)).length));
    expect(versionCounts.every((n) => n === 1)).toBe(true);
    client.close();

    // And one more run through the faulty proxy (faults off) is a no-op.
    proxy.setRates({ resetBefore: 0, resetAfter: 0, error500: 0, delay: 0 });
    const io = captureIO();
    expect(await main(['register', '--cwd', root, '--registry', proxy.url, '--format', 'json'], io)).toBe(0);
    expect(JSON.parse(io.out).counts).toEqual({ registered: 0, skipped: EVENT_TYPES + 2, failed: 0 });
  });
});
