import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ORDER, ORDER_TEXT, json } from './endpoint-fixtures.js';
import { objectSchema, startTestRegistry, type TestRegistry } from './helpers.js';

// Service endpoints, auth, registration, reading, references and deletes over HTTP.

let registry: TestRegistry;
beforeEach(async () => {
  registry = await startTestRegistry();
});
afterEach(async () => {
  await registry.close();
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
