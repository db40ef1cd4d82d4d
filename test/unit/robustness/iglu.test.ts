/**
 * The 660 Iglu Central schemas (../shared/corpora/iglu-central, read in place; skipped with a
 * message when absent) put into the contracts layout by scripts/corpora/iglu-layout.mjs, then
 * through lint, generate, tsc --strict and the validators. Prints its counts.
 * CONTRACTS_SHARED_DIR overrides where `shared` is (a worktree sits one level deeper than a clone).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without declarations
import { igluToLayout } from '../../../scripts/corpora/iglu-layout.mjs';
import { runCorpus, summary, type CorpusReport } from './harness.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const CORPUS = path.join(process.env.CONTRACTS_SHARED_DIR ?? path.join(repoRoot, '../shared'), 'corpora/iglu-central');
const present = existsSync(path.join(CORPUS, 'schemas'));
if (!present) console.log(`iglu robustness: ${CORPUS} is absent; the Iglu Central corpus was NOT run (skipped).`);

describe.skipIf(!present)('Iglu Central robustness', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'contracts-iglu-robust-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let report: CorpusReport;

  it('runs lint, generate, tsc and the validators over every schema', { timeout: 600_000 }, async () => {
    const written = (igluToLayout as (corpus: string, out: string) => string[])(CORPUS, root);
    expect(written.length).toBe(660);
    report = await runCorpus(root, { instancesPerEvent: 30 });
    console.log(summary('iglu-central', report));
    expect(report.schemas).toBe(660);
  });

  it('lint: no crash, no false positive', () => {
    expect(report.violations.lint).toEqual([]);
  });

  it('generates every schema that loads (all but the 2 with remote refs) and tsc --strict compiles it', () => {
    expect(report.violations.generate).toEqual([]);
    expect(report.generated).toBe(658);
    expect(report.violations.tsc).toEqual([]);
  });

  it('validators agree with plain ajv (tolerant differs only on undeclared names; strict ⊆ plain; tolerant ⊇ strict)', () => {
    expect(report.violations.validators.slice(0, 20)).toEqual([]);
    expect(report.instances.declared).toBeGreaterThan(5000);
  });
});
