#!/usr/bin/env node
// Benchmark of `contracts catalog` and `contracts asyncapi` (issue 12) on 1,000 event types × 10 revisions,
// against `contracts lint` on the same repository (target: each within 3×), plus the site's size and how
// long the home page's filter takes in Chromium on 1,000 rows.
//
//   npm run build && node bench/catalog.mjs [--types 1000] [--revisions 10] [--runs 3]
//
// The corpus (bench/lib/corpus.mjs) has owners, a shared definition referenced by 1 in 5 event types,
// x-topic sharing, deprecated types and examples; every revision adds one optional property, so the
// catalog's revision sentences come from 9,000 real comparisons (both directions at FULL_TRANSITIVE).
// All three commands run in this process through the CLI's `main`, alternating, each warmed up once.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleWithMoney, writeCorpus } from './lib/corpus.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const dist = join(here, '..', 'dist', 'generator');
const { main } = await import(join(dist, 'cli', 'main.js')).catch(() => {
  console.error('bench/catalog.mjs: dist/ is missing or stale; run `npm run build` first.');
  process.exit(2);
});
const { canonicalize, schemaFingerprint, serializeLock } = await import(join(dist, 'check', 'index.js'));

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const TYPES = arg('types', 1000);
const REVISIONS = arg('revisions', 10);
const RUNS = arg('runs', 3);

async function cli(...argv) {
  let out = '';
  const io = { stdout: (t) => (out += t), stderr: (t) => (out += t), isTTY: false };
  const t0 = performance.now();
  const code = await main(argv, io);
  const ms = performance.now() - t0;
  if (code !== 0) throw new Error(`contracts ${argv.join(' ')} exited ${code}:\n${out.slice(0, 2000)}`);
  return ms;
}

async function folderSize(dir) {
  let bytes = 0;
  let files = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += (await stat(join(entry.parentPath ?? entry.path, entry.name))).size;
  }
  return { bytes, files };
}

/** Median time from a keystroke in the search box to the filtered table, in Chromium, on the built home page. */
async function filterLatency(site) {
  let chromium;
  let provisionChromium;
  let CHROMIUM_ARGS;
  try {
    ({ chromium } = await import('playwright-core'));
    ({ provisionChromium, CHROMIUM_ARGS } = await import('../test/infra/services/chromium.mjs'));
  } catch {
    return undefined;
  }
  const { executablePath } = await provisionChromium();
  const browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
  try {
    const page = await browser.newPage();
    const t0 = performance.now();
    await page.goto(pathToFileURL(join(site, 'index.html')).href);
    const load = performance.now() - t0;
    const samples = [];
    for (const term of ['evt1', 'team-3', 'dom7.shared', 'evt999', '', 'evt42', 'zzz', '']) {
      samples.push(
        await page.evaluate(
          (t) =>
            new Promise((resolve) => {
              const q = document.getElementById('q');
              const start = performance.now();
              q.value = t;
              q.dispatchEvent(new Event('input'));
              requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - start)));
            }),
          term,
        ),
      );
    }
    const rows = await page.locator('#events tbody tr').count();
    return { load, median: median(samples), max: Math.max(...samples), rows };
  } finally {
    await browser.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

const dir = await mkdtemp(join(tmpdir(), 'contracts-bench-catalog-'));
try {
  const t0 = performance.now();
  await writeCorpus(dir, { types: TYPES, revisions: REVISIONS }, { canonicalize, schemaFingerprint, serializeLock, bundle: bundleWithMoney });
  console.log(`corpus: ${TYPES} event types × ${REVISIONS} revisions in ${dir} (generated in ${s(performance.now() - t0)})`);
  const lint = [];
  const catalog = [];
  const asyncapi = [];
  for (let run = 0; run <= RUNS; run++) {
    const l = await cli('lint', '--cwd', dir);
    const c = await cli('catalog', '--cwd', dir, '--out', 'site');
    const a = await cli('asyncapi', '--cwd', dir, '--out', 'asyncapi.yaml');
    if (run === 0) continue; // warm-up: JIT, file cache, lint's validator cache
    lint.push(l);
    catalog.push(c);
    asyncapi.push(a);
  }
  const [L, C, A] = [median(lint), median(catalog), median(asyncapi)];
  const site = await folderSize(join(dir, 'site'));
  const doc = await stat(join(dir, 'asyncapi.yaml'));
  console.log(`contracts lint      ${s(L)}  (median of ${RUNS})`);
  console.log(
    `contracts catalog   ${s(C)}  ratio to lint ${(C / L).toFixed(2)}×  (target ≤ 3×)  site: ${site.files} files, ${(site.bytes / 1024 / 1024).toFixed(1)} MiB (${(site.bytes / TYPES / 1024).toFixed(0)} KiB per event type)`,
  );
  console.log(`contracts asyncapi  ${s(A)}  ratio to lint ${(A / L).toFixed(2)}×  (target ≤ 3×)  document: ${(doc.size / 1024 / 1024).toFixed(1)} MiB of YAML`);
  const filter = await filterLatency(join(dir, 'site'));
  if (filter)
    console.log(
      `home page in Chromium: ${filter.rows} rows, loaded in ${filter.load.toFixed(0)} ms; filter keystroke → table: median ${filter.median.toFixed(1)} ms, max ${filter.max.toFixed(1)} ms`,
    );
  else console.log('home page filter: skipped (playwright-core or Chromium not available)');
  if (C / L > 3 || A / L > 3) console.log('target missed: see docs/stages/catalog.md for where the time goes.');
} finally {
  await rm(dir, { recursive: true, force: true });
}
