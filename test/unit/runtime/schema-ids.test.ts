import { describe, expect, it } from 'vitest';
import { createSchemaIdResolver, SchemaRegistryError } from '../../../runtime/src/index.js';
import { useFakeRegistry } from './fake-registry.js';
import { userCreatedV1, userCreatedV2 } from './fakes.js';

const registry = useFakeRegistry();

describe('createSchemaIdResolver', () => {
  it('static ids win and need no registry', async () => {
    const r = createSchemaIdResolver({ schemaIds: { 'user.created-user.created.v1': 4 }, registryUrl: 'http://127.0.0.1:1' });
    expect(r.peek('user.created-user.created.v1')).toBe(4);
    expect(await r.resolve(userCreatedV1)).toBe(4);
  });

  it('without a registry and a static id: undefined', async () => {
    expect(await createSchemaIdResolver({ registryUrl: undefined }).resolve(userCreatedV2)).toBeUndefined();
  });

  it('POSTs the lookup with schemaType JSON and references, once for concurrent callers, then caches', async () => {
    const reg = await registry(() => [200, '{"subject":"x","version":3,"id":21,"schema":"{}"}']);
    const r = createSchemaIdResolver({ registryUrl: `${reg.url}/` });
    expect(await Promise.all([r.resolve(userCreatedV1), r.resolve(userCreatedV1)])).toEqual([21, 21]);
    expect(await r.resolve(userCreatedV1)).toBe(21);
    expect(r.peek(userCreatedV1.subject)).toBe(21);
    expect(reg.calls).toHaveLength(1);
    expect(reg.calls[0]).toMatchObject({
      method: 'POST',
      url: '/subjects/user.created-user.created.v1',
      body: { schema: '{"title":"user.created.v1"}', schemaType: 'JSON', references: [] },
    });
    expect(reg.calls[0]!.headers['content-type']).toBe('application/vnd.schemaregistry.v1+json');
  });

  it('sends basic auth from the URL and keeps a path prefix (Apicurio ccompat)', async () => {
    const reg = await registry(() => [200, '{"id":1}']);
    const r = createSchemaIdResolver({ registryUrl: reg.url.replace('http://', 'http://me:s%40cret@') + '/apis/ccompat/v7' });
    expect(await r.resolve(userCreatedV1)).toBe(1);
    expect(reg.calls[0]!.url).toBe('/apis/ccompat/v7/subjects/user.created-user.created.v1');
    expect(reg.calls[0]!.headers['authorization']).toBe(`Basic ${Buffer.from('me:s@cret').toString('base64')}`);
  });

  it.each([
    { name: 'subject not found', status: 404, body: '{"error_code":40401,"message":"Subject not found"}' },
    { name: 'schema not found', status: 404, body: '{"error_code":40403,"message":"Schema not found"}' },
  ])('$name: undefined, remembered for unknownTtlMs', async ({ status, body }) => {
    const reg = await registry(() => [status, body]);
    const r = createSchemaIdResolver({ registryUrl: reg.url });
    expect(await r.resolve(userCreatedV1)).toBeUndefined();
    expect(await r.resolve(userCreatedV1)).toBeUndefined();
    expect(reg.calls).toHaveLength(1);
    const again = createSchemaIdResolver({ registryUrl: reg.url, unknownTtlMs: 0 });
    await again.resolve(userCreatedV1);
    await again.resolve(userCreatedV1);
    expect(reg.calls).toHaveLength(3);
  });

  it('a descriptor without registeredSchema is not looked up', async () => {
    const reg = await registry(() => [200, '{"id":1}']);
    expect(await createSchemaIdResolver({ registryUrl: reg.url }).resolve(userCreatedV2)).toBeUndefined();
    expect(reg.calls).toHaveLength(0);
  });

  it.each([
    {
      name: 'server error',
      status: 500,
      body: '{"error_code":50001,"message":"Error in the backend data store"}',
      retriable: true,
      errorCode: 50001,
      message: /HTTP 500 \(error_code 50001\): Error in the backend data store/,
    },
    {
      name: 'invalid schema',
      status: 422,
      body: '{"error_code":42201,"message":"Invalid schema"}',
      retriable: false,
      errorCode: 42201,
      message: /HTTP 422 \(error_code 42201\)/,
    },
    { name: 'unauthorized, no JSON', status: 401, body: 'Unauthorized', retriable: false, errorCode: undefined, message: /HTTP 401: Unauthorized/ },
    { name: 'rate limited', status: 429, body: '{}', retriable: true, errorCode: undefined, message: /HTTP 429/ },
    { name: '200 without id', status: 200, body: '{}', retriable: false, errorCode: undefined, message: /without a numeric id/ },
  ])('$name: SchemaRegistryError with status, error_code and retriable', async ({ status, body, retriable, errorCode, message }) => {
    const reg = await registry(() => [status, body]);
    const r = createSchemaIdResolver({ registryUrl: reg.url });
    const error = await r.resolve(userCreatedV1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaRegistryError);
    expect(error).toMatchObject({ status, errorCode, retriable, subject: 'user.created-user.created.v1' });
    expect((error as Error).message).toMatch(message);
    await r.resolve(userCreatedV1).catch(() => undefined);
    expect(reg.calls).toHaveLength(2); // failures are not cached
  });

  it('times out with a retriable error', async () => {
    const reg = await registry(() => 'hang');
    const error = await createSchemaIdResolver({ registryUrl: reg.url, timeoutMs: 50 })
      .resolve(userCreatedV1)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ retriable: true, status: undefined });
    expect((error as Error).message).toMatch(/timed out after 50 ms/);
  });

  it('network failure: retriable, names SCHEMA_REGISTRY_URL', async () => {
    const error = await createSchemaIdResolver({ registryUrl: 'http://127.0.0.1:1' })
      .resolve(userCreatedV1)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ retriable: true });
    expect((error as Error).message).toMatch(/Check SCHEMA_REGISTRY_URL/);
  });
});
