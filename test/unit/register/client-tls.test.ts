/**
 * TLS options of the registry client against a local https server with a throwaway CA
 * (made with the openssl CLI): trust via `ca`, `insecure`, mutual TLS via `cert`/`key`, and a
 * verification failure that is not retried (a wrong CA is not a transient fault).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '../../../generator/register/client.js';
import { RegistryError } from '../../../generator/register/errors.js';

let dir = '';
let server: https.Server;
let url = '';
const pem = (name: string): string => readFileSync(join(dir, name), 'utf8');

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'contracts-tls-'));
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=test-ca');
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  );
  openssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '2',
    '-copy_extensions',
    'copy',
  );
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=ci-client');
  openssl('x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'client.pem', '-days', '2');
  server = https.createServer(
    { key: pem('server.key'), cert: pem('server.pem'), ca: pem('ca.pem'), requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      const socket = req.socket as import('node:tls').TLSSocket;
      const who = socket.authorized ? socket.getPeerCertificate().subject.CN : null;
      res.writeHead(200, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
      res.end(JSON.stringify(who ? [`client:${who}`] : []));
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('registry client over https', () => {
  it('trusts the server with --ca', async () => {
    const c = new RegistryClient({ url, tls: { ca: pem('ca.pem') } });
    expect(await c.listSubjects()).toEqual([]);
    c.close();
  });

  it('presents a client certificate (mutual TLS)', async () => {
    const c = new RegistryClient({ url, tls: { ca: pem('ca.pem'), cert: pem('client.pem'), key: pem('client.key') } });
    expect(await c.listSubjects()).toEqual(['client:ci-client']);
    c.close();
  });

  it('skips verification with --insecure', async () => {
    const c = new RegistryClient({ url, tls: { insecure: true } });
    expect(await c.listSubjects()).toEqual([]);
    c.close();
  });

  it('an untrusted certificate fails at once, not retried', async () => {
    let attempts = 0;
    const c = new RegistryClient({ url, onRetry: () => attempts++, sleep: async () => {} });
    const error = await c.listSubjects().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RegistryError);
    expect([(error as RegistryError).kind, (error as RegistryError).retriable, attempts]).toEqual(['network', false, 0]);
    c.close();
  });
});
