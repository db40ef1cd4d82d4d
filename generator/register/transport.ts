/**
 * HTTP transport of the registry client: node:http/https with keep-alive, per-request
 * timeouts and TLS options (ca, cert, key, insecure). See docs/stages/register.md for why
 * this is node:https and not global fetch (client certificates need a dispatcher, which
 * needs the undici package in a version that matches Node's bundled one).
 */
import http from 'node:http';
import https from 'node:https';

export interface TlsOptions {
  /** PEM text of the CA bundle to trust (in addition to nothing: replaces the default roots). */
  ca?: string;
  /** PEM client certificate (mutual TLS). */
  cert?: string;
  /** PEM client key (mutual TLS). */
  key?: string;
  /** Skip server certificate verification. For local testing only. @default false */
  insecure?: boolean;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: URL;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  body: string;
}

/** Thrown for failures below HTTP; `timedOut` distinguishes our timeout from a reset. */
export class TransportError extends Error {
  constructor(
    message: string,
    override readonly cause: unknown,
    readonly timedOut: boolean,
  ) {
    super(message);
  }
}

export interface Transport {
  send(request: HttpRequest): Promise<HttpResponse>;
  close(): void;
}

export function createTransport(options: { tls?: TlsOptions; maxSockets?: number } = {}): Transport {
  const maxSockets = options.maxSockets ?? 8;
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets });
  const tls = options.tls ?? {};
  const httpsAgent = new https.Agent({
    keepAlive: true,
    maxSockets,
    ca: tls.ca,
    cert: tls.cert,
    key: tls.key,
    rejectUnauthorized: !tls.insecure,
  });
  return {
    send(request) {
      const isHttps = request.url.protocol === 'https:';
      const lib = isHttps ? https : http;
      return new Promise<HttpResponse>((resolve, reject) => {
        let timedOut = false;
        const req = lib.request(
          request.url,
          {
            method: request.method,
            headers: request.body === undefined ? request.headers : { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
            agent: isHttps ? httpsAgent : httpAgent,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              clearTimeout(timer);
              resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
            });
            res.on('error', (e) => {
              clearTimeout(timer);
              reject(new TransportError(e.message, e, timedOut));
            });
          },
        );
        const timer = setTimeout(() => {
          timedOut = true;
          req.destroy(new Error(`no complete answer within ${request.timeoutMs} ms`));
        }, request.timeoutMs);
        req.on('error', (e) => {
          clearTimeout(timer);
          reject(new TransportError(e.message, e, timedOut));
        });
        if (request.body !== undefined) req.write(request.body);
        req.end();
      });
    },
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
