#!/usr/bin/env node
// Benchmark: `contracts generate` on a synthetic repository of 1,000 event types (100 domains ×
// 10 event types, each ~12 properties with formats, a nested object, an array of objects and a
// shared $ref), cold (no output, no cache) and warm (after one schema changes), plus `--check`
// and a no-change warm run. Each run is a separate `node bin/contracts.js generate` process
// measured with /usr/bin/time -v (wall time, peak RSS); the CLI runs from dist/ (`npm run build`).
// Targets: cold < 15 s, warm (one change) < 1 s, peak memory < 1 GiB.
//
//   node bench/generate.mjs [--domains 100] [--per-domain 10] [--keep] [--make-only]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const DOMAINS = arg('domains', 100);
const PER_DOMAIN = arg('per-domain', 10);
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function makeRepo() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'contracts-bench-generate-'));
  mkdirSync(path.join(root, 'schemas/_shared'), { recursive: true });
  writeFileSync(path.join(root, 'contracts.config.json'), JSON.stringify({ packageScope: '@bench' }, null, 2));
  writeFileSync(
    path.join(root, 'schemas/_shared/money.json'),
    JSON.stringify(
      {
        $schema: 'http://json-schema.org/draft-07/schema#',
        title: 'Money',
        type: 'object',
        additionalProperties: false,
        required: ['amountMinor', 'currency'],
        properties: { amountMinor: { type: 'integer' }, currency: { type: 'string', pattern: '^[A-Z]{3}$' } },
      },
      null,
      2,
    ),
  );
  for (let d = 0; d < DOMAINS; d++) {
    const domain = `domain${String(d).padStart(3, '0')}`;
    mkdirSync(path.join(root, 'schemas', domain), { recursive: true });
    for (let e = 0; e < PER_DOMAIN; e++)
      writeFileSync(path.join(root, 'schemas', domain, `action${e}.v1.json`), JSON.stringify(eventSchema(domain, e, 0), null, 2));
  }
  return root;
}

function eventSchema(domain, e, revision) {
  const properties = {
    id: { type: 'string', format: 'uuid', description: 'Entity id.' },
    occurredAt: { type: 'string', format: 'date-time' },
    email: { type: 'string', format: 'email', maxLength: 254 },
    name: { type: 'string', minLength: 1, maxLength: 100 },
    count: { type: 'integer', minimum: 0, maximum: 1000000 },
    ratio: { type: 'number', minimum: 0, maximum: 1 },
    status: { type: 'string', enum: ['new', 'active', 'suspended', 'closed'] },
    amount: { $ref: '../_shared/money.json' },
    tags: { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 32 } },
    address: {
      type: 'object',
      additionalProperties: false,
      required: ['city'],
      properties: { line1: { type: 'string' }, city: { type: 'string' }, country: { type: 'string', pattern: '^[A-Z]{2}$' } },
    },
    lines: {
      type: 'array',
      items: { type: 'object', required: ['sku', 'quantity'], properties: { sku: { type: 'string' }, quantity: { type: 'integer', minimum: 1 } } },
    },
    flag: { type: 'boolean' },
  };
  if (revision > 0) properties[`added${revision}`] = { type: 'string', description: `Added in revision ${revision}.` };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `${domain} action${e}`,
    description: `Synthetic event ${e} of ${domain}.`,
    'x-partition-key': '/id',
    type: 'object',
    required: ['id', 'occurredAt', 'status'],
    properties,
    examples: [{ id: '3f6c2a5e-8a7b-4c1d-9e2f-0a1b2c3d4e5f', occurredAt: '2026-11-02T10:00:00Z', status: 'new' }],
  };
}

function run(label, root, extra = []) {
  const cli = [path.join(repoRoot, 'bin/contracts.js'), 'generate', '--cwd', root, ...extra];
  const started = process.hrtime.bigint();
  const child = TIME ? spawnSync(TIME, ['-v', process.execPath, ...cli], { encoding: 'utf8' }) : spawnSync(process.execPath, cli, { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr ?? '')?.[1] ?? NaN);
  const cpuS =
    Number(/User time \(seconds\): ([\d.]+)/.exec(child.stderr ?? '')?.[1] ?? NaN) +
    Number(/System time \(seconds\): ([\d.]+)/.exec(child.stderr ?? '')?.[1] ?? NaN);
  const summary = (child.stdout.trim().split('\n').pop() ?? '') || (child.stderr.split('\n').find((l) => l.includes('stale')) ?? '');
  if (child.status !== 0 && !(extra.includes('--check') && child.status === 1)) {
    console.error(child.stdout, child.stderr);
    throw new Error(`${label}: exit ${child.status}`);
  }
  return { label, ms, cpuS, rssMiB: rssKb / 1024, exit: child.status, summary };
}

const root = makeRepo();
const events = DOMAINS * PER_DOMAIN;
if (process.argv.includes('--make-only')) {
  console.log(root);
  process.exit(0);
}
console.log(`contracts generate: ${events} event types in ${DOMAINS} packages (${root})`);
const results = [];
results.push(run('cold (no output, no cache)', root));
results.push(run('warm, nothing changed', root));
const changedDomain = `domain${String(Math.floor(DOMAINS / 2)).padStart(3, '0')}`;
const changed = path.join(root, 'schemas', changedDomain, 'action0.v1.json');
writeFileSync(changed, JSON.stringify(eventSchema(changedDomain, 0, 1), null, 2));
results.push(run('warm, one schema changed', root));
results.push(run('--check (always full, no cache)', root, ['--check']));
writeFileSync(changed, JSON.stringify(eventSchema(changedDomain, 0, 2), null, 2));
results.push(run('--check after an edit (exit 1)', root, ['--check']));
rmSync(path.join(root, '.cache'), { recursive: true, force: true });
results.push(run('--force after cache loss (all recomputed, nothing equal rewritten)', root, ['--force']));

const pad = (s, n) => String(s).padEnd(n);
console.log(`\n${pad('run', 68)}${pad('wall', 10)}${pad('cpu', 10)}${pad('peak RSS', 12)}exit  output`);
for (const r of results)
  console.log(
    `${pad(r.label, 68)}${pad(`${(r.ms / 1000).toFixed(2)} s`, 10)}${pad(`${r.cpuS.toFixed(2)} s`, 10)}${pad(`${r.rssMiB.toFixed(0)} MiB`, 12)}${pad(r.exit, 6)}${r.summary.slice(0, 90)}`,
  );
const [cold, , warm] = results;
console.log(
  `\nload average while running: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${os.availableParallelism()} cores (wall times on a shared machine are inflated; cpu = user + system of the process and its workers)`,
);
console.log(`\ncold: ${(cold.ms / 1000).toFixed(2)} s (target < 15 s: ${(cold.ms / 15000).toFixed(2)}× of budget)`);
console.log(
  `warm, one change: ${(warm.ms / 1000).toFixed(2)} s (target < 1 s: ${(warm.ms / 1000).toFixed(2)}× of budget); cold/warm = ${(cold.ms / warm.ms).toFixed(1)}×`,
);
console.log(`peak RSS: ${Math.max(...results.map((r) => r.rssMiB)).toFixed(0)} MiB (target < 1024 MiB)`);
console.log(`per event type, cold: ${(cold.ms / events).toFixed(1)} ms`);
if (!process.argv.includes('--keep')) rmSync(root, { recursive: true, force: true });
void readFileSync;
