/**
 * Every schema family of Iglu Central compared along its SchemaVer chain: no crash, and how our
 * verdicts line up with Iglu's own labels (ADDITION = compatible with all historical data, REVISION =
 * may break some, MODEL = breaking by convention). Disagreements are explained in docs/stages/compat.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareSchemas, UnresolvedRefError, type CompareResult } from '../../../generator/compat/index.js';

const CORPUS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/corpora/iglu-central');
const present = existsSync(resolve(CORPUS, 'chains.json'));
if (!present) console.log(`iglu: ${CORPUS} is absent; the Iglu Central corpus was NOT run (skipped).`);

type Bump = 'ADDITION' | 'REVISION' | 'MODEL';
interface Family {
  versions: string[];
  files: string[];
  steps: Array<{ from: string; to: string; bump: Bump }>;
}

describe.skipIf(!present)('Iglu Central chains', () => {
  it('every family compares along its chain without a crash; verdicts vs Iglu labels', () => {
    const { families } = JSON.parse(readFileSync(resolve(CORPUS, 'chains.json'), 'utf8')) as { families: Record<string, Family> };
    const columns = ['BACKWARD/STRICT', 'BACKWARD/LENIENT', 'FULL/LENIENT'] as const;
    const table = new Map<string, number>(); // `${bump} ${column} ${verdict}` → count
    const additionBreaks = new Map<string, number>(); // change kind → ADDITION steps it made incompatible (BACKWARD/STRICT)
    const modelPasses: string[] = [];
    let steps = 0;
    let unresolved = 0;
    for (const [name, family] of Object.entries(families)) {
      const schemas = new Map(family.versions.map((v, i) => [v, JSON.parse(readFileSync(resolve(CORPUS, family.files[i]!), 'utf8')) as unknown]));
      for (const step of family.steps) {
        steps++;
        const results: CompareResult[] = [];
        try {
          results.push(compareSchemas(schemas.get(step.from), schemas.get(step.to), { level: 'BACKWARD', policy: 'STRICT' }));
          results.push(compareSchemas(schemas.get(step.from), schemas.get(step.to), { level: 'BACKWARD', policy: 'LENIENT' }));
          results.push(compareSchemas(schemas.get(step.from), schemas.get(step.to), { level: 'FULL', policy: 'LENIENT' }));
        } catch (error) {
          // Iglu schemas may point at other Iglu schemas by remote URI: a typed error, never a crash.
          expect(error).toBeInstanceOf(UnresolvedRefError);
          unresolved++;
          continue;
        }
        results.forEach((r, i) => {
          const key = `${step.bump} ${columns[i]} ${r.compatible ? 'compatible' : 'incompatible'}`;
          table.set(key, (table.get(key) ?? 0) + 1);
        });
        if (step.bump === 'ADDITION' && !results[0]!.compatible) {
          for (const k of new Set(results[0]!.changes.filter((c) => !c.compatible).map((c) => c.type))) additionBreaks.set(k, (additionBreaks.get(k) ?? 0) + 1);
        }
        if (step.bump === 'MODEL' && results[0]!.compatible) modelPasses.push(`${name} ${step.from}→${step.to}`);
      }
    }
    const lines = [`iglu: ${Object.keys(families).length} families, ${steps} steps compared (${unresolved} with unresolvable remote $ref)`];
    lines.push(`${'Iglu label'.padEnd(10)} ${columns.map((c) => c.padEnd(22)).join(' ')}`);
    for (const bump of ['ADDITION', 'REVISION', 'MODEL'] as const) {
      const cells = columns.map((col) =>
        `${table.get(`${bump} ${col} compatible`) ?? 0} ok / ${table.get(`${bump} ${col} incompatible`) ?? 0} break`.padEnd(22),
      );
      lines.push(`${bump.padEnd(10)} ${cells.join(' ')}`);
    }
    lines.push(
      `ADDITION steps judged incompatible (BACKWARD/STRICT), by change kind: ${
        [...additionBreaks]
          .sort((a, b) => b[1] - a[1])
          .map(([k, n]) => `${k}×${n}`)
          .join(', ') || 'none'
      }`,
    );
    lines.push(
      `MODEL steps judged compatible (BACKWARD/STRICT): ${modelPasses.length}${modelPasses.length ? ` (e.g. ${modelPasses.slice(0, 3).join('; ')})` : ''}`,
    );
    console.log(lines.join('\n'));
    expect(steps).toBeGreaterThan(100);
  });
});
