import { describe, expect, it } from 'vitest';
import { canonicalSchemaText, contentKey, normalizeReferences } from '../../../generator/registry-server/canonical.js';
import { inlineReferences } from '../../../generator/registry-server/references.js';
import { jsonSchemaProblem, unresolvableRef } from '../../../generator/registry-server/schema-check.js';

describe('canonicalSchemaText', () => {
  it.each([
    { given: '{ "b": 1, "a": [ 1.0, 2e3 ] }', want: '{"b":1,"a":[1.0,2e3]}' },
    { given: '{"2": "x", "1": "y"}', want: '{"2":"x","1":"y"}' }, // integer-like keys keep their order (unlike JSON.parse)
    { given: '{"a": "\\u00e9\\n"}', want: '{"a":"é\\n"}' },
    { given: '{"a": 1, "a": 2}', want: '{"a":2}' },
    { given: 'true', want: 'true' },
  ])('$given → $want', ({ given, want }) => {
    expect(canonicalSchemaText(given)).toBe(want);
  });

  it('sorts keys at every depth when normalising', () => {
    expect(canonicalSchemaText('{"b": {"d": 1, "c": 2}, "a": 0}', { normalize: true })).toBe('{"a":0,"b":{"c":2,"d":1}}');
  });

  it.each(['{"a": 1,}', '{"a": 1} // c', '', '{"a" 1}'])('rejects non-strict JSON %j', (text) => {
    expect(() => canonicalSchemaText(text)).toThrow(/not valid JSON/);
  });

  it('content keys differ with references and normalised references are sorted and unique', () => {
    const a = { name: 'a.json', subject: 'a', version: 1 };
    const b = { name: 'b.json', subject: 'b', version: 1 };
    expect(contentKey('{}', [])).not.toBe(contentKey('{}', [a]));
    expect(normalizeReferences([b, a, b])).toEqual([a, b]);
  });
});

describe('jsonSchemaProblem', () => {
  it.each([
    { schema: { type: 'string' }, ok: true },
    { schema: true, ok: true },
    { schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', prefixItems: [{ type: 'string' }] }, ok: true },
    { schema: { $schema: 'http://json-schema.org/draft-04/schema#', exclusiveMinimum: true, minimum: 0 }, ok: true },
    { schema: { $schema: 'https://json-schema.org/draft-04/schema', type: 'string' }, ok: true },
    { schema: { $schema: 'http://json-schema.org/draft-04/schema#', type: 12, properties: 5 }, ok: false },
    { schema: { $schema: 'http://json-schema.org/draft-04/schema#', exclusiveMinimum: 3 }, ok: false },
    { schema: { $schema: 'http://example.com/x', properties: 5, items: 'zz', anyOf: 7 }, ok: false },
    { schema: { $schema: 'http://example.com/x', type: 'string' }, ok: false },
    { schema: { type: 'strin' }, ok: false },
    { schema: { required: 'a' }, ok: false },
    { schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', prefixItems: 'x' }, ok: false },
    { schema: 'string', ok: false },
    { schema: null, ok: false },
  ])('$schema → ok=$ok', ({ schema, ok }) => {
    expect(jsonSchemaProblem(schema) === undefined).toBe(ok);
  });
});

describe('unresolvableRef', () => {
  it.each([
    { schema: { $defs: { a: { type: 'string' } }, $ref: '#/$defs/a' }, problem: undefined },
    { schema: { definitions: { 'a/b': {} }, properties: { x: { $ref: '#/definitions/a~1b' } } }, problem: undefined },
    { schema: { $id: 'https://x.test/o.json', properties: { x: { $ref: 'o.json#/properties' } } }, problem: undefined },
    { schema: { $defs: { a: { $anchor: 'A' } }, $ref: '#A' }, problem: undefined },
    { schema: { $ref: 'https://evil.test/s.json' }, problem: /remote schemas are never fetched/ },
    { schema: { properties: { m: { $ref: 'money.json#/$defs/Money' } } }, problem: /list it in "references"/ },
    { schema: { $ref: '#/$defs/missing' }, problem: /points at nothing/ },
  ])('$schema', ({ schema, problem }) => {
    const found = unresolvableRef(schema);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });
});

describe('inlineReferences', () => {
  it('embeds each reference under $defs and rewrites the $refs that name it, re-basing inner pointers', () => {
    const money = {
      $id: 'https://x.test/money.json',
      $schema: 'http://json-schema.org/draft-07/schema#',
      definitions: { Money: { type: 'object', properties: { currency: { $ref: '#/definitions/Currency' } } }, Currency: { type: 'string' } },
    };
    const root = {
      $id: 'https://x.test/order.json',
      type: 'object',
      properties: {
        price: { $ref: 'money.json#/definitions/Money' },
        alsoPrice: { $ref: 'https://x.test/money.json#/definitions/Money' },
        local: { $ref: '#/properties/price' },
        other: { $ref: 'other.json' },
      },
    };
    const inlined = inlineReferences(root, new Map([['money.json', money]])) as any;
    expect(inlined.properties.price.$ref).toBe('#/$defs/money.json/definitions/Money');
    expect(inlined.properties.alsoPrice.$ref).toBe('#/$defs/money.json/definitions/Money');
    expect(inlined.properties.local.$ref).toBe('#/properties/price');
    expect(inlined.properties.other.$ref).toBe('other.json');
    expect(inlined.$defs['money.json'].definitions.Money.properties.currency.$ref).toBe('#/$defs/money.json/definitions/Currency');
    expect(inlined.$defs['money.json'].$id).toBeUndefined();
    expect(unresolvableRef({ ...inlined, properties: { ...inlined.properties, other: {} } })).toBeUndefined();
    expect(root.properties.price.$ref).toBe('money.json#/definitions/Money'); // input not mutated
  });

  it('embeds a schema named by many references once, aliases the other names, and shares what needs no rewrite', () => {
    const big = { type: 'object', properties: { a: { type: 'string' }, nested: { type: 'object', properties: { deep: { type: 'integer' } } } } };
    const names = Array.from({ length: 50 }, (_, i) => `n${i}.json`);
    const root = { type: 'object', properties: Object.fromEntries(names.map((n, i) => [`f${i}`, { $ref: `${n}#/properties/a` }])) };
    const inlined = inlineReferences(root, new Map(names.map((n) => [n, big]))) as any;
    expect(inlined.$defs['n0.json']).toBe(big); // no $ref inside: the cached schema itself, not a copy
    for (const n of names.slice(1)) expect(inlined.$defs[n]).toEqual({ $ref: '#/$defs/n0.json' });
    for (let i = 0; i < names.length; i++) expect(inlined.properties[`f${i}`].$ref).toBe('#/$defs/n0.json/properties/a');
    expect(unresolvableRef(inlined)).toBeUndefined();
    // Logical size stays that of one copy, not fifty.
    expect(JSON.stringify(inlined).length).toBeLessThan(JSON.stringify(root).length + JSON.stringify(big).length + 50 * 60);
  });

  it('copies only the paths that lead to a rewritten $ref', () => {
    const money = {
      $defs: { Amount: { type: 'number' }, Big: { type: 'object', properties: { x: { type: 'string' } } } },
      properties: { amount: { $ref: '#/$defs/Amount' } },
    };
    const inlined = inlineReferences({ $ref: 'money.json' }, new Map([['money.json', money]])) as any;
    expect(inlined.$defs['money.json'].properties.amount.$ref).toBe('#/$defs/money.json/$defs/Amount');
    expect(inlined.$defs['money.json'].$defs).toBe(money.$defs); // untouched subtree shared
    expect(money.properties.amount.$ref).toBe('#/$defs/Amount'); // input not mutated
  });

  it('keeps "__proto__" an ordinary key when rewriting', () => {
    const schema = JSON.parse('{"properties":{"__proto__":{"$ref":"m.json"}}}');
    const inlined = inlineReferences(schema, new Map([['m.json', { type: 'string' }]])) as any;
    expect(Object.getPrototypeOf(inlined.properties)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(inlined.properties, '__proto__')?.value).toEqual({ $ref: '#/$defs/m.json' });
  });

  it('escapes reference names that contain a slash', () => {
    const inlined = inlineReferences({ $ref: 'shared/money.json' }, new Map([['shared/money.json', { type: 'number' }]])) as any;
    expect(inlined.$ref).toBe('#/$defs/shared~1money.json');
    expect(inlined.$defs['shared/money.json']).toEqual({ type: 'number' });
  });
});
