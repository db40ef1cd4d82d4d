#!/usr/bin/env node
// Benchmark of `contracts check` at FULL_TRANSITIVE (issue 3): 1,000 event types × 10 revisions.
//
//   npm run build && node bench/check.mjs [--types 1000] [--revisions 10] [--runs 5] [--keep]
//
// Generates a corpus in a temporary directory (schemas/ with revision 10 of every event type and
// contracts.lock.json recording revisions 1–10), then times, in the same process:
//   A. just reading and parsing the same files (every schema file and the lock, JSON.parse), and
//   B. `contracts check --no-git` (in-process `main([...])`: load, bundle, canonicalise, fingerprint,
//      lock freshness, approvals; the transitive comparisons of revision 10 with revisions 1–9 are
//      proven by the verification records `contracts lock` wrote into the lock, so none is re-run),
//   C. `contracts check --no-git --full`: the same, comparing every earlier revision again in both
//      directions (18,000 engine runs), once,
// and prints the medians and the ratios B / A (target: within 3×) and C / A. Every revision adds a
// distinct optional property (compatible under LENIENT), so every comparison in C is real work: no
// two event types share content.
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const dist = join(here, '..', 'dist', 'generator');
const { main } = await import(join(dist, 'cli', 'main.js')).catch(() => {
  console.error('bench/check.mjs: dist/ is missing or stale; run `npm run build` first.');
  process.exit(2);
});
const { canonicalize, schemaFingerprint, serializeLock } = await import(join(dist, 'check', 'index.js'));

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const TYPES = arg('types', 1000);
const REVISIONS = arg('revisions', 10);
const RUNS = arg('runs', 5);
/** --keep: leave the corpus on disk (for profiling) and print where it is. */
const KEEP = process.argv.includes('--keep');

const FIELD_KINDS = [
  (i) => ({ type: 'string', maxLength: 64 + (i % 7) }),
  (i) => ({ type: 'integer', minimum: 0, maximum: 1000 + i }),
  () => ({ type: 'boolean' }),
  (i) => ({ type: 'string', enum: ['a', 'b', `c${i % 5}`] }),
  (i) => ({ type: 'array', items: { type: 'string', format: 'uuid' }, maxItems: 10 + (i % 3) }),
  (i) => ({ type: 'object', properties: { code: { type: 'string', pattern: `^[A-Z]{${2 + (i % 2)}}$` }, value: { type: 'number' } }, required: ['code'] }),
];

/** Revision `rev` (1-based) of event type `i`: a base shape plus one optional field per later revision. */
function schemaOf(i, rev) {
  const properties = {
    id: { type: 'string', format: 'uuid', description: 'Identifier of the entity.' },
    occurredAt: { type: 'string', format: 'date-time' },
    amount: { type: 'number', minimum: 0, multipleOf: 0.01 },
    status: { type: 'string', enum: ['created', 'updated', 'closed'] },
    tags: { type: 'array', items: { type: 'string', maxLength: 32 }, uniqueItems: true },
    address: {
      type: 'object',
      properties: { street: { type: 'string' }, city: { type: 'string' }, zip: { type: 'string', pattern: '^[0-9]{5}$' } },
      required: ['city'],
    },
  };
  for (let k = 2; k <= rev; k++) properties[`field${i}_${k}`] = FIELD_KINDS[(i + k) % FIELD_KINDS.length](i + k);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `Event ${i}`,
    description: `Benchmark event type ${i}, revision ${rev}.`,
    type: 'object',
    'x-partition-key': '/id',
    'x-owner': `team-${i % 13}`,
    required: ['id', 'occurredAt'],
    properties,
  };
}

async function generate(dir) {
  const events = {};
  for (let i = 0; i < TYPES; i++) {
    const domain = `dom${i % 40}`;
    const action = `evt${i}`;
    const eventType = `${domain}.${action}.v1`;
    const file = `schemas/${domain}/${action}.v1.json`;
    const revisions = [];
    for (let rev = 1; rev <= REVISIONS; rev++) {
      const schema = canonicalize(schemaOf(i, rev));
      // As `contracts lock` records it: each revision verified against the earlier ones at the configured level.
      revisions.push({
        semver: `1.${rev - 1}.0`,
        fingerprint: schemaFingerprint(schema),
        change: rev === 1 ? 'initial' : 'compatible',
        checked: { level: 'FULL_TRANSITIVE', policy: 'LENIENT' },
        schema,
      });
    }
    events[eventType] = { file, deprecated: false, revisions };
    await mkdir(join(dir, 'schemas', domain), { recursive: true });
    await writeFile(join(dir, file), `${JSON.stringify(schemaOf(i, REVISIONS), null, 2)}\n`);
  }
  await writeFile(join(dir, 'contracts.config.json'), `${JSON.stringify({ compatibility: { level: 'FULL_TRANSITIVE', policy: 'LENIENT' } }, null, 2)}\n`);
  await writeFile(join(dir, 'contracts.lock.json'), serializeLock({ lockfileVersion: 1, events }));
}

/** A: read and parse every file the check reads. */
async function readAndParse(dir) {
  let bytes = 0;
  const walk = async (rel) => {
    for (const entry of await readdir(join(dir, rel), { withFileTypes: true })) {
      const path = `${rel}/${entry.name}`;
      if (entry.isDirectory()) await walk(path);
      else if (entry.name.endsWith('.json')) {
        const text = await readFile(join(dir, path), 'utf8');
        bytes += text.length;
        JSON.parse(text);
      }
    }
  };
  await walk('schemas');
  for (const f of ['contracts.config.json', 'contracts.lock.json']) {
    const text = await readFile(join(dir, f), 'utf8');
    bytes += text.length;
    JSON.parse(text);
  }
  return bytes;
}

/** B (and C with --full): the real command, in process. */
async function check(dir, ...extra) {
  let out = '';
  const io = { stdout: (t) => (out += t), stderr: (t) => (out += t), isTTY: false };
  const code = await main(['check', '--cwd', dir, '--no-git', ...extra], io);
  return { code, out };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dir = await mkdtemp(join(tmpdir(), 'contracts-bench-check-'));
try {
  const t0 = performance.now();
  await generate(dir);
  console.log(`corpus: ${TYPES} event types × ${REVISIONS} revisions in ${dir} (generated in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

  // Warm up both paths once (JIT, file cache), then alternate A and B so both see the same machine load.
  const bytes = await readAndParse(dir);
  const first = await check(dir);
  if (first.code !== 0) {
    console.error(`contracts check exited ${first.code} on the generated corpus; the benchmark is invalid:\n${first.out.slice(0, 4000)}`);
    process.exitCode = 1;
  } else {
    const a = [];
    const b = [];
    for (let r = 0; r < RUNS; r++) {
      let t = performance.now();
      await readAndParse(dir);
      a.push(performance.now() - t);
      t = performance.now();
      await check(dir);
      b.push(performance.now() - t);
    }
    const ma = median(a);
    const mb = median(b);
    const min = (xs) => Math.min(...xs);
    console.log(first.out.trim().split('\n').slice(-1)[0]);
    console.log(
      `A  read + JSON.parse of ${TYPES} schema files and the lock (${(bytes / 1e6).toFixed(1)} MB): median ${ma.toFixed(0)} ms over ${RUNS} runs [${a.map((x) => x.toFixed(0)).join(', ')}]`,
    );
    console.log(
      `B  contracts check --no-git at FULL_TRANSITIVE/LENIENT:                   median ${mb.toFixed(0)} ms over ${RUNS} runs [${b.map((x) => x.toFixed(0)).join(', ')}]`,
    );
    console.log(`ratio B/A: ${(mb / ma).toFixed(2)}× of the medians, ${(min(b) / min(a)).toFixed(2)}× of the fastest runs (target ≤ 3×)`);
    // C: the same check comparing every earlier revision again (what B avoids by trusting the lock's
    // verification records): 1,000 × 9 earlier revisions × 2 directions engine runs.
    const t = performance.now();
    const full = await check(dir, '--full');
    const mc = performance.now() - t;
    if (full.code !== 0) {
      console.error(`contracts check --full exited ${full.code}: the lock's verification records are wrong:\n${full.out.slice(0, 4000)}`);
      process.exitCode = 1;
    }
    console.log(full.out.trim().split('\n').slice(-1)[0]);
    console.log(`C  contracts check --no-git --full (every pair compared again):    ${mc.toFixed(0)} ms, one run`);
    console.log(`ratio C/A: ${(mc / ma).toFixed(2)}× of A's median (nothing trusted from the lock)`);
  }
} finally {
  if (KEEP) console.log(`corpus kept in ${dir}`);
  else await rm(dir, { recursive: true, force: true });
}
