/**
 * Issue 9 item 1, reproduced against the built `contracts registry serve` in its own process: a
 * small request naming one large registered schema hundreds of times. The server keeps answering
 * other requests while it judges (worst latency of GET /schemas/types polled every 10 ms), refuses
 * more references than its limit with 42201 at once, and its peak resident memory stays bounded.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, serve, type Served } from './serve.js';

const LATENCY_BOUND_MS = 1_500; // main took 3 s for 300 references on this machine; judging here takes tens of ms
const PEAK_RSS_BOUND_MB = 400;

function sized(kb: number): string {
  const properties: Record<string, object> = {};
  for (let i = 0; JSON.stringify(properties).length < kb * 1024; i++) properties[`p${i}`] = { type: 'string', description: 'x'.repeat(80) };
  return JSON.stringify({ type: 'object', properties });
}

async function post(url: string, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(url + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

/** Sends a registration naming `subject` `count` times, polling another endpoint until it is answered. */
async function amplified(url: string, subject: string, count: number) {
  const references = Array.from({ length: count }, (_, i) => ({ name: `n${i}.json`, subject, version: 1 }));
  const schema = JSON.stringify({ type: 'object', properties: Object.fromEntries(references.map((r, i) => [`f${i}`, { $ref: r.name }])) });
  const started = Date.now();
  let done = false;
  const reply = post(url, `/subjects/amp-${count}/versions`, { schemaType: 'JSON', schema, references }).finally(() => (done = true));
  let worst = 0;
  let polls = 0;
  while (!done) {
    const t = Date.now();
    const types = await fetch(`${url}/schemas/types`);
    expect(await types.json()).toEqual(['JSON']);
    worst = Math.max(worst, Date.now() - t);
    polls += 1;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { ...(await reply), ms: Date.now() - started, worst, polls, requestBytes: schema.length };
}

/** Peak resident set size of a process (VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const line = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Math.round(Number(line?.[1]) / 1024);
}

describe('contracts registry serve under reference amplification', () => {
  let dir: string;
  let served: Served;
  beforeAll(async () => {
    assertBuilt();
    dir = await mkdtemp(join(tmpdir(), 'contracts-registry-amp-'));
    served = await serve(dir);
  });
  afterAll(async () => {
    served?.child.kill('SIGTERM');
    await served?.exited;
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('stays responsive and bounded while judging 500 references to a 200 KB schema, and refuses 2,000 with 42201', async () => {
    expect((await post(served.url, '/subjects/big/versions', { schemaType: 'JSON', schema: sized(200) })).status).toBe(200);

    const accepted = await amplified(served.url, 'big', 500);
    console.log(
      `500 refs × 200 KB (${accepted.requestBytes} B request): ${accepted.status} in ${accepted.ms} ms; other requests' worst latency ${accepted.worst} ms over ${accepted.polls} polls`,
    );
    expect(accepted.status).toBe(200);
    expect(accepted.worst).toBeLessThan(LATENCY_BOUND_MS);

    const refused = await amplified(served.url, 'big', 2_000);
    console.log(`2,000 refs: ${refused.status} in ${refused.ms} ms; worst latency ${refused.worst} ms`);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ error_code: 42201, message: expect.stringContaining('at most 500') });
    expect(refused.worst).toBeLessThan(LATENCY_BOUND_MS);

    // Once accepted, later versions are judged against it without rebuilding 500 copies.
    const again = await amplified(served.url, 'big', 500);
    expect(again.status).toBe(200);
    expect(again.worst).toBeLessThan(LATENCY_BOUND_MS);

    const peak = peakRssMb(served.child.pid as number);
    console.log(`server peak RSS ${peak} MB (bound ${PEAK_RSS_BOUND_MB} MB)`);
    expect(peak).toBeLessThan(PEAK_RSS_BOUND_MB);
  });
});
