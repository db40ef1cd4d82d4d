/**
 * Confluent's own JSON Schema diff vectors, run through compareSchemas at BACKWARD.
 * Reads ../shared/conformance/confluent-json-schema-diff/ (never copied into the repo, see its NOTICE).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareSchemas, diffSchemas, isCompatibleChange } from '../../../generator/compat/index.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const VECTORS_DIR = resolve(repoRoot, '../shared/conformance/confluent-json-schema-diff');
const FILES = ['diff-schema-examples.json', 'diff-combined-schema-examples.json'];

interface Vector {
  description: string;
  original_schema: unknown;
  update_schema: unknown;
  changes: string[];
  compatible: boolean;
  compatible_lenient?: boolean;
}

/**
 * Vectors on which we knowingly disagree, by description, with the reason. Empty: we agree with all of them.
 * A divergence not listed here fails the test.
 */
const KNOWN_DIVERGENCES: Record<string, string> = {};

const present = existsSync(VECTORS_DIR);
if (!present) {
  console.log(`conformance: ${VECTORS_DIR} is absent; the Confluent vectors were NOT run (skipped).`);
}

const sortedMultiset = (xs: readonly string[]) => [...xs].sort();

describe.skipIf(!present)('Confluent JSON Schema diff vectors', () => {
  const vectors: Array<Vector & { file: string; index: number }> = present
    ? FILES.flatMap((file) => (JSON.parse(readFileSync(resolve(VECTORS_DIR, file), 'utf8')) as Vector[]).map((v, index) => ({ ...v, file, index })))
    : [];

  it('agrees with every vector on the change set, the STRICT verdict and the LENIENT verdict', () => {
    let changeSets = 0;
    let strict = 0;
    let lenient = 0;
    let harnessLenient = 0;
    const divergences: string[] = [];
    for (const v of vectors) {
      const wantLenient = v.compatible_lenient ?? v.compatible;
      const s = compareSchemas(v.original_schema, v.update_schema, { level: 'BACKWARD', policy: 'STRICT' });
      const l = compareSchemas(v.original_schema, v.update_schema, { level: 'BACKWARD', policy: 'LENIENT' });
      // Confluent's harness quirk: the lenient verdict filters the STRICT diff list with the LENIENT set.
      const quirk = diffSchemas(v.original_schema, v.update_schema, 'STRICT').differences.every((d) => isCompatibleChange(d.type, 'LENIENT'));
      const got = sortedMultiset(s.changes.map((c) => `${c.type} ${c.path}`));
      const okChanges = JSON.stringify(got) === JSON.stringify(sortedMultiset(v.changes));
      const okStrict = s.compatible === v.compatible;
      const okLenient = l.compatible === wantLenient;
      changeSets += okChanges ? 1 : 0;
      strict += okStrict ? 1 : 0;
      lenient += okLenient ? 1 : 0;
      harnessLenient += quirk === wantLenient ? 1 : 0;
      if (!(okChanges && okStrict && okLenient && quirk === wantLenient)) {
        const line = `${v.file}#${v.index} "${v.description}": got ${JSON.stringify(got)} strict=${s.compatible} lenient=${l.compatible} harness-lenient=${quirk}; want ${JSON.stringify(sortedMultiset(v.changes))} strict=${v.compatible} lenient=${wantLenient}`;
        if (!(v.description in KNOWN_DIVERGENCES)) divergences.push(line);
        else console.log(`known divergence: ${line} — ${KNOWN_DIVERGENCES[v.description]}`);
      }
    }
    const n = vectors.length;
    console.log(
      `conformance: ${changeSets}/${n} change sets, ${strict}/${n} strict, ${lenient}/${n} lenient (${harnessLenient}/${n} with Confluent's harness rule)`,
    );
    expect(n).toBe(132);
    expect(divergences).toEqual([]);
  });
});
