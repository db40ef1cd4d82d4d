/**
 * Fault proof: `kill -9` of a `contracts registry serve` child during concurrent registrations
 * loses no acknowledged registration, and the registry restarts with its data intact. Runs the
 * built CLI (`npm run build` first), as a user would.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, serve } from './serve.js';

async function post(url: string, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(url + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

interface Acked {
  subject: string;
  schema: string;
  id: number;
  version: number;
}

/** `workers` concurrent loops registering distinct schemas until `stop()`; returns what was acknowledged. */
function registerConcurrently(url: string, round: number, workers: number) {
  const acked: Acked[] = [];
  let running = true;
  let failures = 0;
  const loops = Array.from({ length: workers }, async (_, w) => {
    for (let i = 0; running; i += 1) {
      const subject = `round${round}-worker${w}`;
      const schema = JSON.stringify({ type: 'object', title: `R${round}W${w}N${i}`, properties: { n: { const: i } } });
      try {
        const reply = await post(url, `/subjects/${subject}/versions`, { schemaType: 'JSON', schema });
        if (reply.status !== 200) throw new Error(`unexpected ${reply.status}: ${JSON.stringify(reply.body)}`);
        acked.push({ subject, schema, id: reply.body.id, version: reply.body.version });
      } catch (error) {
        if ((error as Error).message.startsWith('unexpected')) throw error;
        failures += 1; // connection reset by the kill: not acknowledged
        return;
      }
    }
  });
  return {
    acked,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return failures;
    },
    done: Promise.all(loops),
  };
}

describe('contracts registry serve under kill -9', () => {
  let dataDir: string;
  beforeAll(async () => {
    assertBuilt();
    dataDir = await mkdtemp(join(tmpdir(), 'contracts-registry-kill-'));
  });
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('loses no acknowledged registration across three kills and restarts', async () => {
    const allAcked: Acked[] = [];
    let served = await serve(dataDir);
    const first = await fetch(`${served.url}/config`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ compatibility: 'NONE' }),
    });
    expect(first.status).toBe(200);

    for (let round = 0; round < 3; round += 1) {
      const load = registerConcurrently(served.url, round, 8);
      // Kill while writes are in flight: after a number of acknowledgements, not at a quiet moment.
      while (load.acked.length < 150) await new Promise((r) => setTimeout(r, 5));
      served.child.kill('SIGKILL');
      expect(await served.exited).toBe(null);
      await load.stop();
      allAcked.push(...load.acked);

      served = await serve(dataDir);
      for (const ack of allAcked) {
        const reply = await fetch(`${served.url}/subjects/${ack.subject}/versions/${ack.version}`);
        expect(reply.status, `${ack.subject} v${ack.version} lost after kill ${round + 1}`).toBe(200);
        expect(await reply.json()).toMatchObject({ id: ack.id, schema: ack.schema });
      }
      // Versions per subject are dense: no acknowledged write was half-applied or duplicated.
      for (let w = 0; w < 8; w += 1) {
        const versions = (await (await fetch(`${served.url}/subjects/round${round}-worker${w}/versions`)).json()) as number[];
        expect(versions).toEqual(versions.map((_, i) => i + 1));
        const mine = load.acked.filter((a) => a.subject === `round${round}-worker${w}`).length;
        expect(versions.length === mine || versions.length === mine + 1).toBe(true); // + at most the unacknowledged in-flight one
      }
    }
    expect(allAcked.length).toBeGreaterThanOrEqual(450);

    // It keeps working after the restarts, and SIGTERM shuts it down cleanly.
    const after = await post(served.url, '/subjects/after/versions', { schemaType: 'JSON', schema: '{"type":"string"}' });
    expect(after.status).toBe(200);
    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(0);
    expect(served.stderr()).toContain('SIGTERM, shutting down');
  });
});
