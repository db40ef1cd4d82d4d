/**
 * `contracts asyncapi` on a generated repository of 1,000 event types × 10 revisions (the bench
 * corpus: owners, shared definitions, x-topic sharing, deprecated types, examples): the official
 * parser reports no error and no warning and sees every message. Needs no service.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bundleWithMoney, writeCorpus } from '../../../bench/lib/corpus.mjs';
import { writeAsyncApi } from '../../../generator/asyncapi/index.js';
import { canonicalize, schemaFingerprint, serializeLock } from '../../../generator/check/index.js';
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
  console.log(`asyncapi: ${result.messages} messages, ${result.channels} channels, ${(result.text.length / 1e6).toFixed(1)} MB of YAML; parser problems: ${problems.length}`);
  expect(problems).toEqual([]);
  expect(messages).toBe(1000);
}, 300_000);
