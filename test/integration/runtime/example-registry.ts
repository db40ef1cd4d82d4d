/**
 * The embedded registry on a data folder with the example repository registered by `contracts register`: what
 * the schema-id tests run against. `stop()` / `restart()` simulate an outage (same port, same data, same ids).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../../generator/cli/main.js';
import { startRegistry, type RunningRegistry } from '../../../generator/registry-server/index.js';

const REPO_ROOT = resolve(import.meta.dirname, '../../..');

export interface ExampleRegistry {
  url: string;
  /** The latest schema id registered under `subject`. */
  idOf(subject: string): Promise<number>;
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** Stops (if running) and removes the data folder. */
  close(): Promise<void>;
}

export async function startExampleRegistry(): Promise<ExampleRegistry> {
  const dataDir = await mkdtemp(join(tmpdir(), 'contracts-example-registry-'));
  let running: RunningRegistry | undefined = await startRegistry({ port: 0, dataDir, onWarning: () => undefined });
  const { port, url } = running;
  const io = { out: '', err: '', isTTY: false, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  const exit = await main(['register', '--registry', url, '--cwd', REPO_ROOT, '--format', 'json'], io);
  if (exit !== 0) throw new Error(`contracts register exited ${exit}: ${io.err}${io.out}`);
  const stop = async (): Promise<void> => {
    const r = running;
    running = undefined;
    await r?.close();
  };
  return {
    url,
    async idOf(subject) {
      const response = await fetch(`${url}/subjects/${encodeURIComponent(subject)}/versions/latest`);
      if (!response.ok) throw new Error(`${subject}: HTTP ${response.status} ${await response.text()}`);
      return ((await response.json()) as { id: number }).id;
    },
    stop,
    async restart() {
      running ??= await startRegistry({ port, dataDir, onWarning: () => undefined });
    },
    async close() {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Counts the consumer's schema-id lookups (`GET /schemas/ids/{id}/versions`) by wrapping the global fetch it captures. */
export function countSchemaIdLookups(): { byId: Map<number, number>; at: number[]; between(from: number, to: number): number; restore(): void } {
  const original = globalThis.fetch;
  const byId = new Map<number, number>();
  const at: number[] = [];
  globalThis.fetch = ((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const m = /\/schemas\/ids\/(\d+)\/versions$/.exec(String(input instanceof Request ? input.url : input));
    if (m) {
      byId.set(Number(m[1]), (byId.get(Number(m[1])) ?? 0) + 1);
      at.push(Date.now());
    }
    return original(input, init);
  }) as typeof fetch;
  return {
    byId,
    at,
    between: (from, to) => at.filter((t) => t >= from && t <= to).length,
    restore: () => void (globalThis.fetch = original),
  };
}
