/**
 * The validator speed-ups must not change a single result: the `date-time` fast path against
 * ajv-formats' full-mode reference (a table of edge cases plus seeded random mutations), and the
 * length guards in front of ajv's code-point count against strings with surrogate pairs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { afterAll, describe, expect, it } from 'vitest';
import { FUNCTION_FORMATS } from '../../../generator/generate/formats.js';
import { compileValidatorModules } from '../../../generator/generate/validators.js';

const reference = (fullFormats['date-time'] as { validate: (s: string) => boolean }).validate;
const dateTime = new Function(`return (${FUNCTION_FORMATS['date-time']!});`)() as (s: string) => boolean;

const CASES = [
  '2026-11-02T09:15:00Z',
  '2026-11-02T09:15:00.123Z',
  '2026-11-02t09:15:00z',
  '2026-11-02 09:15:00+01:00',
  '2026-11-02T09:15:00-23:59',
  '2026-11-02T09:15:00+24:00',
  '2026-11-02T09:15:00+01:60',
  '2026-11-02T09:15:00+0100',
  '2026-11-02T09:15:00+01',
  '2026-11-02T09:15:00',
  '2026-11-02T09:15:00.Z',
  '2026-11-02T24:00:00Z',
  '2026-11-02T23:60:00Z',
  '2026-11-02T23:59:60Z',
  '2016-12-31T23:59:60Z',
  '2016-12-31T22:59:60-01:00',
  '2024-02-29T00:00:00Z',
  '2023-02-29T00:00:00Z',
  '1900-02-29T00:00:00Z',
  '2000-02-29T00:00:00Z',
  '2026-04-31T00:00:00Z',
  '2026-00-10T00:00:00Z',
  '2026-13-10T00:00:00Z',
  '2026-01-00T00:00:00Z',
  '2026-11-02T09:15:00ZZ',
  '2026-11-02TT09:15:00Z',
  '2026-11-02\u00a009:15:00Z',
  '２026-11-02T09:15:00Z',
  '2026-11-02T09:15:00.123456789012345678901234567890Z',
  '',
  'T',
  '2026-11-02',
];

describe('date-time fast path: the same answers as ajv-formats full mode', () => {
  it.each(CASES)('%j', (s) => {
    expect(dateTime(s)).toBe(reference(s));
  });

  it('agrees on 200,000 seeded random mutations of valid and invalid date-times', () => {
    let seed = 42;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const alphabet = '0123456789-:Tt zZ+.\u00a0x';
    let disagreements = 0;
    let valid = 0;
    for (let k = 0; k < 200_000; k++) {
      let s = CASES[rnd(CASES.length)]!;
      for (let e = rnd(4); e > 0; e--) {
        const p = rnd(s.length + 1);
        const ch = alphabet[rnd(alphabet.length)]!;
        const op = rnd(3);
        s = op === 0 ? s.slice(0, p) + ch + s.slice(p + 1) : op === 1 ? s.slice(0, p) + ch + s.slice(p) : s.slice(0, p) + s.slice(p + 1);
      }
      if (reference(s)) valid++;
      if (dateTime(s) !== reference(s)) disagreements++;
    }
    expect(disagreements).toBe(0);
    expect(valid).toBeGreaterThan(10_000); // the mutations reach both answers
  });
});

describe('minLength / maxLength guards count code points as before', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ec-validator-speed-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    // [string, valid for {minLength: 2, maxLength: 3}]
    ['a', false],
    ['ab', true],
    ['abc', true],
    ['abcd', false],
    ['😀', false], // 1 code point, 2 UTF-16 units
    ['😀😀', true], // 2 code points, 4 units: over maxLength in units, not in code points
    ['😀😀😀', true],
    ['😀😀😀😀', false],
    ['a😀', true],
    ['\ud800', false], // a lone surrogate counts as one
    ['\ud800\ud800', true],
  ])('%j → %s', async (value, expected) => {
    const compiled = compileValidatorModules([
      {
        eventType: 'x.y.v1',
        draft: '2020-12',
        dataName: 'X',
        definitions: new Map([['X', { type: 'object', properties: { s: { type: 'string', minLength: 2, maxLength: 3 } } }]]),
      },
    ]).get('x.y.v1') as unknown as string | { code?: string; file?: string };
    const code = typeof compiled === 'string' ? compiled : (compiled.code ?? compiled.file!);
    expect(code).toMatch(/\.length > 3 && /);
    const file = path.join(dir, `v-${Math.random().toString(36).slice(2)}.mjs`);
    writeFileSync(file, code);
    const { strict, tolerant } = (await import(pathToFileURL(file).href)) as Record<string, (v: unknown) => boolean>;
    expect(strict!({ s: value })).toBe(expected);
    expect(tolerant!({ s: value })).toBe(expected);
  });
});
