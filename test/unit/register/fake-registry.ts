/**
 * A minimal in-memory Confluent-style registry over node:http for unit tests of apply and pull:
 * subjects, versions, config, lookup; plus per-request fault hooks. Not a registry: no
 * compatibility checks, no ids shared across subjects.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeVersion {
  schema: string;
  schemaType?: string;
  references?: { name: string; subject: string; version: number }[];
  /** Confluent schema metadata, kept and returned like Confluent 7.4+. */
  metadata?: { properties: Record<string, string> };
}

export interface FakeRegistry {
  url: string;
  subjects: Map<string, (FakeVersion & { id: number; version: number })[]>;
  configs: Map<string, Record<string, unknown>>;
  requests: string[];
  /** Return an answer to override the normal one, e.g. `{status: 500, body: {...}}`. */
  fault?: (method: string, path: string, body: unknown) => { status: number; body: unknown } | undefined;
  close(): Promise<void>;
}

export async function startFakeRegistry(seed: Record<string, FakeVersion[]> = {}): Promise<FakeRegistry> {
  let nextId = 1;
  const subjects = new Map<string, (FakeVersion & { id: number; version: number })[]>();
  for (const [s, versions] of Object.entries(seed))
    subjects.set(
      s,
      versions.map((v, i) => ({ ...v, id: nextId++, version: i + 1 })),
    );
  const configs = new Map<string, Record<string, unknown>>();
  const requests: string[] = [];
  const reply = (res: http.ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
    res.end(JSON.stringify(body));
  };
  const registry: FakeRegistry = {
    url: '',
    subjects,
    configs,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const path = decodeURIComponent(url.pathname);
      const method = req.method ?? 'GET';
      requests.push(`${method} ${path}`);
      const body = raw ? JSON.parse(raw) : undefined;
      const fault = registry.fault?.(method, path, body);
      if (fault) return reply(res, fault.status, fault.body);
      let m: RegExpExecArray | null;
      if (method === 'GET' && path === '/subjects') return reply(res, 200, [...subjects.keys()]);
      if ((m = /^\/subjects\/([^/]+)\/versions$/.exec(path))) {
        const s = m[1] as string;
        if (method === 'GET')
          return subjects.has(s)
            ? reply(
                res,
                200,
                subjects.get(s)?.map((v) => v.version),
              )
            : reply(res, 404, { error_code: 40401, message: `Subject '${s}' not found.` });
        const list = subjects.get(s) ?? [];
        const same = list.find((v) => v.schema === body.schema && JSON.stringify(v.references ?? []) === JSON.stringify(body.references ?? []));
        if (same) return reply(res, 200, { id: same.id });
        const v = {
          schema: body.schema,
          schemaType: body.schemaType,
          references: body.references,
          metadata: body.metadata,
          id: nextId++,
          version: list.length + 1,
        };
        subjects.set(s, [...list, v]);
        return reply(res, 200, { id: v.id });
      }
      if ((m = /^\/subjects\/([^/]+)\/versions\/(latest|\d+)$/.exec(path))) {
        const list = subjects.get(m[1] as string);
        if (!list) return reply(res, 404, { error_code: 40401, message: 'Subject not found.' });
        const v = m[2] === 'latest' ? list[list.length - 1] : list.find((x) => x.version === Number(m?.[2]));
        if (!v) return reply(res, 404, { error_code: 40402, message: 'Version not found.' });
        return reply(res, 200, {
          subject: m[1],
          version: v.version,
          id: v.id,
          schema: v.schema,
          schemaType: v.schemaType ?? 'JSON',
          references: v.references ?? [],
          ...(v.metadata ? { metadata: v.metadata } : {}),
        });
      }
      if ((m = /^\/subjects\/([^/]+)$/.exec(path)) && method === 'POST') {
        const list = subjects.get(m[1] as string);
        if (!list) return reply(res, 404, { error_code: 40401, message: 'Subject not found.' });
        const v = list.find((x) => x.schema === body.schema);
        return v
          ? reply(res, 200, { subject: m[1], version: v.version, id: v.id, schema: v.schema })
          : reply(res, 404, { error_code: 40403, message: 'Schema not found' });
      }
      if ((m = /^\/config\/([^/]+)$/.exec(path))) {
        const s = m[1] as string;
        if (method === 'PUT') {
          configs.set(s, body);
          return reply(res, 200, body);
        }
        const c = configs.get(s);
        return c
          ? reply(res, 200, { compatibilityLevel: c.compatibility, ...(c.compatibilityPolicy ? { compatibilityPolicy: c.compatibilityPolicy } : {}) })
          : reply(res, 404, { error_code: 40408, message: 'no config' });
      }
      if (path === '/config') return reply(res, 200, { compatibilityLevel: 'BACKWARD' });
      reply(res, 404, { error_code: 404, message: `no route ${method} ${path}` });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  registry.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return registry;
}
