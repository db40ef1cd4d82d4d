#!/usr/bin/env node
/**
 * Puts the Iglu Central corpus (../shared/corpora/iglu-central, read-only, never copied into the
 * project) into the contracts layout, in a folder of your choice:
 *
 *   node scripts/corpora/iglu-layout.mjs <corpus dir> <out dir>
 *
 * Each `schemas/<vendor>/<name>/jsonschema/<MODEL-REVISION-ADDITION>` becomes the contract
 * `schemas/<vendor>/<name>.r<REVISION>-a<ADDITION>.v<MODEL>.json` (names reduced to lower-case
 * letters, digits and dashes), with `$schema` set to draft-04 as the corpus README says to read
 * them (Iglu's meta-schema is draft-04 plus a `self` block). The out dir gets a contracts.config.json
 * whose rules turn off the authoring policy these schemas were never written for (examples,
 * partition keys, owners, stated content models): what is left is what the robustness suite judges.
 * Prints the number of schemas written. Exit 2 when the corpus is not there.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const IGLU_META = /"\$schema"\s*:\s*"http:\/\/iglucentral\.com\/schemas\/com\.snowplowanalytics\.self-desc\/schema\/jsonschema\/1-0-0#"/;

/** Policy rules for contracts written for this tool; Iglu schemas are judged on the rest. */
export const IGLU_RULES_OFF = [
  'EXAMPLE_MISSING',
  'PARTITION_KEY',
  'OWNER_MISSING',
  'CONTENT_MODEL_UNSTATED',
  'PATTERN_WITHOUT_MAX_LENGTH',
  'UNKNOWN_EXTENSION',
  'VERSION_GAP',
];

/** Lower-case letters, digits and dashes, starting with a letter (a layout segment). */
export const segment = (s) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, 'x')
    .replace(/-+$/, '');

/** Writes the layout; returns the repository-relative paths written, sorted. */
export function igluToLayout(corpus, out) {
  const schemas = join(corpus, 'schemas');
  const written = [];
  for (const vendor of readdirSync(schemas).sort()) {
    for (const name of readdirSync(join(schemas, vendor)).sort()) {
      const dir = join(schemas, vendor, name, 'jsonschema');
      if (!existsSync(dir)) continue;
      for (const version of readdirSync(dir).sort()) {
        const [model, revision, addition] = version.split('-');
        const text = readFileSync(join(dir, version), 'utf8').replace(IGLU_META, '"$schema": "http://json-schema.org/draft-04/schema#"');
        const rel = `schemas/${segment(vendor)}/${segment(name)}.r${revision}-a${addition}.v${model}.json`;
        mkdirSync(join(out, rel, '..'), { recursive: true });
        writeFileSync(join(out, rel), text);
        written.push(rel);
      }
    }
  }
  const config = {
    packageScope: '@iglu',
    defaultDraft: 'draft-04',
    compatibility: { level: 'BACKWARD', policy: 'LENIENT', overrides: {} },
    subjectNameStrategy: 'TopicRecordNameStrategy',
    topics: { pattern: '{domain}.{action}', partitions: 1, replicationFactor: 1 },
    rules: Object.fromEntries(IGLU_RULES_OFF.map((id) => [id, 'off'])),
  };
  writeFileSync(join(out, 'contracts.config.json'), `${JSON.stringify(config, null, 2)}\n`);
  return written.sort();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [corpus, out] = process.argv.slice(2);
  if (!corpus || !out) {
    process.stderr.write('usage: node scripts/corpora/iglu-layout.mjs <iglu-central dir> <out dir>\n');
    process.exit(2);
  }
  if (!existsSync(join(corpus, 'schemas'))) {
    process.stderr.write(`iglu-layout: ${corpus} has no schemas/ folder; is the corpus at ../shared/corpora/iglu-central?\n`);
    process.exit(2);
  }
  const written = igluToLayout(corpus, out);
  process.stdout.write(`iglu-layout: ${written.length} schemas written under ${out}/schemas\n`);
}
