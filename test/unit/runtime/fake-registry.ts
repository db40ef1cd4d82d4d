/**
 * A scripted schema registry on 127.0.0.1 for the resolver's unit tests: each request is recorded (method, url,
 * headers, parsed body) and answered by the test's function with `[status, body]`, or never ('hang').
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export interface RegistryCall {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}
export type RegistryAnswer = [number, string] | 'hang';
export type FakeRegistry = (answer: (call: RegistryCall) => RegistryAnswer) => Promise<{ url: string; calls: RegistryCall[] }>;

/** Call at the top of a test file: the returned function starts a registry; every one is closed after each test. */
export function useFakeRegistry(): FakeRegistry {
  const servers: Server[] = [];
  afterEach(async () => {
    const closing = servers.splice(0).map((s) => new Promise<void>((r) => (s.closeAllConnections(), s.close(() => r()))));
    await Promise.all(closing);
  });
  return async (answer) => {
    const calls: RegistryCall[] = [];
    const server = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        const call = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: text ? JSON.parse(text) : undefined };
        calls.push(call);
        const a = answer(call);
        if (a === 'hang') return;
        res.writeHead(a[0], { 'content-type': 'application/vnd.schemaregistry.v1+json' });
        res.end(a[1]);
      });
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls };
  };
}
