import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { objectSchema, startTestRegistry, type TestRegistry } from './helpers.js';

const ORDER = objectSchema({ id: 'string', amount: 'number' }, { title: 'Order' });
const ORDER_TEXT = JSON.stringify(ORDER);
const json = (schema: unknown) => ({ schemaType: 'JSON', schema: JSON.stringify(schema) });

let registry: TestRegistry;
beforeEach(async () => {
  registry = await startTestRegistry();
});
afterEach(async () => {
  await registry.close();
});

type Step = [method: string, path: string, body?: unknown];

interface ErrorCase {
  name: string;
  given?: Step[];
  when: Step;
  status: number;
  errorCode: number;
  /** A fragment the message must contain. */
  message?: string;
}

const REGISTERED: Step[] = [['POST', '/subjects/orders-value/versions', json(ORDER)]];
const SOFT_DELETED: Step[] = [...REGISTERED, ['DELETE', '/subjects/orders-value']];

const ERROR_CASES: ErrorCase[] = [
  { name: 'unknown path', when: ['GET', '/nope'], status: 404, errorCode: 404 },
  { name: 'method not allowed', when: ['PATCH', '/subjects'], status: 405, errorCode: 405 },
  { name: 'body is not JSON', when: ['POST', '/subjects/s/versions', '{nope'], status: 400, errorCode: 400 },
  { name: 'schemaType omitted means AVRO', when: ['POST', '/subjects/s/versions', { schema: ORDER_TEXT }], status: 422, errorCode: 42201, message: 'schemaType": "JSON"' },
  { name: 'PROTOBUF is refused', when: ['POST', '/subjects/s/versions', { schemaType: 'PROTOBUF', schema: 'syntax = "proto3";' }], status: 422, errorCode: 42201, message: 'PROTOBUF is not supported' },
  { name: 'schema text is not JSON', when: ['POST', '/subjects/s/versions', { schemaType: 'JSON', schema: '{"type": ' }], status: 422, errorCode: 42201, message: 'not valid JSON' },
  { name: 'schema is not a JSON Schema', when: ['POST', '/subjects/s/versions', json({ type: 5 })], status: 422, errorCode: 42201, message: 'meta-schema' },
  // Issue 9 item 4: every supported draft is checked against its meta-schema; an unknown dialect is refused.
  { name: 'unknown $schema', when: ['POST', '/subjects/s/versions', json({ $schema: 'http://example.com/x', properties: 5, items: 'zz', anyOf: 7 })], status: 422, errorCode: 42201, message: 'names no supported JSON Schema draft' },
  { name: 'invalid draft-04 schema', when: ['POST', '/subjects/s/versions', json({ $schema: 'http://json-schema.org/draft-04/schema#', type: 12, properties: 5 })], status: 422, errorCode: 42201, message: 'draft-04/schema# meta-schema' },
  { name: 'invalid draft-06 schema', when: ['POST', '/subjects/s/versions', json({ $schema: 'http://json-schema.org/draft-06/schema#', required: 'a' })], status: 422, errorCode: 42201, message: 'meta-schema' },
  { name: 'invalid 2019-09 schema', when: ['POST', '/subjects/s/versions', json({ $schema: 'https://json-schema.org/draft/2019-09/schema', minItems: -1 })], status: 422, errorCode: 42201, message: 'meta-schema' },
  { name: 'invalid 2020-12 schema', when: ['POST', '/subjects/s/versions', json({ $schema: 'https://json-schema.org/draft/2020-12/schema', prefixItems: 'x' })], status: 422, errorCode: 42201, message: 'meta-schema' },
  { name: 'unknown $schema in a compatibility check', given: REGISTERED, when: ['POST', '/compatibility/subjects/orders-value/versions/latest', json({ $schema: 'urn:x', type: 'object' })], status: 422, errorCode: 42201, message: 'names no supported' },
  { name: 'schema nested too deeply', when: ['POST', '/subjects/s/versions', { schemaType: 'JSON', schema: '{"items":'.repeat(300) + '{}' + '}'.repeat(300) }], status: 422, errorCode: 42201, message: 'the limit is 200' },
  { name: 'schema is an array', when: ['POST', '/subjects/s/versions', json([1])], status: 422, errorCode: 42201, message: 'object or a boolean' },
  { name: 'empty schema', when: ['POST', '/subjects/s/versions', { schemaType: 'JSON', schema: '' }], status: 422, errorCode: 42201, message: 'Empty schema' },
  { name: 'malformed reference', when: ['POST', '/subjects/s/versions', { ...json(ORDER), references: [{ name: 'x' }] }], status: 422, errorCode: 42201, message: 'references[0]' },
  { name: 'reference to nothing', when: ['POST', '/subjects/s/versions', { ...json(ORDER), references: [{ name: 'm.json', subject: 'money', version: 1 }] }], status: 422, errorCode: 42201, message: 'not registered' },
  { name: 'subject with a control character', when: ['POST', '/subjects/a%01b/versions', json(ORDER)], status: 422, errorCode: 42208 },
  { name: 'version 0', given: REGISTERED, when: ['GET', '/subjects/orders-value/versions/0'], status: 422, errorCode: 42202, message: "'0' is not a valid version" },
  { name: 'version text', given: REGISTERED, when: ['GET', '/subjects/orders-value/versions/first'], status: 422, errorCode: 42202 },
  { name: 'version above 2^31-1', given: REGISTERED, when: ['GET', '/subjects/orders-value/versions/2147483648'], status: 422, errorCode: 42202 },
  { name: 'unknown subject', when: ['GET', '/subjects/nope/versions/1'], status: 404, errorCode: 40401, message: "Subject 'nope' not found." },
  { name: 'unknown version', given: REGISTERED, when: ['GET', '/subjects/orders-value/versions/7'], status: 404, errorCode: 40402, message: 'Version 7 not found.' },
  { name: 'soft-deleted version is hidden', given: SOFT_DELETED, when: ['GET', '/subjects/orders-value/versions/1'], status: 404, errorCode: 40401 },
  { name: 'unknown schema id', when: ['GET', '/schemas/ids/99'], status: 404, errorCode: 40403, message: 'Schema 99 not found' },
  { name: 'schema id text', when: ['GET', '/schemas/ids/abc'], status: 404, errorCode: 40403 },
  { name: 'lookup in unknown subject', when: ['POST', '/subjects/nope', json(ORDER)], status: 404, errorCode: 40401 },
  { name: 'lookup of an unregistered schema', given: REGISTERED, when: ['POST', '/subjects/orders-value', json({ type: 'string' })], status: 404, errorCode: 40403 },
  { name: 'lookup of an invalid schema', given: REGISTERED, when: ['POST', '/subjects/orders-value', { schemaType: 'JSON', schema: '[' }], status: 422, errorCode: 42201 },
  { name: 'delete unknown subject', when: ['DELETE', '/subjects/nope'], status: 404, errorCode: 40401 },
  { name: 'soft delete twice', given: SOFT_DELETED, when: ['DELETE', '/subjects/orders-value'], status: 404, errorCode: 40404, message: 'permanent=true' },
  { name: 'permanent delete without soft delete', given: REGISTERED, when: ['DELETE', '/subjects/orders-value?permanent=true'], status: 404, errorCode: 40405 },
  { name: 'soft delete a version twice', given: [...REGISTERED, ['DELETE', '/subjects/orders-value/versions/1']], when: ['DELETE', '/subjects/orders-value/versions/1'], status: 404, errorCode: 40406 },
  { name: 'permanent version delete without soft delete', given: REGISTERED, when: ['DELETE', '/subjects/orders-value/versions/1?permanent=true'], status: 404, errorCode: 40407 },
  { name: 'delete unknown version', given: REGISTERED, when: ['DELETE', '/subjects/orders-value/versions/3'], status: 404, errorCode: 40402 },
  { name: 'delete invalid version', given: REGISTERED, when: ['DELETE', '/subjects/orders-value/versions/-2'], status: 422, errorCode: 42202 },
  { name: 'subject config not set', when: ['GET', '/config/orders-value'], status: 404, errorCode: 40408, message: 'defaultToGlobal=true' },
  { name: 'invalid compatibility level', when: ['PUT', '/config', { compatibility: 'SIDEWAYS' }], status: 422, errorCode: 42203, message: 'FULL_TRANSITIVE' },
  { name: 'invalid compatibility policy', when: ['PUT', '/config/s', { compatibilityPolicy: 'LOOSE' }], status: 422, errorCode: 42203, message: 'LENIENT' },
  { name: 'config body without fields', when: ['PUT', '/config/s', {}], status: 422, errorCode: 42203 },
  { name: 'delete absent subject config', when: ['DELETE', '/config/s'], status: 404, errorCode: 40401 },
  { name: 'subject mode not set', when: ['GET', '/mode/s'], status: 404, errorCode: 40409 },
  { name: 'invalid mode', when: ['PUT', '/mode', { mode: 'SLEEPY' }], status: 422, errorCode: 42204, message: 'READWRITE' },
  { name: 'delete absent subject mode', when: ['DELETE', '/mode/s'], status: 404, errorCode: 40401 },
  { name: 'read-only registry refuses registration', given: [['PUT', '/mode', { mode: 'READONLY' }]], when: ['POST', '/subjects/s/versions', json(ORDER)], status: 422, errorCode: 42205, message: 'read-only' },
  { name: 'read-only subject refuses deletion', given: [...REGISTERED, ['PUT', '/mode/orders-value', { mode: 'READONLY' }]], when: ['DELETE', '/subjects/orders-value'], status: 422, errorCode: 42205 },
  { name: 'IMPORT on a non-empty registry', given: REGISTERED, when: ['PUT', '/mode', { mode: 'IMPORT' }], status: 422, errorCode: 42205, message: 'force=true' },
  { name: 'IMPORT overwriting an id', given: [['PUT', '/mode', { mode: 'IMPORT' }], ['POST', '/subjects/a/versions', { ...json(ORDER), id: 5 }]], when: ['POST', '/subjects/b/versions', { ...json({ type: 'string' }), id: 5 }], status: 422, errorCode: 42205, message: 'id 5' },
  { name: 'compatibility against an invalid version', given: REGISTERED, when: ['POST', '/compatibility/subjects/orders-value/versions/zero', json(ORDER)], status: 422, errorCode: 42202 },
  { name: 'compatibility against an unknown version', given: REGISTERED, when: ['POST', '/compatibility/subjects/orders-value/versions/4', json(ORDER)], status: 404, errorCode: 40402 },
  { name: 'compatibility of an invalid schema', given: REGISTERED, when: ['POST', '/compatibility/subjects/orders-value/versions/latest', { schemaType: 'JSON', schema: '{' }], status: 422, errorCode: 42201 },
  { name: 'content type text/plain', when: ['POST', '/subjects/s/versions', json(ORDER)], status: 415, errorCode: 415 },
];

describe('error codes and bodies', () => {
  it.each(ERROR_CASES)('$name → $status/$errorCode', async ({ name, given = [], when, status, errorCode, message }) => {
    for (const [method, path, body] of given) {
      const reply = await registry.call(method, path, body);
      expect(reply.status, `setup ${method} ${path}: ${reply.text}`).toBe(200);
    }
    const headers: Record<string, string> = name === 'content type text/plain' ? { 'Content-Type': 'text/plain' } : {};
    const reply = await registry.call(when[0], when[1], when[2], headers);
    expect(reply.status, reply.text).toBe(status);
    expect(reply.body.error_code).toBe(errorCode);
    expect(typeof reply.body.message).toBe('string');
    if (message) expect(reply.body.message).toContain(message);
    expect(reply.headers.get('content-type')).toBe('application/vnd.schemaregistry.v1+json');
  });
});

describe('service endpoints', () => {
  it('binds 127.0.0.1 by default', () => {
    expect(registry.host).toBe('127.0.0.1');
    expect(registry.url).toBe(`http://127.0.0.1:${registry.port}`);
    expect(registry.storage).toBe('in memory');
  });

  it('GET / and /schemas/types', async () => {
    expect((await registry.call('GET', '/')).body).toEqual({});
    expect((await registry.call('GET', '/schemas/types')).body).toEqual(['JSON']);
  });

  it.each(['application/vnd.schemaregistry.v1+json', 'application/vnd.schemaregistry+json', 'application/json', 'application/octet-stream'])(
    'accepts request content type %s',
    async (contentType) => {
      const reply = await registry.call('POST', '/subjects/s/versions', json(ORDER), { 'Content-Type': contentType });
      expect(reply.body).toMatchObject({ id: 1, version: 1 });
    },
  );
});

describe('registration', () => {
  it('assigns ids by content, versions per subject, and is idempotent', async () => {
    const first = await registry.register('orders-value', ORDER);
    expect(first.body).toMatchObject({ id: 1, version: 1, schemaType: 'JSON', schema: ORDER_TEXT });
    const again = await registry.register('orders-value', ORDER);
    expect(again.body).toMatchObject({ id: 1, version: 1 });
    // Same content with other whitespace: same canonical text, same id and version.
    const pretty = await registry.call('POST', '/subjects/orders-value/versions', { schemaType: 'JSON', schema: JSON.stringify(ORDER, null, 2) });
    expect(pretty.body).toMatchObject({ id: 1, version: 1 });
    // Same content under another subject: same id, that subject's version 1.
    const other = await registry.register('audit-value', ORDER);
    expect(other.body).toMatchObject({ id: 1, version: 1 });
    const second = await registry.register('orders-value', { ...ORDER, description: 'v2' });
    expect(second.body).toMatchObject({ id: 2, version: 2 });
    expect((await registry.call('GET', '/subjects/orders-value/versions')).body).toEqual([1, 2]);
    expect((await registry.call('GET', '/subjects')).body).toEqual(['audit-value', 'orders-value']);
  });

  it('keeps key order in the canonical form unless normalize=true', async () => {
    const ab = { type: 'object', title: 'T' };
    const ba = { title: 'T', type: 'object' };
    const plain = [(await registry.register('plain', ab)).body.id, (await registry.register('plain', ba, {}, '')).body.id];
    expect(plain[0]).not.toBe(plain[1]);
    const normalized = [(await registry.register('norm', ab, {}, '?normalize=true')).body, (await registry.register('norm', ba, {}, '?normalize=true')).body];
    expect(normalized[1]).toEqual(normalized[0]);
    expect(normalized[0].schema).toBe('{"title":"T","type":"object"}');
    // normalize=true also finds a version that was registered with another key order.
    expect((await registry.call('POST', '/subjects/plain?normalize=true', json(ba))).body.version).toBe(2);
    expect((await registry.register('plain', { title: 'T', type: 'object' }, {}, '?normalize=true')).body).toMatchObject({ version: 2 });
    expect((await registry.call('POST', '/subjects/plain', json({ type: 'object', title: 'T' }))).body.version).toBe(1);
  });

  it('keeps number spelling and key order in the stored text', async () => {
    const text = '{ "type": "number", "maximum": 1.50, "$comment": "\\u00e9" }';
    const reply = await registry.call('POST', '/subjects/n/versions', { schemaType: 'JSON', schema: text });
    expect(reply.body.schema).toBe('{"type":"number","maximum":1.50,"$comment":"é"}');
    expect((await registry.call('GET', `/schemas/ids/${reply.body.id}/schema`)).text).toBe(reply.body.schema);
  });

  it('numbers new versions after soft-deleted ones and reuses the id of re-registered content', async () => {
    await registry.register('s', ORDER);
    const v2 = (await registry.register('s', { ...ORDER, description: 'two' })).body;
    expect((await registry.call('DELETE', '/subjects/s/versions/2')).body).toBe(2);
    const v3 = (await registry.register('s', { ...ORDER, description: 'three' })).body;
    expect(v3.version).toBe(3);
    const back = (await registry.register('s', { ...ORDER, description: 'two' })).body;
    expect(back).toMatchObject({ id: v2.id, version: 4 });
    // The soft-deleted version carrying the same id was tombstoned.
    expect((await registry.call('GET', '/subjects/s/versions?deleted=true')).body).toEqual([1, 3, 4]);
  });

  it('rejects an incompatible schema with 409/40901 and says why', async () => {
    await registry.register('s', objectSchema({ amount: 'number' }));
    const reply = await registry.register('s', objectSchema({ amount: 'string' }));
    expect(reply.status).toBe(409);
    expect(reply.body.error_code).toBe(40901);
    expect(reply.body.message).toContain('Schema being registered is incompatible with an earlier schema for subject "s"');
    expect(reply.body.message).toContain("jsonPath='#/properties/amount'");
    expect(reply.body.message).toContain('{oldSchemaVersion: 1}');
    // force=true skips the check.
    expect((await registry.register('s', objectSchema({ amount: 'string' }), {}, '?force=true')).body.version).toBe(2);
  });

  it('checks every live version at a transitive level, only the latest otherwise', async () => {
    const v1 = objectSchema({ a: 'string' });
    const v2 = objectSchema({});
    const v3 = objectSchema({ a: 'integer' });
    await registry.call('PUT', '/config/t', { compatibility: 'BACKWARD_TRANSITIVE', compatibilityPolicy: 'LENIENT' });
    await registry.call('PUT', '/config/n', { compatibility: 'BACKWARD', compatibilityPolicy: 'LENIENT' });
    for (const subject of ['t', 'n']) {
      expect((await registry.register(subject, v1)).status).toBe(200);
      expect((await registry.register(subject, v2)).status).toBe(200);
    }
    const transitive = await registry.register('t', v3);
    expect(transitive.status, transitive.text).toBe(409);
    expect(transitive.body.message).toContain('{oldSchemaVersion: 1}');
    expect((await registry.register('n', v3)).status).toBe(200);
    // A soft-deleted version is no longer checked against.
    await registry.call('DELETE', '/subjects/t/versions/1');
    expect((await registry.register('t', v3)).status).toBe(200);
  });

  it('rejects a body over the size limit with 413/42209', async () => {
    const small = await startTestRegistry({ maxBodyBytes: 200 });
    try {
      const reply = await small.register('s', { description: 'x'.repeat(500) });
      expect(reply.status).toBe(413);
      expect(reply.body.error_code).toBe(42209);
      expect((await small.call('GET', '/subjects')).body).toEqual([]);
    } finally {
      await small.close();
    }
  });
});

describe('reading schemas', () => {
  it('serves a version, latest, its raw schema, and the schema by id', async () => {
    await registry.register('s', ORDER);
    const v2 = { ...ORDER, description: 'second' };
    await registry.register('s', v2);
    expect((await registry.call('GET', '/subjects/s/versions/latest')).body).toEqual({
      subject: 's',
      version: 2,
      id: 2,
      schemaType: 'JSON',
      schema: JSON.stringify(v2),
    });
    expect((await registry.call('GET', '/subjects/s/versions/1/schema')).body).toEqual(ORDER);
    expect((await registry.call('GET', '/schemas/ids/1')).body).toEqual({ schemaType: 'JSON', schema: ORDER_TEXT });
    expect((await registry.call('GET', '/schemas/ids/1/schema')).text).toBe(ORDER_TEXT);
  });

  it('lists the subjects and versions of an id, with and without deleted ones', async () => {
    await registry.register('a', ORDER);
    await registry.register('b', ORDER);
    await registry.call('DELETE', '/subjects/b');
    expect((await registry.call('GET', '/schemas/ids/1/versions')).body).toEqual([{ subject: 'a', version: 1 }]);
    expect((await registry.call('GET', '/schemas/ids/1/versions?deleted=true')).body).toEqual([
      { subject: 'a', version: 1 },
      { subject: 'b', version: 1 },
    ]);
    expect((await registry.call('GET', '/schemas/ids/1/subjects')).body).toEqual(['a']);
    expect((await registry.call('GET', '/subjects')).body).toEqual(['a']);
    expect((await registry.call('GET', '/subjects?deleted=true')).body).toEqual(['a', 'b']);
    expect((await registry.call('GET', '/subjects?deletedOnly=true')).body).toEqual(['b']);
    expect((await registry.call('GET', '/subjects/b/versions/1?deleted=true')).body).toMatchObject({ version: 1, deleted: true });
    expect((await registry.call('GET', '/subjects/b/versions?deleted=true&deletedAsNegative=true')).body).toEqual([-1]);
  });

  it('looks a schema up under a subject (POST /subjects/{s})', async () => {
    await registry.register('s', ORDER);
    const reply = await registry.call('POST', '/subjects/s', { schemaType: 'JSON', schema: JSON.stringify(ORDER, null, 4) });
    expect(reply.body).toEqual({ subject: 's', version: 1, id: 1, schemaType: 'JSON', schema: ORDER_TEXT });
  });

  it('keeps subjects with an encoded slash apart', async () => {
    await registry.register('a/b', ORDER);
    expect((await registry.call('GET', '/subjects')).body).toEqual(['a/b']);
    expect((await registry.call('GET', '/subjects/a%2Fb/versions/1')).body.subject).toBe('a/b');
  });
});

describe('references', () => {
  const MONEY = { $id: 'money.json', $defs: { Money: { type: 'object', properties: { amount: { type: 'number' } } } } };
  const withMoney = (type: string) => ({
    type: 'object',
    properties: { price: { $ref: 'money.json#/$defs/Money' }, note: { type } },
  });
  const refs = [{ name: 'money.json', subject: 'money', version: 1 }];

  it('stores and serves references, and reports what refers to a version', async () => {
    await registry.register('money', MONEY);
    const order = await registry.register('orders', withMoney('string'), { references: refs });
    expect(order.status, order.text).toBe(200);
    expect((await registry.call('GET', `/schemas/ids/${order.body.id}`)).body.references).toEqual(refs);
    expect((await registry.call('GET', '/subjects/orders/versions/1')).body.references).toEqual(refs);
    expect((await registry.call('GET', '/subjects/money/versions/1/referencedby')).body).toEqual([order.body.id]);
    const del = await registry.call('DELETE', '/subjects/money/versions/1');
    expect(del.status).toBe(422);
    expect(del.body.error_code).toBe(42206);
    expect((await registry.call('DELETE', '/subjects/money')).body.error_code).toBe(42206);
  });

  it('judges compatibility through references (changes inside the referenced schema count)', async () => {
    await registry.register('money', MONEY);
    const moneyAsString = { $id: 'money.json', $defs: { Money: { type: 'object', properties: { amount: { type: 'string' } } } } };
    await registry.call('PUT', '/config/money', { compatibility: 'NONE' });
    await registry.register('money', moneyAsString);
    await registry.register('orders', withMoney('string'), { references: refs });
    const next = await registry.register('orders', withMoney('string'), { references: [{ ...refs[0], version: 2 }] });
    expect(next.status, next.text).toBe(409);
    expect(next.body.message).toContain('amount');
  });
});

describe('deletes', () => {
  it('soft then permanent delete of a subject removes it with its config and mode', async () => {
    await registry.register('s', ORDER);
    await registry.register('s', { ...ORDER, description: 'x' });
    await registry.call('PUT', '/config/s', { compatibility: 'FULL' });
    await registry.call('PUT', '/mode/s', { mode: 'READWRITE' });
    expect((await registry.call('DELETE', '/subjects/s')).body).toEqual([1, 2]);
    expect((await registry.call('GET', '/subjects/s/versions')).body.error_code).toBe(40401);
    expect((await registry.call('GET', '/schemas/ids/1')).status).toBe(200);
    expect((await registry.call('DELETE', '/subjects/s?permanent=true')).body).toEqual([1, 2]);
    expect((await registry.call('GET', '/subjects?deleted=true')).body).toEqual([]);
    expect((await registry.call('GET', '/schemas/ids/1')).body.error_code).toBe(40403);
    expect((await registry.call('GET', '/config/s')).body.error_code).toBe(40408);
    expect((await registry.call('GET', '/mode/s')).body.error_code).toBe(40409);
    // The same content keeps its id when it comes back.
    expect((await registry.register('s', ORDER)).body).toMatchObject({ id: 1, version: 1 });
  });

  it('deletes single versions, latest meaning the newest live one', async () => {
    await registry.register('s', ORDER);
    await registry.register('s', { ...ORDER, description: 'x' });
    expect((await registry.call('DELETE', '/subjects/s/versions/latest')).body).toBe(2);
    expect((await registry.call('DELETE', '/subjects/s/versions/latest')).body).toBe(1);
    expect((await registry.call('DELETE', '/subjects/s/versions/2?permanent=true')).body).toBe(2);
    expect((await registry.call('GET', '/subjects/s/versions?deleted=true')).body).toEqual([1]);
  });
});

describe('config', () => {
  it('answers compatibilityLevel, takes compatibility, and falls back subject → global → default', async () => {
    expect((await registry.call('GET', '/config')).body).toEqual({ compatibilityLevel: 'BACKWARD', compatibilityPolicy: 'STRICT' });
    expect((await registry.call('PUT', '/config', { compatibility: 'full' })).body).toEqual({ compatibility: 'FULL' });
    expect((await registry.call('GET', '/config')).body).toEqual({ compatibilityLevel: 'FULL', compatibilityPolicy: 'STRICT' });
    expect((await registry.call('GET', '/config/s?defaultToGlobal=true')).body).toEqual({ compatibilityLevel: 'FULL', compatibilityPolicy: 'STRICT' });
    expect((await registry.call('PUT', '/config/s', { compatibility: 'NONE', compatibilityPolicy: 'LENIENT' })).body).toEqual({ compatibility: 'NONE', compatibilityPolicy: 'LENIENT' });
    expect((await registry.call('PUT', '/config/s', { compatibilityPolicy: 'STRICT' })).status).toBe(200);
    expect((await registry.call('GET', '/config/s')).body).toEqual({ compatibilityLevel: 'NONE', compatibilityPolicy: 'STRICT' });
    expect((await registry.call('DELETE', '/config/s')).body).toEqual({ compatibilityLevel: 'NONE', compatibilityPolicy: 'STRICT' });
    expect((await registry.call('DELETE', '/config')).body).toEqual({ compatibilityLevel: 'FULL', compatibilityPolicy: 'STRICT' });
    expect((await registry.call('GET', '/config')).body.compatibilityLevel).toBe('BACKWARD');
  });

  it('uses the configured server defaults', async () => {
    const custom = await startTestRegistry({ defaults: { compatibilityLevel: 'FULL_TRANSITIVE', compatibilityPolicy: 'LENIENT' } });
    try {
      expect((await custom.call('GET', '/config')).body).toEqual({ compatibilityLevel: 'FULL_TRANSITIVE', compatibilityPolicy: 'LENIENT' });
    } finally {
      await custom.close();
    }
  });

  it('NONE lets any change through', async () => {
    await registry.call('PUT', '/config/s', { compatibility: 'NONE' });
    await registry.register('s', objectSchema({ a: 'string' }));
    expect((await registry.register('s', objectSchema({ a: 'integer' }))).status).toBe(200);
  });
});

describe('mode', () => {
  it('READONLY per subject blocks only that subject', async () => {
    expect((await registry.call('GET', '/mode')).body).toEqual({ mode: 'READWRITE' });
    expect((await registry.call('PUT', '/mode/locked', { mode: 'READONLY' })).body).toEqual({ mode: 'READONLY' });
    expect((await registry.register('locked', ORDER)).body.error_code).toBe(42205);
    expect((await registry.register('open', ORDER)).status).toBe(200);
    expect((await registry.call('GET', '/mode/locked')).body).toEqual({ mode: 'READONLY' });
    expect((await registry.call('GET', '/mode/open?defaultToGlobal=true')).body).toEqual({ mode: 'READWRITE' });
    expect((await registry.call('DELETE', '/mode/locked')).body).toEqual({ mode: 'READONLY' });
    expect((await registry.register('locked', ORDER)).status).toBe(200);
  });

  it('IMPORT honours the given id and version and skips compatibility', async () => {
    expect((await registry.call('PUT', '/mode', { mode: 'IMPORT' })).status).toBe(200);
    const imported = await registry.call('POST', '/subjects/s/versions', { ...json(objectSchema({ a: 'string' })), id: 42, version: 7 });
    expect(imported.body).toMatchObject({ id: 42, version: 7 });
    const incompatible = await registry.call('POST', '/subjects/s/versions', { ...json(objectSchema({ a: 'integer' })), id: 43, version: 8 });
    expect(incompatible.body).toMatchObject({ id: 43, version: 8 });
    expect((await registry.call('GET', '/schemas/ids/42')).status).toBe(200);
    await registry.call('PUT', '/mode', { mode: 'READWRITE' });
    // Ids continue after the highest imported one.
    expect((await registry.register('other', { type: 'string' })).body).toMatchObject({ id: 44, version: 1 });
    // Switching to IMPORT needs force once subjects exist.
    expect((await registry.call('PUT', '/mode/s?force=true', { mode: 'IMPORT' })).body).toEqual({ mode: 'IMPORT' });
  });
});

describe('compatibility endpoints', () => {
  it('latest on an empty subject is compatible', async () => {
    expect((await registry.call('POST', '/compatibility/subjects/none/versions/latest', json(ORDER))).body).toEqual({ is_compatible: true });
  });

  it('verbose=true explains an incompatibility, and an invalid schema', async () => {
    await registry.register('s', objectSchema({ a: 'string' }));
    const bad = await registry.call('POST', '/compatibility/subjects/s/versions/latest?verbose=true', json(objectSchema({ a: 'integer' })));
    expect(bad.body.is_compatible).toBe(false);
    expect(bad.body.messages.join('\n')).toContain("jsonPath='#/properties/a'");
    const quiet = await registry.call('POST', '/compatibility/subjects/s/versions/1', json(objectSchema({ a: 'integer' })));
    expect(quiet.body).toEqual({ is_compatible: false });
    const invalid = await registry.call('POST', '/compatibility/subjects/s/versions/1?verbose=true', { schemaType: 'JSON', schema: '{' });
    expect(invalid.body.is_compatible).toBe(false);
    expect(invalid.body.messages[0]).toContain('not valid JSON');
    const good = await registry.call('POST', '/compatibility/subjects/s/versions?verbose=true', json(objectSchema({ a: 'string' })));
    expect(good.body).toEqual({ is_compatible: true, messages: [] });
  });

  it('a named version is checked alone even at a transitive level; /versions checks all', async () => {
    await registry.call('PUT', '/config/s', { compatibility: 'BACKWARD_TRANSITIVE', compatibilityPolicy: 'LENIENT' });
    await registry.register('s', objectSchema({ a: 'string' }));
    await registry.register('s', objectSchema({}));
    const v3 = json(objectSchema({ a: 'integer' }));
    expect((await registry.call('POST', '/compatibility/subjects/s/versions/latest', v3)).body).toEqual({ is_compatible: true });
    expect((await registry.call('POST', '/compatibility/subjects/s/versions/1', v3)).body).toEqual({ is_compatible: false });
    expect((await registry.call('POST', '/compatibility/subjects/s/versions', v3)).body).toEqual({ is_compatible: false });
  });
});

describe('basic auth', () => {
  it('answers 401 without or with wrong credentials', async () => {
    const secured = await startTestRegistry({ auth: 'alice:s3cret' });
    try {
      const none = await secured.call('GET', '/subjects');
      expect(none.status).toBe(401);
      expect(none.body.error_code).toBe(40101);
      expect(none.headers.get('www-authenticate')).toContain('Basic');
      const wrong = await secured.call('GET', '/subjects', undefined, { Authorization: `Basic ${Buffer.from('alice:nope').toString('base64')}` });
      expect(wrong.status).toBe(401);
      const right = await secured.call('GET', '/subjects', undefined, { Authorization: `Basic ${Buffer.from('alice:s3cret').toString('base64')}` });
      expect(right.status).toBe(200);
      expect(right.body).toEqual([]);
    } finally {
      await secured.close();
    }
  });
});
