/**
 * Issue 9 item 2: one data directory, one owner. Several `contracts registry serve --data D`
 * processes started at the same instant (some through a symlink to D): exactly one serves, the
 * others exit 2 naming the holder. And a kill -9'd owner's lock goes with it: a start right after
 * the kill owns the directory, and no lock holder process is left behind.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, serve, startServe } from './serve.js';

const TRIALS = 6;
const CONTENDERS = 3;

/** Pids of flock(1) processes holding `lockPath` (through /proc). */
function lockHolders(lockPath: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv[0]?.endsWith('flock') && argv.includes(lockPath)) pids.push(Number(entry));
    } catch {
      // ended meanwhile
    }
  }
  return pids;
}

describe('contracts registry serve: one owner per data directory', () => {
  let root: string;
  beforeAll(async () => {
    assertBuilt();
    root = await mkdtemp(join(tmpdir(), 'contracts-registry-lock-'));
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it(`lets exactly one of ${CONTENDERS} simultaneous starts serve, in each of ${TRIALS} trials`, async () => {
    const counts = { trials: 0, owners: 0, refused: 0 };
    for (let trial = 0; trial < TRIALS; trial++) {
      const dir = join(root, `d${trial}`);
      const link = join(root, `l${trial}`);
      await mkdir(dir);
      await symlink(dir, link);
      const starts = Array.from({ length: CONTENDERS }, (_, i) => startServe(i % 2 === 0 ? dir : link));
      const urls = await Promise.all(starts.map((s) => s.url));
      const owners = starts.filter((_, i) => urls[i] !== undefined);
      const refused = starts.filter((_, i) => urls[i] === undefined);
      counts.trials += 1;
      counts.owners += owners.length;
      counts.refused += refused.length;
      expect(owners, `trial ${trial}: ${starts.map((s) => s.stderr()).join(' | ')}`).toHaveLength(1);
      for (const loser of refused) {
        expect(await loser.exited).toBe(2);
        expect(loser.stderr()).toMatch(/Registry data directory .* is in use by process \d+/);
        expect(loser.stderr()).not.toContain('    at ');
      }
      // The owner really owns it: it registers, and SIGTERM ends it cleanly.
      const owner = owners[0]!;
      const url = urls[starts.indexOf(owner)] as string;
      const reply = await fetch(`${url}/subjects/s/versions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ schemaType: 'JSON', schema: `{"title":"t${trial}"}` }),
      });
      expect(reply.status).toBe(200);
      owner.child.kill('SIGTERM');
      expect(await owner.exited).toBe(0);
    }
    console.log(`lock trials: ${JSON.stringify(counts)}`);
    expect(counts).toEqual({ trials: TRIALS, owners: TRIALS, refused: TRIALS * (CONTENDERS - 1) });
  });

  it('frees the directory when its owner is killed with -9: a start right after owns it, no holder is left', async () => {
    const dir = join(root, 'killed');
    const first = await serve(dir);
    const lockPath = join(dir, 'registry.lock');
    expect(lockHolders(lockPath)).toHaveLength(1);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe(null);
    const second = await serve(dir); // right away: the kernel dropped the lock with its holder
    const holders = lockHolders(lockPath);
    expect(holders).toHaveLength(1); // the new owner's only: the killed one's holder exited
    const reply = await fetch(`${second.url}/subjects`);
    expect(reply.status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lockHolders(lockPath)).toEqual([]);
  });
});
