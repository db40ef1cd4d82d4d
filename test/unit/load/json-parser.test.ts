import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseJson } from '../../../generator/load/json-parser.js';
import { parseSource } from '../../../generator/load/source.js';

/** Differential tests: the loader's parser accepts exactly what JSON.parse accepts, and reads the same values. */
const accepts = (text: string) => parseJson(text, 64).problem === undefined;
const nativeAccepts = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

const CASES = [
  '{}',
  '[]',
  '0',
  '-0',
  '1',
  '-1',
  '1.5',
  '1e5',
  '1E+5',
  '1e-5',
  '0.0e-0',
  '123456789',
  '"x"',
  'true',
  'false',
  'null',
  '"\\u00e9\\n\\t\\"\\\\\\/\\b\\f\\r"',
  '"\\ud83d\\ude00"',
  '"😀"',
  '" "',
  ' \t\n\r{ } ',
  '{"a":[1,{"b":null}]}',
  '{"":""}',
  '01',
  '-',
  '+1',
  '.5',
  '1.',
  '1e',
  '1e+',
  '0x1',
  'NaN',
  'Infinity',
  '-Infinity',
  'tru',
  'nul',
  'True',
  'undefined',
  "'a'",
  '"a',
  '"\\x"',
  '"\\u12"',
  '"\\u12G4"',
  '"a\tb"',
  '"a\nb"',
  '{"a" 1}',
  '{"a":}',
  '{a:1}',
  '{"a":1,}',
  '[1,]',
  '[1 2]',
  '[,1]',
  '{,}',
  '[1]]',
  '{"a":1}}',
  '',
  ' ',
  '// c\n1',
  '/* c */1',
  '1 // c',
  '\u00a01',
  '1\u00a0',
  '[1,\n]',
  '{"a":1 "b":2}',
  '[-]',
  '[1-2]',
  '[00]',
  '[1.0e]',
  '"\\u0000"',
  '"\u0001"',
  '[true false]',
  '{"a":nulll}',
];

describe('parseJson', () => {
  it.each(CASES)('%j: accepted exactly when JSON.parse accepts it', (text) => {
    expect(accepts(text)).toBe(nativeAccepts(text));
  });

  it.each(CASES.filter(nativeAccepts))('%j: same value as JSON.parse', (text) => {
    const { file } = parseSource('f.json', new TextEncoder().encode(text));
    expect(file.json).toEqual(JSON.parse(text));
  });

  const corpus = fileURLToPath(new URL('../../../../shared/corpora/iglu-central/schemas/', import.meta.url));
  const roots = [fileURLToPath(new URL('../../../schemas/', import.meta.url)), fileURLToPath(new URL('../../fixtures/', import.meta.url))];
  if (existsSync(corpus)) roots.push(corpus);
  else console.log(`iglu-central corpus not found at ${corpus}: parser differential runs on the repository's files only`);

  it('reads every schema file of the repository, its fixtures and the iglu corpus as JSON.parse does', () => {
    let compared = 0;
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) {
          if (!/\/(avro|thrift|protobuf)$/.test(path)) walk(path);
          continue;
        }
        const bytes = readFileSync(path);
        const text = bytes.toString('utf8').replace(/^\ufeff/, '');
        const native = nativeAccepts(text);
        const { file, problems } = parseSource(name, bytes);
        const rejected = problems.filter((p) => p.ruleId === 'JSON_SYNTAX' || p.ruleId === 'JSON_TRAILING_COMMA').length > 0;
        expect(rejected, path).toBe(!native && !problems.some((p) => p.ruleId === 'JSON_ENCODING' || p.ruleId === 'JSON_TOO_DEEP'));
        if (native && file.json !== undefined) {
          expect(file.json, path).toEqual(JSON.parse(text));
          compared++;
        }
      }
    };
    for (const root of roots) walk(root);
    expect(compared).toBeGreaterThan(existsSync(corpus) ? 700 : 100);
  });
});
