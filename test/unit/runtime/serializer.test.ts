import { describe, expect, it } from 'vitest';
import { serializerModuleSource } from '../../../runtime/src/codegen.js';
import { jsonAny, jsonNumber, jsonString } from '../../../runtime/src/index.js';

/** Loads the generated module text the way a bundler would, with the runtime helpers bound. */
function load(schema: unknown): (data: unknown) => string {
  const source = serializerModuleSource(schema);
  const body = source.replace(/^import .*$/m, '').replace(/^export function serialize/m, 'function serialize');
  return new Function('$s', '$n', '$a', `${body}\nreturn serialize;`)(jsonString, jsonNumber, jsonAny) as (d: unknown) => string;
}

const order = {
  type: 'object',
  required: ['id', 'items'],
  properties: {
    id: { type: 'string' },
    note: { type: 'string' },
    total: { type: 'number' },
    paid: { type: 'boolean' },
    gone: { type: 'null' },
    items: { type: 'array', items: { type: 'object', required: ['sku'], properties: { sku: { type: 'string' }, qty: { type: 'integer' } } } },
    meta: { type: 'object', properties: { a: { type: 'string' } } },
    tags: { type: 'object', additionalProperties: { type: 'string' } },
    choice: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
    status: { enum: ['a', 'b'] },
    level: { enum: [1, 2.5] },
    kind: { const: 'k"q' },
    mixed: { enum: ['a', 1, null] },
    pair: { type: ['string', 'null'] },
  },
};

describe('serializerModuleSource', () => {
  const serialize = load(order);
  it.each([
    { name: 'required only', given: { id: 'x', items: [] } },
    {
      name: 'all fields',
      given: {
        id: 'x',
        note: 'n',
        total: 1.5,
        paid: false,
        gone: null,
        items: [{ sku: 's', qty: 2 }],
        meta: { a: 'b' },
        tags: { k: 'v' },
        choice: 3,
        status: 'a',
        pair: null,
        level: 2.5,
        kind: 'k"q',
        mixed: null,
      },
    },
    { name: 'empty optional object', given: { id: 'x', items: [{ sku: 's' }], meta: {} } },
    { name: 'escapes', given: { id: 'q"uo\\te\n\u0000\u2028 😀 \ud800', items: [], note: 'é' } },
    { name: 'numbers', given: { id: 'x', items: [{ sku: 's', qty: -0 }], total: 1e21 } },
    { name: 'long string', given: { id: 'x'.repeat(10_000), items: [] } },
  ])('writes the same JSON value as JSON.stringify: $name', ({ given }) => {
    const text = serialize(given);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(given)));
  });

  it('writes only declared properties (producers emit only declared fields)', () => {
    expect(JSON.parse(serialize({ id: 'x', items: [{ sku: 's', secret: 1 }], password: 'p', meta: { a: 'b', z: 1 } }))).toEqual({
      id: 'x',
      items: [{ sku: 's' }],
      meta: { a: 'b' },
    });
  });

  it('writes declaration order, required first', () => {
    expect(serialize({ items: [], note: 'n', id: 'x' })).toBe('{"id":"x","items":[],"note":"n"}');
  });

  it.each([
    { name: 'no type', schema: {} },
    { name: 'a $ref', schema: { $ref: '#/$defs/x' } },
    { name: 'allOf', schema: { type: 'object', allOf: [{ properties: { a: { type: 'string' } } }] } },
    { name: 'array without items schema', schema: { type: 'array' } },
  ])('falls back to JSON.stringify for $name', ({ schema }) => {
    const value = { a: 'x', b: [1, { c: null }] };
    expect(load(schema)(value)).toBe(JSON.stringify(value));
  });

  it('follows local $refs (shared, recursive) and still writes only declared properties', () => {
    const schema = {
      $defs: {
        money: { type: 'object', required: ['amount'], properties: { amount: { type: 'number' }, currency: { type: 'string' } } },
        node: { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/node' } } } },
      },
      type: 'object',
      properties: {
        price: { $ref: '#/$defs/money' },
        tax: { $ref: '#/$defs/money', description: 'annotations beside $ref are fine' },
        tree: { $ref: '#/$defs/node' },
        remote: { $ref: 'other.json#/x' },
      },
    };
    const source = serializerModuleSource(schema);
    expect(source.match(/^function o/gm)).toHaveLength(3); // root, money (shared), node (recursive)
    const value = {
      price: { amount: 1, currency: 'EUR', extra: 1 },
      tax: { amount: 0.2 },
      tree: { name: 'a', children: [{ name: 'b', children: [], x: 1 }] },
      remote: { anything: [1] },
    };
    expect(JSON.parse(load(schema)(value))).toEqual({
      price: { amount: 1, currency: 'EUR' },
      tax: { amount: 0.2 },
      tree: { name: 'a', children: [{ name: 'b', children: [] }] },
      remote: { anything: [1] },
    });
  });

  it('is robust to values that would not pass validation', () => {
    expect(JSON.parse(serialize({ id: 1, items: 'no', total: Number.NaN, paid: 'yes' }))).toEqual({ id: 1, items: 'no', total: null, paid: 'yes' });
  });

  describe('hostile property names', () => {
    const names = [
      'a"b',
      'c\\d',
      '*/ evil() /*',
      '`${process.exit(1)}`',
      'line\nbreak',
      'ls\u2028ps\u2029',
      '\u0000',
      '😀',
      "'); process.exit(1); ('",
      'constructor2',
    ];
    const schema = { type: 'object', properties: Object.fromEntries(names.map((n) => [n, { type: 'string' }])) };
    it('compile, round-trip, and inject nothing', () => {
      const source = serializerModuleSource(schema);
      expect(source).not.toMatch(/^\s*process\.exit/m);
      const value = Object.fromEntries(names.map((n, i) => [n, `v${i}`]));
      expect(JSON.parse(load(schema)(value))).toEqual(value);
    });
    it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('%s makes its object fall back to JSON.stringify', (name) => {
      const s = { type: 'object', properties: { [name]: { type: 'string' }, x: { type: 'string' } } };
      const value = JSON.parse(`{${JSON.stringify(name)}:"p","x":"y"}`) as Record<string, unknown>;
      expect(load(s)(value)).toBe(JSON.stringify(value));
    });
  });

  it('refuses a non-identifier export name and imports from the given specifier', () => {
    expect(() => serializerModuleSource({}, { exportName: 'a-b' })).toThrow(/not a JavaScript identifier/);
    expect(serializerModuleSource({}, { runtimeSpecifier: '../rt.js', exportName: 'serializeX' })).toMatch(
      /from "\.\.\/rt\.js";[\s\S]*export function serializeX\(data\)/,
    );
  });
});

describe('json helpers', () => {
  it.each([
    ['plain', 'abc'],
    ['quote', 'a"b'],
    ['control', '\t'],
    ['lone surrogate', '\udc00'],
    ['not a string', 5],
  ])('jsonString %s', (_n, v) => {
    expect(jsonString(v)).toBe(JSON.stringify(v));
  });
  it.each([0, -0, 1.5, 1e21, -1e-7, Number.NaN, Number.POSITIVE_INFINITY])('jsonNumber %s', (v) => {
    expect(jsonNumber(v)).toBe(JSON.stringify(v));
  });
  it('jsonAny writes null for undefined', () => {
    expect(jsonAny(undefined)).toBe('null');
  });
});
