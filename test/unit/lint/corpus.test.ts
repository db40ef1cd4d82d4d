import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../generator/load/index.js';
import { LINT_RULES, lintCatalog } from '../../../generator/lint/index.js';

/**
 * Robustness on schemas nobody here wrote: Snowplow's iglu-central (../shared/corpora/iglu-central,
 * 660 draft-04 schemas). Each becomes a contract file in a throwaway repository
 * (`schemas/<vendor>/<name>.r<REV>-a<ADD>.v<MODEL>.json`, `$schema` set to draft-04 as the corpus
 * README says to treat them), then load + lint must finish without a crash or an internal error,
 * with every finding a known rule pinned to a file, and the remote refs reported (never fetched: no code path fetches).
 */
const CORPUS = fileURLToPath(new URL('../../../../shared/corpora/iglu-central/schemas/', import.meta.url));
const present = existsSync(CORPUS);
if (!present) console.log(`iglu-central corpus not found at ${CORPUS}: corpus robustness test skipped`);

const segment = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, 'x')
    .replace(/-+$/, '');

describe.skipIf(!present)('iglu-central corpus', () => {
  const root = mkdtempSync(join(tmpdir(), 'contracts-iglu-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('loads and lints every schema without a crash or an internal error', { timeout: 240_000 }, async () => {
    let count = 0;
    for (const vendor of readdirSync(CORPUS)) {
      for (const name of readdirSync(join(CORPUS, vendor))) {
        const dir = join(CORPUS, vendor, name, 'jsonschema');
        if (!existsSync(dir)) continue;
        for (const version of readdirSync(dir)) {
          const [model, revision, addition] = version.split('-');
          const text = readFileSync(join(dir, version), 'utf8').replace(
            /"\$schema"\s*:\s*"http:\/\/iglucentral\.com\/schemas\/com\.snowplowanalytics\.self-desc\/schema\/jsonschema\/1-0-0#"/,
            '"$schema": "http://json-schema.org/draft-04/schema#"',
          );
          const target = join(root, 'schemas', segment(vendor), `${segment(name)}.r${revision}-a${addition}.v${model}.json`);
          mkdirSync(join(target, '..'), { recursive: true });
          writeFileSync(target, text);
          count++;
        }
      }
    }
    expect(count).toBeGreaterThan(600);

    const catalog = await loadCatalog({ root });
    const diagnostics = lintCatalog(catalog);
    const known = new Set<string>(LINT_RULES.map((r) => r.id));
    expect(diagnostics.filter((d) => d.ruleId === 'INTERNAL_RULE_ERROR')).toEqual([]);
    for (const d of diagnostics) {
      expect(known.has(d.ruleId), d.ruleId).toBe(true);
      expect(d.file).not.toBe('');
      expect(d.line).toBeGreaterThan(0);
    }
    expect(catalog.events.length).toBeGreaterThan(600);
    // Two refs to iglucentral.com in one schema and one to the draft-04 meta-schema in Iglu's own meta-schema.
    expect(diagnostics.filter((d) => d.ruleId === 'REF_REMOTE')).toHaveLength(3);
    // Every schema is readable JSON (int64 bounds such as 9223372036854775807 are flagged as imprecise, nothing else),
    // and ajv compiles all of them (the corpus README: all 660 compile non-strict).
    // Two real duplicate keys ("doc_height" twice in elasticsearch_enriched_event 1-0-1 and 2-0-0) are found.
    expect(
      diagnostics
        .filter((d) => (d.ruleId.startsWith('JSON_') && d.ruleId !== 'JSON_NUMBER_PRECISION') || d.ruleId === 'FILE_TOO_LARGE')
        .map((d) => [d.ruleId, d.file, d.pointer]),
    ).toEqual([
      ['JSON_DUPLICATE_KEY', 'schemas/com-snowplowanalytics-snowplow/elasticsearch-enriched-event.r0-a0.v2.json', '/properties/doc_height'],
      ['JSON_DUPLICATE_KEY', 'schemas/com-snowplowanalytics-snowplow/elasticsearch-enriched-event.r0-a1.v1.json', '/properties/doc_height'],
    ]);
    for (const d of diagnostics.filter((x) => x.ruleId === 'JSON_NUMBER_PRECISION')) expect(d.pointer).toMatch(/\/(minimum|maximum)$/);
    expect(diagnostics.filter((d) => d.ruleId === 'SCHEMA_INVALID' && d.message.includes('does not compile'))).toEqual([]);
    const counts: Record<string, number> = {};
    for (const d of diagnostics) counts[d.ruleId] = (counts[d.ruleId] ?? 0) + 1;
    console.log(`iglu-central: ${catalog.events.length} contracts, findings per rule ${JSON.stringify(counts)}`);
  });
});
