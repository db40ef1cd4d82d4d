/**
 * Schema references with `version: -1` ("latest", what generated descriptors carry because registry versions are
 * unknown at generate time): the resolver turns them into the referenced subject's latest version before the lookup,
 * since registries refuse reference versions < 1 (422/42201).
 */
import { describe, expect, it, vi } from 'vitest';
import { createSchemaIdResolver, SchemaRegistryError, type AnyEventDescriptor } from '../../../runtime/src/index.js';
import { useFakeRegistry, type RegistryAnswer, type RegistryCall } from './fake-registry.js';
import { userCreatedV1 } from './fakes.js';

type Call = RegistryCall;
type Answer = RegistryAnswer;
const registry = useFakeRegistry();

/** A descriptor like the generated ones for an event using shared definitions. */
function withReferences(subject: string, references: { name: string; subject: string; version: number }[]): AnyEventDescriptor {
  return { ...userCreatedV1, subject, registeredSchema: { schema: `{"title":"${subject}"}`, references } };
}
const orderV2 = withReferences('order.placed-order.placed.v2', [
  { name: '_shared/money.json', subject: '_shared.money', version: -1 },
  { name: '_shared/address.json', subject: '_shared.address', version: -1 },
]);
const payment = withReferences('payments-payment.processed.v1', [{ name: '_shared/money.json', subject: '_shared.money', version: -1 }]);

const LATEST: Record<string, number> = { '_shared.money': 3, '_shared.address': 1 };
/** A registry where the shared subjects exist and every lookup finds id 40 + number of references. */
function healthy(call: Call): Answer {
  const latest = /^\/subjects\/([^/]+)\/versions\/latest$/.exec(call.url);
  if (call.method === 'GET' && latest) {
    const subject = decodeURIComponent(latest[1]!);
    const version = LATEST[subject];
    return version === undefined
      ? [404, '{"error_code":40401,"message":"Subject not found"}']
      : [200, JSON.stringify({ subject, version, id: 7, schema: '{}' })];
  }
  const body = call.body as { references: { version: number }[] };
  if (body.references.some((r) => r.version < 1)) return [422, '{"error_code":42201,"message":"Invalid schema: reference version must be >= 1"}'];
  return [200, JSON.stringify({ id: 40 + body.references.length })];
}

const gets = (calls: Call[]): string[] => calls.filter((c) => c.method === 'GET').map((c) => c.url);
const posts = (calls: Call[]): Call[] => calls.filter((c) => c.method === 'POST');

describe('createSchemaIdResolver: references with version -1', () => {
  it("resolves each to the referenced subject's latest version before the lookup, once per subject", async () => {
    const reg = await registry(healthy);
    const r = createSchemaIdResolver({ registryUrl: reg.url });
    // Concurrent resolves of two events sharing _shared.money: one GET per referenced subject.
    expect(await Promise.all([r.resolve(orderV2), r.resolve(payment), r.resolve(orderV2)])).toEqual([42, 41, 42]);
    expect(gets(reg.calls).sort()).toEqual(['/subjects/_shared.address/versions/latest', '/subjects/_shared.money/versions/latest']);
    expect(
      posts(reg.calls)
        .map((c) => [c.url, c.body])
        .sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    ).toEqual([
      [
        '/subjects/order.placed-order.placed.v2',
        {
          schema: '{"title":"order.placed-order.placed.v2"}',
          schemaType: 'JSON',
          references: [
            { name: '_shared/money.json', subject: '_shared.money', version: 3 },
            { name: '_shared/address.json', subject: '_shared.address', version: 1 },
          ],
        },
      ],
      [
        '/subjects/payments-payment.processed.v1',
        {
          schema: '{"title":"payments-payment.processed.v1"}',
          schemaType: 'JSON',
          references: [{ name: '_shared/money.json', subject: '_shared.money', version: 3 }],
        },
      ],
    ]);
    expect(reg.calls[0]!.headers['content-type']).toBeUndefined(); // GET without a body
  });

  it('the latest versions stay cached after the ids: a later event with the same references asks only the lookup', async () => {
    const reg = await registry(healthy);
    const r = createSchemaIdResolver({ registryUrl: reg.url });
    await r.resolve(orderV2);
    const before = reg.calls.length;
    expect(await r.resolve(payment)).toBe(41);
    expect(reg.calls.slice(before).map((c) => `${c.method} ${c.url}`)).toEqual(['POST /subjects/payments-payment.processed.v1']);
  });

  it.each([
    { name: 'version 1 and above are sent as they are', version: 2, sent: 2 },
    { name: 'version 0 counts as latest', version: 0, sent: 3 },
  ])('$name', async ({ version, sent }) => {
    const reg = await registry(healthy);
    const def = withReferences('x-x.v1', [{ name: 'm', subject: '_shared.money', version }]);
    expect(await createSchemaIdResolver({ registryUrl: reg.url }).resolve(def)).toBe(41);
    expect((posts(reg.calls)[0]!.body as { references: unknown }).references).toEqual([{ name: 'm', subject: '_shared.money', version: sent }]);
    expect(gets(reg.calls)).toHaveLength(version >= 1 ? 0 : 1);
  });

  it("uses the URL's basic auth and path prefix for the version request too", async () => {
    const reg = await registry((call) => healthy({ ...call, url: call.url.replace('/apis/ccompat/v7', '') }));
    const r = createSchemaIdResolver({ registryUrl: reg.url.replace('http://', 'http://me:pw@') + '/apis/ccompat/v7' });
    expect(await r.resolve(payment)).toBe(41);
    expect(reg.calls[0]).toMatchObject({ method: 'GET', url: '/apis/ccompat/v7/subjects/_shared.money/versions/latest' });
    expect(reg.calls[0]!.headers['authorization']).toBe(`Basic ${Buffer.from('me:pw').toString('base64')}`);
  });

  it.each([
    { name: 'subject not found', body: '{"error_code":40401,"message":"Subject \'_shared.money\' not found."}' },
    { name: 'version not found', body: '{"error_code":40402,"message":"Version not found."}' },
  ])('referenced subject not registered ($name): the event is not registered either; no lookup is sent', async ({ body }) => {
    let registered = false;
    const reg = await registry((call) => (call.method === 'GET' && !registered ? [404, body] : healthy(call)));
    const r = createSchemaIdResolver({ registryUrl: reg.url, unknownTtlMs: 0 });
    expect(await r.resolve(payment)).toBeUndefined();
    expect(posts(reg.calls)).toHaveLength(0);
    // "Not registered" is not remembered for the referenced subject: once it is registered, the next resolve finds it.
    registered = true;
    expect(await r.resolve(payment)).toBe(41);
    expect(gets(reg.calls)).toHaveLength(2);
  });

  it.each([
    {
      name: 'server error',
      answer: [500, '{"error_code":50001,"message":"Error in the backend data store"}'] as Answer,
      status: 500,
      errorCode: 50001,
      retriable: true,
      message: /request for the latest version of subject "_shared.money" failed with HTTP 500 \(error_code 50001\): Error in the backend data store/,
    },
    { name: 'unauthorized', answer: [401, 'Unauthorized'] as Answer, status: 401, errorCode: undefined, retriable: false, message: /HTTP 401: Unauthorized/ },
    {
      name: '200 without a version',
      answer: [200, '{"subject":"_shared.money"}'] as Answer,
      status: 200,
      errorCode: undefined,
      retriable: false,
      message: /answered the request for the latest version of subject "_shared.money" without a numeric version/,
    },
    {
      name: '200 with version 0',
      answer: [200, '{"version":0}'] as Answer,
      status: 200,
      errorCode: undefined,
      retriable: false,
      message: /without a numeric version \(an integer ≥ 1\)/,
    },
    {
      name: 'timeout',
      answer: 'hang' as Answer,
      status: undefined,
      errorCode: undefined,
      retriable: true,
      message: /request for the latest version of subject "_shared.money" timed out after 50 ms/,
    },
  ])(
    "version request fails ($name): SchemaRegistryError naming both subjects, typed like the lookup's, not cached",
    async ({ answer, status, errorCode, retriable, message }) => {
      const reg = await registry((call) => (call.method === 'GET' ? answer : healthy(call)));
      // Only the hanging answer needs the short timeout; the others must not race it on a loaded machine.
      const r = createSchemaIdResolver({ registryUrl: reg.url, timeoutMs: answer === 'hang' ? 50 : 10_000 });
      const error = await r.resolve(payment).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SchemaRegistryError);
      expect(error).toMatchObject({ status, errorCode, retriable, subject: '_shared.money' });
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).toMatch(/reference "_shared\/money.json" of subject "payments-payment.processed.v1"/);
      expect(posts(reg.calls)).toHaveLength(0);
      await r.resolve(payment).catch(() => undefined);
      // A request the client gave up on after 50 ms may reach a loaded server later: wait for it to be counted.
      await vi.waitFor(() => expect(gets(reg.calls)).toHaveLength(2), { timeout: 5000 });
    },
  );

  it('network failure on the version request: retriable, names SCHEMA_REGISTRY_URL', async () => {
    const error = await createSchemaIdResolver({ registryUrl: 'http://127.0.0.1:1' })
      .resolve(payment)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ retriable: true, status: undefined, subject: '_shared.money' });
    expect((error as Error).message).toMatch(/latest version of subject "_shared.money" failed: .*Check SCHEMA_REGISTRY_URL/);
  });
});
