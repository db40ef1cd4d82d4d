/**
 * A fault-injecting HTTP proxy for registry tests. Each request, by a seeded random draw, is
 * forwarded untouched, delayed, answered 500 (Confluent body, error_code 50001) without reaching
 * the registry, reset before forwarding, or forwarded and then reset before the answer reaches
 * the client (the registry did the work; the client does not know: the case that would create
 * duplicate versions if registration were not idempotent).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FaultRates {
  /** Connection reset before the request reaches the registry. */
  resetBefore: number;
  /** Request served by the registry, connection reset before the answer is delivered. */
  resetAfter: number;
  /** 500 with error_code 50001, registry not contacted. */
  error500: number;
  /** Forwarded after `delayMs`. */
  delay: number;
  delayMs: number;
}

export interface FaultProxy {
  url: string;
  counts: Record<'forwarded' | 'resetBefore' | 'resetAfter' | 'error500' | 'delay', number>;
  /** Change the rates (e.g. to zero, to let a run converge). */
  setRates(rates: Partial<FaultRates>): void;
  close(): Promise<void>;
}

/** Mulberry32: small, seeded, good enough to make fault patterns reproducible. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startFaultProxy(upstream: string, rates: FaultRates, seed = 42): Promise<FaultProxy> {
  const target = new URL(upstream);
  const random = seeded(seed);
  let current = { ...rates };
  const counts: FaultProxy['counts'] = { forwarded: 0, resetBefore: 0, resetAfter: 0, error500: 0, delay: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const r = random();
      let edge = current.resetBefore;
      if (r < edge) {
        counts.resetBefore++;
        req.socket.destroy();
        return;
      }
      if (r < (edge += current.error500)) {
        counts.error500++;
        res.writeHead(500, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
        res.end(JSON.stringify({ error_code: 50001, message: 'Injected fault: error in the backend data store' }));
        return;
      }
      const resetAfter = r < (edge += current.resetAfter);
      const delayed = !resetAfter && r < edge + current.delay;
      const forward = (): void => {
        const upstreamReq = http.request(
          {
            host: target.hostname,
            port: target.port,
            method: req.method,
            path: target.pathname.replace(/\/$/, '') + (req.url ?? '/'),
            headers: { ...req.headers, host: target.host },
          },
          (upstreamRes) => {
            const out: Buffer[] = [];
            upstreamRes.on('data', (c: Buffer) => out.push(c));
            upstreamRes.on('end', () => {
              if (resetAfter) {
                counts.resetAfter++;
                req.socket.destroy();
                return;
              }
              counts.forwarded++;
              const headers = { ...upstreamRes.headers };
              delete headers['transfer-encoding'];
              delete headers.connection;
              res.writeHead(upstreamRes.statusCode ?? 502, headers);
              res.end(Buffer.concat(out));
            });
          },
        );
        upstreamReq.on('error', () => req.socket.destroy());
        upstreamReq.end(body);
      };
      if (delayed) {
        counts.delay++;
        setTimeout(forward, current.delayMs);
      } else forward();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    setRates(next) {
      current = { ...current, ...next };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
