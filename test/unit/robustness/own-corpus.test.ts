/**
 * The committed real-world corpus (test/fixtures/real-world: every shape issue 11 names) through
 * lint, generate, tsc --strict and the validators. Prints its counts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCorpus, summary, type CorpusReport, type Documents } from './harness.js';

const ROOT = fileURLToPath(new URL('../../fixtures/real-world/', import.meta.url));
const documents = JSON.parse(readFileSync(`${ROOT}documents.json`, 'utf8')) as Documents;

describe('real-world shapes corpus', () => {
  let report: CorpusReport;
  it('runs lint, generate, tsc and the validators', { timeout: 180_000 }, async () => {
    report = await runCorpus(ROOT, { documents });
    console.log(summary('real-world shapes', report));
    expect(report.schemas).toBe(Object.keys(documents).length);
  });

  it('lints clean: no finding at all (the corpus follows the authoring rules)', () => {
    expect(report.lintFindings).toEqual({});
    expect(report.violations.lint).toEqual([]);
  });

  it('generates every event type and the declarations compile under tsc --strict', () => {
    expect(report.violations.generate).toEqual([]);
    expect(report.generated).toBe(report.schemas);
    expect(report.violations.tsc).toEqual([]);
  });

  it('validators: labels hold, tolerant = plain ajv on declared names, undeclared names ignored, strict ⊆ plain, tolerant ⊇ strict', () => {
    expect(report.violations.validators).toEqual([]);
    expect(report.instances.documents).toBeGreaterThan(50);
    expect(report.instances.declared).toBeGreaterThan(100);
    expect(report.agreements.extraIgnored).toBeGreaterThan(10);
  });
});
