/**
 * Engine behaviour beyond single change kinds: levels (transitive over several revisions), 2019-09/2020-12
 * keywords, Confluent quirks, hostile input, purity. `$ref` resolution and recursion: references.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { changeFingerprint, checkAgainstRevisions, compareSchemas, isCompatibleChange } from '../../../generator/compat/index.js';
import type { CompatibilityLevel } from '../../../generator/core/compatibility.js';
import { changesOf, D2020, N, S } from '../../support/compat.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

describe('levels', () => {
  // v1 has `a: string`; v2 drops it (open object); v3 only edits a description; next re-adds `a` as a number.
  const v1 = { type: 'object', properties: { id: S(), a: S() } };
  const v2 = { type: 'object', properties: { id: S() } };
  const v3 = { type: 'object', properties: { id: S({ description: 'the id' }) } };
  const next = { type: 'object', properties: { id: S({ description: 'the id' }), a: N() } };
  const revisions = [v1, v2, v3];

  it.each<[CompatibilityLevel, boolean, number[]]>([
    ['NONE', true, []],
    ['BACKWARD', true, [2]],
    ['FORWARD', true, [2]],
    ['FULL', true, [2]],
    ['BACKWARD_TRANSITIVE', false, [2, 1, 0]],
    ['FORWARD_TRANSITIVE', false, [2, 1, 0]],
    ['FULL_TRANSITIVE', false, [2, 1, 0]],
  ])('%s over three revisions (LENIENT): compatible=%s, checks revisions %j newest first', (level, compatible, checked) => {
    const r = checkAgainstRevisions(revisions, next, { level, policy: 'LENIENT' });
    expect(r.compatible).toBe(compatible);
    expect(r.checked.map((c) => c.index)).toEqual(checked);
    if (!compatible)
      expect(
        r.checked
          .at(-1)!
          .result.changes.filter((c) => !c.compatible)
          .map((c) => `${c.type} ${c.path}`),
      ).toContain('TYPE_CHANGED #/properties/a');
  });

  it('STRICT rejects the optional field added to an open object, LENIENT accepts it', () => {
    expect(compareSchemas(v3, next, { policy: 'STRICT' }).compatible).toBe(false);
    expect(compareSchemas(v3, next, { policy: 'LENIENT' }).compatible).toBe(true);
  });

  it('stops at the first incompatible revision like Confluent, unless exhaustive', () => {
    const w1 = S({ maxLength: 5 });
    const w2 = S({ maxLength: 50 });
    const w3 = S({ maxLength: 60 });
    const w4 = S({ maxLength: 100 });
    const nxt = S({ maxLength: 40 });
    expect(checkAgainstRevisions([w1, w2, w3, w4], nxt, { level: 'BACKWARD_TRANSITIVE' }).checked.map((c) => c.index)).toEqual([3]);
    expect(
      checkAgainstRevisions([w1, w2, w3, w4], nxt, { level: 'BACKWARD_TRANSITIVE', exhaustive: true }).checked.map((c) => [c.index, c.result.compatible]),
    ).toEqual([
      [3, false],
      [2, false],
      [1, false],
      [0, true],
    ]);
    expect(checkAgainstRevisions([w1, w2, w3, w4], nxt, { level: 'FORWARD_TRANSITIVE' }).compatible).toBe(false); // 40 → 5 decreases
  });

  it('a transitive level with one previous revision is its plain level', () => {
    for (const [t, p] of [
      ['BACKWARD_TRANSITIVE', 'BACKWARD'],
      ['FORWARD_TRANSITIVE', 'FORWARD'],
      ['FULL_TRANSITIVE', 'FULL'],
    ] as const) {
      const a = compareSchemas(v1, next, { level: t, policy: 'LENIENT' });
      const b = compareSchemas(v1, next, { level: p, policy: 'LENIENT' });
      expect({ ...a, level: p }).toEqual(b);
    }
  });

  it('FULL concatenates the backward then the forward changes, each marked with its direction', () => {
    const r = compareSchemas(v1, v2, { level: 'FULL' });
    expect(r.changes.map((c) => `${c.direction} ${c.type} ${c.path}`)).toEqual([
      'backward PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL #/properties/a',
      'forward OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/a',
    ]);
    expect(r.compatible).toBe(false);
    expect(compareSchemas(v1, v2, { level: 'FULL', policy: 'LENIENT' }).compatible).toBe(true);
  });

  it('no previous revision: nothing to check', () => {
    expect(checkAgainstRevisions([], v1, { level: 'FULL_TRANSITIVE' })).toMatchObject({ compatible: true, checked: [] });
  });

  it('rejects an unknown level or policy with a ContractsError', () => {
    expect(() => compareSchemas({}, {}, { level: 'SIDEWAYS' as CompatibilityLevel })).toThrow(/Unknown compatibility level "SIDEWAYS"/);
    expect(() => compareSchemas({}, {}, { policy: 'LAX' as 'STRICT' })).toThrow(/Unknown compatibility policy "LAX"/);
  });
});

describe('2019-09 / 2020-12 keywords are judged like their draft-07 counterparts', () => {
  const d7 = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: {
      tuple: { type: 'array', items: [S(), N()], additionalItems: false },
      card: S(),
      billing: S(),
      ref: { $ref: '#/definitions/Money' },
    },
    dependencies: { card: ['billing'], billing: { required: ['card'] } },
    definitions: { Money: { type: 'object', properties: { amount: N() } } },
  };
  const d2020 = {
    $schema: D2020,
    type: 'object',
    properties: {
      tuple: { type: 'array', prefixItems: [S(), N()], items: false },
      card: S(),
      billing: S(),
      ref: { $ref: '#/$defs/Money' },
    },
    dependentRequired: { card: ['billing'] },
    dependentSchemas: { billing: { required: ['card'] } },
    $defs: { Money: { type: 'object', properties: { amount: N() } } },
  };

  it('a draft-07 schema and its 2020-12 spelling compare equal, both ways', () => {
    expect(changesOf(d7, d2020)).toEqual([]);
    expect(changesOf(d2020, d7)).toEqual([]);
  });

  it.each([
    ['prefixItems position changed', { tuple: { type: 'array', prefixItems: [S(), S()], items: false } }, ['TYPE_CHANGED #/properties/tuple/items/1']],
    [
      'prefixItems position removed from a closed tuple',
      { tuple: { type: 'array', prefixItems: [S()], items: false } },
      ['ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/tuple/items/1'],
    ],
    ['items (after prefixItems) opened', { tuple: { type: 'array', prefixItems: [S(), N()] } }, ['ADDITIONAL_ITEMS_ADDED #/properties/tuple/additionalItems']],
    ['$defs target changed', { $defsMoney: true }, ['TYPE_CHANGED #/properties/ref/properties/amount']],
  ])('%s', (_name, patch, want) => {
    const next = structuredClone(d2020) as Record<string, any>;
    if ('$defsMoney' in patch) next.$defs.Money.properties.amount = S();
    else Object.assign(next.properties, patch);
    expect(changesOf(d2020, next)).toEqual(want);
  });

  it('dependentRequired and dependentSchemas report under #/dependencies', () => {
    const next = { ...d2020, dependentRequired: { card: ['billing', 'ref'] }, dependentSchemas: {} };
    expect(changesOf(d2020, next)).toEqual(['DEPENDENCY_ARRAY_EXTENDED #/dependencies/card', 'DEPENDENCY_SCHEMA_REMOVED #/dependencies/billing'].sort());
  });

  it('unevaluatedProperties: false closes the object; a schema makes it partially open', () => {
    const closed = { $schema: D2020, type: 'object', properties: { a: S() }, unevaluatedProperties: false };
    const partial = { $schema: D2020, type: 'object', properties: {}, unevaluatedProperties: S() };
    expect(changesOf(closed, { ...closed, properties: {} })).toEqual(['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/a']);
    expect(changesOf(closed, partial)).toEqual(
      ['PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/a', 'UNEVALUATED_PROPERTIES_ADDED #/unevaluatedProperties'].sort(),
    );
  });

  it('draft-04 `id` and boolean exclusiveMaximum are read the draft-04 way', () => {
    const d4 = (x: object) => ({ $schema: 'http://json-schema.org/draft-04/schema#', ...x });
    expect(changesOf(d4({ id: 'a' }), d4({ id: 'b' }))).toEqual(['ID_CHANGED #/']);
    expect(changesOf(d4({ type: 'number', maximum: 5 }), d4({ type: 'number', maximum: 5, exclusiveMaximum: true }))).toEqual([]);
  });
});

describe('Confluent quirks reproduced', () => {
  it.each<[string, unknown, unknown, string[]]>([
    [
      '0.5 vs 0.50 is no change',
      JSON.parse('{"type":"number","multipleOf":0.5,"maximum":1.0}'),
      JSON.parse('{"type":"number","multipleOf":0.50,"maximum":1}'),
      [],
    ],
    ['multipleOf 0.5 → 10 is EXPANDED', N({ multipleOf: 0.5 }), N({ multipleOf: 10 }), ['MULTIPLE_OF_EXPANDED #/multipleOf']],
    ['{} → {"properties":{}} is a type change', {}, { properties: {} }, ['TYPE_CHANGED #/']],
    ['connect.type bytes on both sides: string → number is no change', S({ 'connect.type': 'bytes' }), N({ 'connect.type': 'bytes' }), []],
    ['format is not compared', S({ format: 'date-time' }), S({ format: 'email' }), []],
    [
      'exclusiveMaximum lowered below the old limit but not below the update maximum goes unreported',
      N({ exclusiveMaximum: 11, maximum: 20 }),
      N({ exclusiveMaximum: 10, maximum: 20 }),
      [],
    ],
    ['{"type":"string","enum":[…]} is a synthetic allOf', S({ enum: ['a'] }), S(), ['PRODUCT_TYPE_NARROWED #/']],
    ['a type array is an anyOf', { type: ['string'] }, { type: ['string', 'null'] }, ['SUM_TYPE_EXTENDED #/']],
    ['anything → true/{} is no change', { type: 'object', properties: { a: S() } }, true, []],
    ['false → anything is no change', false, S(), []],
    ['required on an undeclared property is not judged', { type: 'object' }, { type: 'object', required: ['x'] }, []],
  ])('%s', (_name, o, u, want) => {
    expect(changesOf(o, u)).toEqual([...want].sort());
  });

  it('LENIENT recomputes combined matching (registry); Confluent’s test harness filters the STRICT list instead', () => {
    const o = { oneOf: [{ type: 'object', properties: { a: S() } }, S()] };
    const u = { oneOf: [{ type: 'object', properties: { a: S(), b: S() } }, S()] };
    const strict = compareSchemas(o, u, { policy: 'STRICT' });
    expect(strict.changes.map((c) => `${c.type} ${c.path}`)).toEqual(['COMBINED_TYPE_SUBSCHEMAS_CHANGED #/']);
    const lenient = compareSchemas(o, u, { policy: 'LENIENT' });
    expect(lenient.changes.map((c) => `${c.type} ${c.path}`)).toEqual(['OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/oneOf/0/properties/b']);
    expect(lenient.compatible).toBe(true);
    expect(strict.changes.every((c) => isCompatibleChange(c.type, 'LENIENT'))).toBe(false); // the harness rule
  });

  it('combined branches: matched pairs report under the ORIGINAL index; identical branches report nothing', () => {
    const o = { anyOf: [S({ maxLength: 5 }), N(), { type: 'boolean' }] };
    const u = { anyOf: [{ type: 'boolean' }, N(), S({ maxLength: 9 })] };
    expect(changesOf(o, u)).toEqual(['MAX_LENGTH_INCREASED #/anyOf/0/maxLength']);
    const titled = { oneOf: [S({ title: 'a' }), S({ title: 'b' })] };
    expect(changesOf(titled, titled)).toEqual([]);
    expect(changesOf(titled, structuredClone(titled))).toEqual([]);
  });
});

describe('never throws on odd input', () => {
  const odd: unknown[] = [
    42,
    'x',
    null,
    undefined,
    [],
    [1, 2],
    {},
    true,
    false,
    { type: 'weird' },
    { properties: 5 },
    { required: 'a' },
    { enum: 'x' },
    { items: 3 },
    { allOf: {} },
    { type: ['string', 7] },
    { patternProperties: { '(': S() }, additionalProperties: false },
    { not: 3 },
    { dependencies: { a: 5 } },
    { multipleOf: 0 },
    { type: 'number', multipleOf: -1 },
  ];
  it.each(odd.map((v) => [JSON.stringify(v) ?? 'undefined', v]))('%s against every other odd value', (_name, value) => {
    for (const other of odd) {
      const r = compareSchemas(value, other, { level: 'FULL' });
      expect(typeof r.compatible).toBe('boolean');
    }
  });

  it('caps extreme nesting with a note and an incompatible verdict', () => {
    const deep = (leaf: string) => {
      let s: Record<string, unknown> = { type: leaf };
      for (let i = 0; i < 5000; i++) s = { type: 'object', properties: { n: s } };
      return s;
    };
    const r = compareSchemas(deep('integer'), deep('number'));
    expect(r.compatible).toBe(false);
    expect(r.notes?.[0]).toMatch(/nest deeper than \d+ levels at `#\/properties\/n\/properties\/n/);
    expect(compareSchemas(deep('string'), deep('string')).compatible).toBe(true); // identical: fast path, no cut
  });

  it('does not mutate its inputs', () => {
    const o = deepFreeze({ type: 'object', properties: { a: { $ref: '#/definitions/A' }, b: { anyOf: [S(), N()] } }, definitions: { A: S({ maxLength: 3 }) } });
    const u = deepFreeze({
      type: 'object',
      properties: { a: { $ref: '#/definitions/A' }, b: { anyOf: [N(), S(), { type: 'null' }] } },
      definitions: { A: S({ maxLength: 4 }) },
    });
    expect(compareSchemas(o, u, { level: 'FULL_TRANSITIVE', policy: 'LENIENT' }).changes.length).toBeGreaterThan(0);
  });
});

describe('messages and fingerprints', () => {
  it('messages state the fact, name the path, say who breaks and what would make it right', () => {
    const o = { type: 'object', properties: { amount: N() }, additionalProperties: false };
    const u = { type: 'object', properties: {}, additionalProperties: false };
    const [c] = compareSchemas(o, u, { eventType: 'order.placed.v1' }).changes;
    expect(c!.message).toBe(
      'Property `#/properties/amount` is in the previous revision but not in the next revision, whose object is closed; new consumers (on the next revision) reject events still in the topic that carry it. Keep it (mark it deprecated), or publish `order.placed.v2`.',
    );
    const [f] = compareSchemas(u, o, { level: 'FORWARD', eventType: 'order.placed.v1' }).changes;
    expect(f!.message).toContain('consumers on the previous revision reject events of the next revision that carry it');
  });

  it('fingerprints are stable, short, and differ by event type, kind, path and direction', () => {
    const change = { type: 'TYPE_CHANGED', path: '#/properties/a', direction: 'backward' as const };
    const fp = changeFingerprint('order.placed.v1', change);
    expect(fp).toMatch(/^[0-9a-f]{12}$/);
    expect(changeFingerprint('order.placed.v1', { ...change })).toBe(fp);
    const others = [
      changeFingerprint('order.placed.v2', change),
      changeFingerprint('order.placed.v1', { ...change, type: 'TYPE_NARROWED' }),
      changeFingerprint('order.placed.v1', { ...change, path: '#/properties/b' }),
      changeFingerprint('order.placed.v1', { ...change, direction: 'forward' }),
    ];
    expect(new Set([fp, ...others]).size).toBe(5);
  });
});
