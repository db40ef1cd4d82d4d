import { afterEach, describe, expect, it } from 'vitest';
import { RegistryClient } from '../../../generator/register/client.js';
import type { CompatJudge } from '../../../generator/register/local-compat.js';
import { registerCatalog } from '../../../generator/register/index.js';
import { renderApplyResult } from '../../../generator/register/render.js';
import { makeCatalog } from '../../support/catalog.js';
import { CURRENCY, MONEY, orderPlaced } from '../../support/schemas.js';
import { startFakeRegistry, type FakeRegistry } from './fake-registry.js';

const judge: CompatJudge = () => ({ compatible: true, messages: [] });
const catalog = makeCatalog({
  events: [
    { eventType: 'order.placed.v1', schema: orderPlaced() },
    { eventType: 'order.cancelled.v1', schema: { type: 'object', properties: { orderId: { type: 'string' } } } },
  ],
  shared: [
    { file: 'schemas/_shared/money.json', schema: MONEY },
    { file: 'schemas/_shared/currency.json', schema: CURRENCY },
  ],
});

let registry: FakeRegistry | undefined;
let client: RegistryClient | undefined;
afterEach(async () => {
  client?.close();
  await registry?.close();
});

async function setup(): Promise<{ registry: FakeRegistry; client: RegistryClient }> {
  registry = await startFakeRegistry();
  client = new RegistryClient({ url: registry.url, retry: { retries: 0 }, sleep: async () => {} });
  return { registry, client };
}

describe('applyRegistrationPlan', () => {
  it('registers dependencies first and looks the version up when the answer is only {id}', async () => {
    const { registry, client } = await setup();
    const { result } = await registerCatalog({ catalog, client, judge });
    expect(result?.items.map((i) => [i.item.subject, i.outcome.status, i.outcome.status === 'failed' ? '' : i.outcome.version])).toEqual([
      ['_shared.currency', 'registered', 1],
      ['_shared.money', 'registered', 1],
      ['order.cancelled-order.cancelled.v1', 'registered', 1],
      ['order.placed-order.placed.v1', 'registered', 1],
    ]);
    const posts = registry.requests.filter((r) => r.startsWith('POST') && r.endsWith('/versions'));
    expect(posts.indexOf('POST /subjects/_shared.currency/versions')).toBeLessThan(posts.indexOf('POST /subjects/_shared.money/versions'));
    expect(posts.indexOf('POST /subjects/_shared.money/versions')).toBeLessThan(posts.indexOf('POST /subjects/order.placed-order.placed.v1/versions'));
    expect(registry.subjects.get('order.placed-order.placed.v1')?.[0]?.references).toEqual([
      { name: '/_shared/money.json', subject: '_shared.money', version: 1 },
    ]);
    expect(registry.configs.get('order.placed-order.placed.v1')).toEqual({ compatibility: 'FULL_TRANSITIVE', compatibilityPolicy: 'LENIENT' });
  });

  it('a failed dependency fails what references it without sending it; the independent subject still registers; a re-run completes', async () => {
    const { registry, client } = await setup();
    registry.fault = (method, path) =>
      method === 'POST' && path === '/subjects/_shared.money/versions' ? { status: 500, body: { error_code: 50001, message: 'store down' } } : undefined;
    const first = await registerCatalog({ catalog, client, judge });
    expect(first.result?.complete).toBe(false);
    expect(
      Object.fromEntries(
        first.result?.items.map((i) => [i.item.subject, i.outcome.status === 'failed' ? `failed:${i.outcome.reason}` : i.outcome.status]) ?? [],
      ),
    ).toEqual({
      '_shared.currency': 'registered',
      '_shared.money': 'failed:server',
      'order.cancelled-order.cancelled.v1': 'registered',
      'order.placed-order.placed.v1': 'failed:dependency',
    });
    expect(registry.requests).not.toContain('POST /subjects/order.placed-order.placed.v1/versions');
    expect(renderApplyResult(first.result!, 'r', first.plan)).toContain('Incomplete: run `contracts register` again');

    registry.fault = undefined;
    const second = await registerCatalog({ catalog, client, judge });
    expect(second.result?.counts).toEqual({ registered: 2, skipped: 2, failed: 0 });
    for (const versions of registry.subjects.values()) expect(versions).toHaveLength(1);
  });

  it('a registry that rejects compatibilityPolicy gets the level alone, and the outcome says so', async () => {
    const { registry, client } = await setup();
    registry.fault = (method, path, body) =>
      method === 'PUT' && path.startsWith('/config/') && (body as Record<string, unknown>).compatibilityPolicy
        ? { status: 422, body: { error_code: 422, message: 'Unrecognized field "compatibilityPolicy"' } }
        : undefined;
    const { result } = await registerCatalog({ catalog, client, judge });
    expect(result?.complete).toBe(true);
    expect(registry.configs.get('_shared.money')).toEqual({ compatibility: 'FULL_TRANSITIVE' });
    expect(result?.items[0]?.note).toContain('rejected compatibilityPolicy LENIENT');
  });

  // Issue 9 item 11: Apicurio accepts compatibilityPolicy and drops it; the output must not claim it.
  it('a registry that accepts compatibilityPolicy but keeps none: the outcome claims the level only and the output says the policy is ignored', async () => {
    const { registry, client } = await setup();
    registry.fault = (method, path, body) => {
      if (method !== 'PUT' || !path.startsWith('/config/')) return undefined;
      const level = (body as Record<string, unknown>).compatibility;
      registry.configs.set(decodeURIComponent(path.slice('/config/'.length)), { compatibility: level });
      return { status: 200, body: { compatibility: level } };
    };
    const { plan, result } = await registerCatalog({ catalog, client, judge });
    expect(result?.complete).toBe(true);
    for (const applied of result?.items ?? []) {
      expect(applied.outcome).toMatchObject({ configSet: 'FULL_TRANSITIVE' });
      expect(applied.policyIgnored).toBe('LENIENT');
    }
    const text = renderApplyResult(result!, 'http://apicurio.test', plan);
    expect(text).not.toContain('FULL_TRANSITIVE/LENIENT');
    expect(text).toContain('compatibility set to FULL_TRANSITIVE (compatibilityPolicy LENIENT ignored: the registry keeps no policy');
    expect(text).toContain('Note: http://apicurio.test ignores the compatibility policy (LENIENT)');
    expect(text).toContain('"policy": "STRICT"');
  });

  it('a registry that keeps the policy: the output says level/policy and carries no note', async () => {
    const { client } = await setup();
    const { plan, result } = await registerCatalog({ catalog, client, judge });
    const text = renderApplyResult(result!, 'r', plan);
    expect(text).toContain('compatibility set to FULL_TRANSITIVE/LENIENT');
    expect(text).not.toContain('ignores the compatibility policy');
  });

  it("a 409 from the registry is reported as incompatible with the registry's message", async () => {
    const { registry, client } = await setup();
    registry.fault = (method, path) =>
      method === 'POST' && path === '/subjects/order.cancelled-order.cancelled.v1/versions'
        ? { status: 409, body: { error_code: 409, message: 'Schema being registered is incompatible with an earlier schema' } }
        : undefined;
    const { result } = await registerCatalog({ catalog, client, judge });
    const cancelled = result?.items.find((i) => i.item.subject === 'order.cancelled-order.cancelled.v1')?.outcome;
    expect(cancelled).toMatchObject({ status: 'failed', reason: 'incompatible' });
    expect(cancelled?.status === 'failed' && cancelled.message).toContain('incompatible with an earlier schema');
  });
});
