import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../generator/load/source.js';

const enc = (text: string) => new TextEncoder().encode(text);
const parse = (text: string) => parseSource('f.json', enc(text));

describe('parseSource', () => {
  it('maps JSON pointers to 1-based line and column (key position for members, nearest ancestor when missing)', () => {
    const { file, problems } = parse('{\n  "a": {\n    "b/c": [1, {"d~e": true}]\n  }\n}\n');
    expect(problems).toEqual([]);
    expect(file.locate('')).toEqual({ line: 1, column: 1 });
    expect(file.locate('/a')).toEqual({ line: 2, column: 3 });
    expect(file.locate('/a/b~1c')).toEqual({ line: 3, column: 5 });
    expect(file.locate('/a/b~1c/1')).toEqual({ line: 3, column: 16 });
    expect(file.locate('/a/b~1c/1/d~0e')).toEqual({ line: 3, column: 17 });
    expect(file.locate('/a/missing/deeper')).toEqual({ line: 2, column: 3 });
  });

  it.each([
    ['{"a": 1,}', 'JSON_TRAILING_COMMA', 1, 8],
    ['[1, 2,\n]', 'JSON_TRAILING_COMMA', 1, 6],
    ['{"a": 1', 'JSON_SYNTAX', 1, 8],
    ["{'a': 1}", 'JSON_SYNTAX', 1, 2],
    ['{"a": 1} x', 'JSON_SYNTAX', 1, 10],
    ['// c\n{}', 'JSON_SYNTAX', 1, 1],
    ['', 'JSON_SYNTAX', 1, 1],
    ['{"a": NaN}', 'JSON_SYNTAX', 1, 7],
  ])('%j is not JSON: %s at %i:%i and no value', (text, ruleId, line, column) => {
    const { file, problems } = parse(text);
    expect(problems.map((p) => p.ruleId)).toEqual([ruleId]);
    const p = problems[0];
    expect(p && file.position?.(p.offset)).toEqual({ line, column });
    expect(file.json).toBeUndefined();
  });

  it('reports each repeated key at its position; the last value wins as with JSON.parse', () => {
    const { file, problems } = parse('{"a": 1,\n "a": 2,\n "a": 3}');
    expect(problems.map((p) => [p.ruleId, p.pointer])).toEqual([
      ['JSON_DUPLICATE_KEY', '/a'],
      ['JSON_DUPLICATE_KEY', '/a'],
    ]);
    expect(file.json).toEqual({ a: 3 });
  });

  it('keeps __proto__ as data and never touches a prototype', () => {
    const { file } = parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}');
    const value = file.json as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports a BOM and still parses (columns unchanged)', () => {
    const { file, problems } = parse('\ufeff{"a": 1}');
    expect(problems.map((p) => p.ruleId)).toEqual(['JSON_BOM']);
    expect(file.json).toEqual({ a: 1 });
    expect(file.locate('/a')).toEqual({ line: 1, column: 3 });
  });

  it.each([
    ['9007199254740991', false],
    ['-9007199254740991', false],
    ['9007199254740993', true],
    ['1e400', true],
    ['-1e400', true],
    ['1e-400', true],
    ['0.1', false],
    ['123.456', false],
    ['0.1000000000000000055511151231257827', true],
    ['1.5e10', false],
    ['0', false],
    ['0.0', false],
    ['100000000000000000000', true],
  ])('number %s loses precision: %s', (literal, lossy) => {
    const { problems } = parse(`{"n": ${literal}}`);
    expect(problems.map((p) => p.ruleId)).toEqual(lossy ? ['JSON_NUMBER_PRECISION'] : []);
  });

  it('refuses nesting beyond the limit before parsing (no stack overflow on 100 000 levels)', () => {
    const { file, problems } = parse('['.repeat(100_000) + ']'.repeat(100_000));
    expect(problems.map((p) => p.ruleId)).toEqual(['JSON_TOO_DEEP']);
    expect(file.json).toBeUndefined();
    expect(parse('['.repeat(64) + ']'.repeat(64)).problems).toEqual([]);
  });

  it('reports bytes that are not UTF-8', () => {
    const { problems } = parseSource('f.json', new Uint8Array([0x7b, 0xff, 0x7d]));
    expect(problems.map((p) => p.ruleId)).toEqual(['JSON_ENCODING']);
  });
});
