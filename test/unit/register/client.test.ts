import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient, backoffDelay, DEFAULT_RETRY } from '../../../generator/register/client.js';
import { RegistryError } from '../../../generator/register/errors.js';

/** A tiny scripted registry: each request pops the next answer for its path. */
interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
type Answer = { status: number; body?: unknown } | 'reset' | { delayMs: number; status: number; body?: unknown };

let server: http.Server;
let base = '';
const script: Answer[] = [];
const seen: Seen[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const answer = script.shift() ?? { status: 200, body: {} };
      if (answer === 'reset') {
        req.socket.destroy();
        return;
      }
      const send = (): void => {
        res.writeHead(answer.status, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
        res.end(answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
      };
      if ('delayMs' in answer) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function client(extra: Partial<ConstructorParameters<typeof RegistryClient>[0]> = {}): RegistryClient {
  script.length = 0;
  seen.length = 0;
  return new RegistryClient({ url: base, sleep: async () => {}, random: () => 0.5, timeoutMs: 2000, ...extra });
}

async function failure(p: Promise<unknown>): Promise<RegistryError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof RegistryError) return error;
    throw error;
  }
  throw new Error('expected a RegistryError');
}

describe('error mapping', () => {
  const cases: { name: string; status: number; body: unknown; errorCode: number; retriable: boolean; incompatible: boolean }[] = [
    {
      name: 'subject not found',
      status: 404,
      body: { error_code: 40401, message: "Subject 'x' not found." },
      errorCode: 40401,
      retriable: false,
      incompatible: false,
    },
    {
      name: 'version not found',
      status: 404,
      body: { error_code: 40402, message: 'Version 9 not found.' },
      errorCode: 40402,
      retriable: false,
      incompatible: false,
    },
    {
      name: 'schema not found',
      status: 404,
      body: { error_code: 40403, message: 'Schema 9 not found' },
      errorCode: 40403,
      retriable: false,
      incompatible: false,
    },
    { name: 'invalid schema', status: 422, body: { error_code: 42201, message: 'Invalid schema' }, errorCode: 42201, retriable: false, incompatible: false },
    {
      name: 'invalid version',
      status: 422,
      body: { error_code: 42202, message: 'The specified version is not valid' },
      errorCode: 42202,
      retriable: false,
      incompatible: false,
    },
    {
      name: 'invalid level',
      status: 422,
      body: { error_code: 42203, message: 'Invalid compatibility level' },
      errorCode: 42203,
      retriable: false,
      incompatible: false,
    },
    {
      name: 'incompatible (<= 8.0.3)',
      status: 409,
      body: { error_code: 409, message: 'Schema being registered is incompatible' },
      errorCode: 409,
      retriable: false,
      incompatible: true,
    },
    {
      name: 'incompatible (8.0.4+)',
      status: 409,
      body: { error_code: 40901, message: 'Schema being registered is incompatible' },
      errorCode: 40901,
      retriable: false,
      incompatible: true,
    },
    {
      name: 'store error',
      status: 500,
      body: { error_code: 50001, message: 'Error in the backend data store' },
      errorCode: 50001,
      retriable: true,
      incompatible: false,
    },
    {
      name: 'operation timeout',
      status: 500,
      body: { error_code: 50002, message: 'Operation timed out' },
      errorCode: 50002,
      retriable: true,
      incompatible: false,
    },
    {
      name: 'forwarding failed',
      status: 500,
      body: { error_code: 50003, message: 'Error while forwarding the request' },
      errorCode: 50003,
      retriable: true,
      incompatible: false,
    },
    { name: 'unknown leader', status: 500, body: { error_code: 50004, message: 'Unknown leader' }, errorCode: 50004, retriable: true, incompatible: false },
    { name: 'gateway without a body', status: 502, body: '<html>bad gateway</html>', errorCode: 502, retriable: true, incompatible: false },
    { name: 'unauthorised', status: 401, body: { error_code: 401, message: 'Unauthorized' }, errorCode: 401, retriable: false, incompatible: false },
  ];
  it.each(cases)('$name: HTTP $status → error_code $errorCode, retriable $retriable', async ({ status, body, errorCode, retriable, incompatible }) => {
    const c = client({ retry: { retries: 0 } });
    script.push({ status, body });
    const error = await failure(c.getVersion('orders-value', 3));
    expect({
      status: error.status,
      errorCode: error.errorCode,
      retriable: error.retriable,
      incompatible: error.incompatible,
      subject: error.subject,
      version: error.version,
    }).toEqual({
      status,
      errorCode,
      retriable,
      incompatible,
      subject: 'orders-value',
      version: 3,
    });
    expect(error.message).toContain('orders-value');
    c.close();
  });

  it('a connection reset is a retriable network error', async () => {
    const c = client({ retry: { retries: 0 } });
    script.push('reset');
    const error = await failure(c.listSubjects());
    expect([error.kind, error.retriable, error.status]).toEqual(['network', true, undefined]);
    c.close();
  });

  it('a slow answer is a retriable timeout', async () => {
    const c = client({ retry: { retries: 0 }, timeoutMs: 50 });
    script.push({ delayMs: 400, status: 200, body: [] });
    const error = await failure(c.listSubjects());
    expect([error.kind, error.retriable]).toEqual(['timeout', true]);
    c.close();
  });

  it('a refused connection is a retriable network error', async () => {
    const c = new RegistryClient({ url: 'http://127.0.0.1:1', retry: { retries: 0 } });
    const error = await failure(c.listSubjects());
    expect([error.kind, error.retriable]).toEqual(['network', true]);
    c.close();
  });
});

describe('retries', () => {
  it('retries 5xx and resets until success, and reports each retry', async () => {
    const retries: number[] = [];
    const c = client({ onRetry: (_e, attempt) => retries.push(attempt) });
    script.push({ status: 500, body: { error_code: 50001, message: 'store' } }, 'reset', { status: 200, body: ['a-value'] });
    expect(await c.listSubjects()).toEqual(['a-value']);
    expect(retries).toEqual([1, 2]);
    expect(seen).toHaveLength(3);
    c.close();
  });

  it('never retries a 4xx answer', async () => {
    const c = client();
    script.push({ status: 409, body: { error_code: 40901, message: 'incompatible' } }, { status: 200, body: { id: 1 } });
    const error = await failure(c.register('s', { schema: '{}', references: [] }));
    expect(error.incompatible).toBe(true);
    expect(seen).toHaveLength(1);
    c.close();
  });

  it('gives up after the configured retries', async () => {
    const c = client({ retry: { retries: 2 } });
    script.push(...Array.from({ length: 5 }, () => ({ status: 503, body: { error_code: 50003, message: 'x' } })));
    const error = await failure(c.listSubjects());
    expect(error.status).toBe(503);
    expect(seen).toHaveLength(3);
    c.close();
  });

  it('backoff grows exponentially, is capped, and jitters within [ceiling/2, ceiling]', () => {
    const r = DEFAULT_RETRY;
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, r, () => 1))).toEqual([100, 200, 400, 800]);
    expect(backoffDelay(20, r, () => 1)).toBe(5000);
    expect(backoffDelay(3, r, () => 0)).toBe(400);
  });
});

describe('requests', () => {
  it('registers with the v1 content type, schemaType JSON and references; accepts the minimal {id} answer', async () => {
    const c = client();
    script.push({ status: 200, body: { id: 7 } });
    const answer = await c.register('orders-order.placed.v1', {
      schema: '{"type":"object"}',
      references: [{ name: '_shared/money.json', subject: '_shared.money', version: 2 }],
    });
    expect(answer).toEqual({ id: 7, version: undefined });
    const req = seen[0];
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/subjects/orders-order.placed.v1/versions');
    expect(req?.headers['content-type']).toBe('application/vnd.schemaregistry.v1+json');
    expect(req?.headers.accept).toContain('application/vnd.schemaregistry.v1+json');
    expect(JSON.parse(req?.body ?? '')).toEqual({
      schemaType: 'JSON',
      schema: '{"type":"object"}',
      references: [{ name: '_shared/money.json', subject: '_shared.money', version: 2 }],
    });
    c.close();
  });

  it('encodes subjects in paths and keeps a base path (Apicurio /apis/ccompat/v7)', async () => {
    const c = new RegistryClient({ url: `${base}/apis/ccompat/v7/`, sleep: async () => {} });
    script.length = 0;
    seen.length = 0;
    script.push({ status: 200, body: [1, 2] });
    await c.listVersions('a/b c');
    expect(seen[0]?.url).toBe('/apis/ccompat/v7/subjects/a%2Fb%20c/versions');
    c.close();
  });

  it.each([
    ['basic', { auth: { username: 'u', password: 'p:w' } }, `Basic ${Buffer.from('u:p:w').toString('base64')}`],
    ['bearer', { auth: { token: 't0k' } }, 'Bearer t0k'],
    ['none', {}, undefined],
  ] as const)('auth %s', async (_name, extra, want) => {
    const c = client(extra as never);
    script.push({ status: 200, body: [] });
    await c.listSubjects();
    expect(seen[0]?.headers.authorization).toBe(want);
    c.close();
  });

  it('maps absent subjects and configs to empty answers, not errors', async () => {
    const c = client();
    script.push(
      { status: 404, body: { error_code: 40401, message: 'no subject' } },
      { status: 404, body: { error_code: 40408, message: 'no config' } },
      { status: 404, body: { error_code: 40403, message: 'no schema' } },
    );
    expect(await c.listVersions('x')).toEqual([]);
    expect(await c.getSubjectConfig('x')).toBeUndefined();
    expect(await c.lookup('x', { schema: '{}', references: [] })).toBeUndefined();
    c.close();
  });

  it('sets config with `compatibility` and reads `compatibilityLevel`', async () => {
    const c = client();
    script.push({ status: 200, body: {} }, { status: 200, body: { compatibilityLevel: 'FULL_TRANSITIVE', compatibilityPolicy: 'LENIENT' } });
    await c.setSubjectConfig('s', { level: 'FULL_TRANSITIVE', policy: 'LENIENT' });
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ compatibility: 'FULL_TRANSITIVE', compatibilityPolicy: 'LENIENT' });
    expect(await c.getSubjectConfig('s')).toEqual({ level: 'FULL_TRANSITIVE', policy: 'LENIENT' });
    c.close();
  });

  it('asks for the verbose verdict against all versions', async () => {
    const c = client();
    script.push({ status: 200, body: { is_compatible: false, messages: ['Found incompatible change'] } });
    expect(await c.checkCompatibility('s', { schema: '{}', references: [] })).toEqual({ compatible: false, messages: ['Found incompatible change'] });
    expect(seen[0]?.url).toBe('/compatibility/subjects/s/versions?verbose=true');
    c.close();
  });
});
