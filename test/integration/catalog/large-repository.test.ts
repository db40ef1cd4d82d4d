/**
 * A generated repository of 1,000 event types × 10 revisions (the bench corpus: owners, shared
 * definitions, x-topic sharing, deprecated types, examples): `contracts asyncapi` passes the official
 * parser with no error and no warning and every message is there; `contracts catalog` builds a site
 * whose home, opened from disk in Debian's Chromium, lists all 1,000 and filters them (timings printed;
 * bench/catalog.mjs measures them against lint). Needs no service but Chromium.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildCatalogSite } from '../../../generator/catalog/index.js';
import { CHROMIUM_ARGS, provisionChromium } from '../../infra/services/chromium.mjs';
import { bundleWithMoney, writeCorpus } from '../../../bench/lib/corpus.mjs';
import { writeAsyncApi } from '../../../generator/asyncapi/index.js';
import { canonicalize, schemaFingerprint } from '../../../generator/check/index.js';
import { serializeLock } from '../../../generator/records/index.js';
import { loadCatalog } from '../../../generator/load/index.js';
import { parserProblems } from '../../unit/asyncapi/parser.js';

let root: string;
beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'contracts-asyncapi-large-'));
  await writeCorpus(root, { types: 1000, revisions: 10 }, { canonicalize, schemaFingerprint, serializeLock, bundle: bundleWithMoney });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('a 1,000-event-type document passes @asyncapi/parser with no error and no warning', async () => {
  const catalog = await loadCatalog({ root });
  expect(catalog.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const result = await writeAsyncApi({ catalog, format: 'yaml' });
  expect(result.skipped).toEqual([]);
  expect(result.messages).toBe(1000);
  const { problems, messages } = await parserProblems(result.text);
  console.log(
    `asyncapi: ${result.messages} messages, ${result.channels} channels, ${(result.text.length / 1e6).toFixed(1)} MB of YAML; parser problems: ${problems.length}`,
  );
  expect(problems).toEqual([]);
  expect(messages).toBe(1000);
}, 300_000);

it('a 1,000-event-type catalog lists and filters every event type in Chromium', async () => {
  const catalog = await loadCatalog({ root });
  const t0 = performance.now();
  const site = await buildCatalogSite({ catalog, outDir: 'site' });
  const buildMs = performance.now() - t0;
  expect(site.model.counts).toMatchObject({ eventTypes: 1000, revisions: 10_000, deprecated: 20 });
  const { executablePath } = await provisionChromium();
  const browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
  try {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(path.join(site.outDir, 'index.html')).href);
    expect(await page.locator('#events tbody tr').count()).toBe(1000);
    const started = performance.now();
    await page.fill('#q', 'evt95');
    // evt95 and evt950–evt959; evt957 is deprecated (i % 50 === 7)
    await expect.poll(() => page.locator('#count').textContent()).toBe('11 of 1000 event types');
    const filterMs = performance.now() - started;
    await page.selectOption('#status', 'deprecated');
    await expect.poll(() => page.locator('#count').textContent()).toBe('1 of 1000 event types');
    console.log(
      `catalog: built ${site.files} files (${(site.bytes / 1024 / 1024).toFixed(1)} MiB) in ${(buildMs / 1000).toFixed(1)} s; filter on 1,000 rows answered in ${filterMs.toFixed(0)} ms`,
    );
  } finally {
    await browser.close();
  }
}, 300_000);
