#!/usr/bin/env node
// Benchmark of the embedded schema registry: registrations/s and lookups-by-id/s, against
// Apicurio Registry (Confluent-compatible API) in the same run when it can be started, plus the
// embedded registry's start time and resident memory with 10,000 registered versions.
//
//   npm run build && node bench/registry.mjs [--versions 10000] [--concurrency 16] [--lookups 20000]
//
// Apicurio: started with the test infrastructure (test/infra/services: Java + Maven cache), or
// APICURIO_URL (its ccompat base, e.g. http://127.0.0.1:8080/apis/ccompat/v7) to use a running one.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    versions: { type: 'string', default: '10000' },
    'versions-per-subject': { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '16' },
    lookups: { type: 'string', default: '20000' },
    'apicurio-versions': { type: 'string', default: '2000' },
  },
});
const VERSIONS = Number(opts.versions);
const PER_SUBJECT = Number(opts['versions-per-subject']);
const CONCURRENCY = Number(opts.concurrency);
const LOOKUPS = Number(opts.lookups);
const APICURIO_VERSIONS = Number(opts['apicurio-versions']);
const REQUEST_TIMEOUT_MS = 30_000;

const distEntry = join(ROOT, 'dist/generator/registry-server/index.js');
if (!existsSync(distEntry)) {
  console.error(`bench/registry.mjs: ${relative(ROOT, distEntry)} is missing; run \`npm run build\` first.`);
  process.exit(2);
}
const { startRegistry } = await import(pathToFileURL(distEntry).href);

// ---------------------------------------------------------------- HTTP with keep-alive
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
function request(base, method, path, body) {
  const url = new URL(base + path);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((done, fail) => {
    const req = http.request(
      url,
      { method, agent, headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json', ...(payload ? { 'Content-Length': payload.length } : {}) } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) return fail(new Error(`${method} ${path} → ${res.statusCode} ${text.slice(0, 300)}`));
          done(text ? JSON.parse(text) : undefined);
        });
      },
    );
    req.on('error', fail);
    // A request that never completes (seen once with Apicurio under load) must not hang the run.
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`${method} ${path}: no answer within ${REQUEST_TIMEOUT_MS / 1000}s`)));
    req.end(payload);
  });
}

/** Failures per backend label: printed with the results instead of aborting the run. */
const failures = new Map();
function recordFailure(label, error) {
  const list = failures.get(label) ?? [];
  list.push(error.message);
  failures.set(label, list);
}

/** Runs `total` tasks with `concurrency` in flight; returns successful operations per second. */
async function throughput(label, total, concurrency, task) {
  let next = 0;
  let ok = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        try {
          await task(i);
          ok += 1;
        } catch (error) {
          recordFailure(label, error);
        }
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return ok / seconds;
}

// ---------------------------------------------------------------- workload
/** Version v (0-based) of subject s: a closed object gaining one optional property per version (BACKWARD-compatible). */
function schemaFor(s, v) {
  const properties = {};
  for (let i = 0; i <= v; i += 1) properties[`field${i}`] = { type: 'string', description: `subject ${s} field ${i}` };
  return JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', title: `Event${s}`, type: 'object', properties, additionalProperties: false });
}

/** Registers `count` versions (subjects × PER_SUBJECT, each subject's versions in order) and returns registrations/s and the ids. */
async function registrations(label, base, count, prefix) {
  const subjects = Math.ceil(count / PER_SUBJECT);
  const ids = [];
  let failed = 0;
  let cursor = 0;
  const started = process.hrtime.bigint();
  // One worker per subject at a time keeps each subject's versions in order; workers share subjects round-robin.
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (true) {
        const s = cursor++;
        if (s >= subjects) return;
        for (let v = 0; v < PER_SUBJECT && s * PER_SUBJECT + v < count; v += 1) {
          try {
            const reply = await request(base, 'POST', `/subjects/${prefix}-${s}-value/versions`, { schemaType: 'JSON', schema: schemaFor(s, v) });
            ids.push(reply.id);
          } catch (error) {
            failed += 1;
            recordFailure(label, error);
          }
        }
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { perSecond: (count - failed) / seconds, ids };
}

async function lookups(label, base, ids, count) {
  return throughput(label, count, CONCURRENCY, (i) => request(base, 'GET', `/schemas/ids/${ids[(i * 7919) % ids.length]}`));
}

// ---------------------------------------------------------------- Apicurio
/** A real Apicurio Registry from the test infrastructure (test/infra/services, also used by `npm test`), or APICURIO_URL. */
async function apicurio() {
  if (process.env.APICURIO_URL) return { base: process.env.APICURIO_URL.replace(/\/$/, ''), stop: async () => undefined, how: 'APICURIO_URL' };
  const services = join(ROOT, 'test/infra/services/index.mjs');
  if (!existsSync(services)) return { reason: `${relative(ROOT, services)} does not exist and APICURIO_URL is not set` };
  try {
    const { startServices } = await import(pathToFileURL(services).href);
    const started = await startServices(['apicurio']);
    return { base: started.apicurio.url, stop: () => started.stop(), how: `started by test/infra/services, Apicurio ${started.apicurio.version}` };
  } catch (error) {
    return { reason: `starting it failed: ${error.message}` };
  }
}

// ---------------------------------------------------------------- child-process start time and RSS
async function startChild(dataDir) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [join(ROOT, 'bin/contracts.js'), 'registry', 'serve', '--data', dataDir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise((done, fail) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => {
      out += c;
      const m = /^(http:\/\/\S+)\n/m.exec(out);
      if (m) done(m[1]);
    });
    child.stderr.on('data', (c) => (err += c));
    child.once('exit', (code) => fail(new Error(`serve exited ${code}: ${err}`)));
  });
  await request(url, 'GET', '/schemas/ids/1'); // ready = answers a real request
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
  return { ms, rssMb: rssKb / 1024 };
}

// ---------------------------------------------------------------- run
const fmt = (n) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: n < 100 ? 1 : 0 }) : 'n/a');
const dataDir = await mkdtemp(join(tmpdir(), 'bench-registry-'));
const results = {};
try {
  console.log(
    `registry bench: ${VERSIONS} versions (${PER_SUBJECT} per subject), ${CONCURRENCY} concurrent clients, ${LOOKUPS} lookups; node ${process.version}`,
  );

  const phase = (text) => console.error(`registry bench: ${text}`);
  phase(`embedded with --data: registering ${VERSIONS} versions, then ${LOOKUPS} lookups`);
  const disk = await startRegistry({ dataDir, onWarning: () => undefined });
  const diskReg = await registrations('embedded --data', disk.url, VERSIONS, 'bench');
  results.embeddedDisk = { registrations: diskReg.perSecond, lookups: await lookups('embedded --data', disk.url, diskReg.ids, LOOKUPS) };
  await disk.close();

  phase(`embedded in memory: ${APICURIO_VERSIONS} versions, ${LOOKUPS} lookups`);
  const memory = await startRegistry({ onWarning: () => undefined });
  const memReg = await registrations('embedded in memory', memory.url, APICURIO_VERSIONS, 'bench');
  results.embeddedMemory = { registrations: memReg.perSecond, lookups: await lookups('embedded in memory', memory.url, memReg.ids, LOOKUPS) };
  await memory.close();

  phase('start time and RSS with the 10,000-version log');
  const replayStart = process.hrtime.bigint();
  const reopened = await startRegistry({ dataDir, onWarning: () => undefined });
  const replayMs = Number(process.hrtime.bigint() - replayStart) / 1e6;
  const count = (await request(reopened.url, 'GET', '/subjects')).length;
  await reopened.close();
  const child = await startChild(dataDir);
  results.start = { replayMs, childMs: child.ms, rssMb: child.rssMb, subjects: count };

  phase('Apicurio: starting');
  const apic = await apicurio();
  if (apic.base) {
    phase(`Apicurio: ${APICURIO_VERSIONS} versions, ${LOOKUPS} lookups`);
    try {
      await request(apic.base, 'PUT', '/config', { compatibility: 'BACKWARD' });
      const apReg = await registrations('Apicurio', apic.base, APICURIO_VERSIONS, `bench${Date.now()}`);
      results.apicurio = { registrations: apReg.perSecond, lookups: await lookups('Apicurio', apic.base, apReg.ids, LOOKUPS), how: apic.how };
    } finally {
      await apic.stop();
    }
  } else {
    results.apicurioSkipped = apic.reason;
  }
} finally {
  agent.destroy();
  await rm(dataDir, { recursive: true, force: true });
}

const { embeddedDisk: d, embeddedMemory: m, apicurio: a, start: s } = results;
console.log('');
console.log(`embedded, --data (fsync per ack), ${VERSIONS} versions:   registrations/s ${fmt(d.registrations)}   lookups-by-id/s ${fmt(d.lookups)}`);
console.log(`embedded, in memory, ${APICURIO_VERSIONS} versions:           registrations/s ${fmt(m.registrations)}   lookups-by-id/s ${fmt(m.lookups)}`);
if (a) {
  console.log(
    `Apicurio 3 ccompat (in-memory H2), ${APICURIO_VERSIONS} versions: registrations/s ${fmt(a.registrations)}   lookups-by-id/s ${fmt(a.lookups)}   [${a.how}]`,
  );
  console.log(`ratio embedded(memory)/Apicurio: registrations ${fmt(m.registrations / a.registrations)}x   lookups ${fmt(m.lookups / a.lookups)}x`);
  console.log(`ratio embedded(--data)/Apicurio: registrations ${fmt(d.registrations / a.registrations)}x   lookups ${fmt(d.lookups / a.lookups)}x`);
} else {
  console.log(`Apicurio was not started: ${results.apicurioSkipped}. No ratios against it in this run.`);
}
console.log(`ratio embedded memory/--data: registrations ${fmt(m.registrations / d.registrations)}x (the cost of fsync before acknowledging)`);
console.log(
  `start with ${VERSIONS} versions (${s.subjects} subjects): log replay in-process ${fmt(s.replayMs)} ms; \`contracts registry serve\` to first answer ${fmt(s.childMs)} ms; RSS ${fmt(s.rssMb)} MiB`,
);
for (const [label, list] of failures) {
  console.log(`${label}: ${list.length} request(s) failed or timed out (not counted in its rate); first: ${list[0]}`);
}
