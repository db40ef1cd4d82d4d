import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestRegistry, type TestRegistry } from './helpers.js';

// Request hygiene (issue 9, item 5): bytes that are not UTF-8, the auth scheme's case, the 401
// body, and explicit connection limits.

let registry: TestRegistry | undefined;
afterEach(async () => {
  await registry?.close();
  registry = undefined;
});

/** Opens a raw TCP connection and resolves with everything the server sent once it closes (or after `waitMs`). */
function rawExchange(url: string, payload: string, waitMs: number): Promise<{ text: string; closed: boolean; ms: number }> {
  const { hostname, port } = new URL(url);
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let text = '';
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve({ text, closed, ms: Date.now() - started });
    };
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.on('connect', () => socket.write(payload));
    setTimeout(() => finish(false), waitMs);
  });
}

describe('request bodies', () => {
  it('refuses a body that is not valid UTF-8 with 400 and stores nothing', async () => {
    registry = await startTestRegistry();
    const prefix = Buffer.from('{"schemaType":"JSON","schema":"{\\"type\\":\\"string\\",\\"title\\":\\"');
    const body = Buffer.concat([prefix, Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('\\"}"}')]);
    const response = await fetch(`${registry.url}/subjects/s/versions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    const reply = (await response.json()) as { error_code: number; message: string };
    expect(response.status).toBe(400);
    expect(reply.error_code).toBe(400);
    expect(reply.message).toContain('not valid UTF-8');
    expect((await registry.call('GET', '/subjects')).body).toEqual([]);
    // The same schema with a real character registers, and reads back byte for byte.
    const ok = await registry.register('s', { type: 'string', title: 'ÿþA' });
    expect(ok.status).toBe(200);
    expect(JSON.parse((await registry.call('GET', '/schemas/ids/1')).body.schema).title).toBe('ÿþA');
  });
});

describe('basic auth', () => {
  const token = Buffer.from('alice:s3cret').toString('base64');

  it.each(['Basic', 'basic', 'BASIC', 'bAsIc'])('accepts the scheme spelled %s (RFC 7617: case-insensitive)', async (scheme) => {
    registry = await startTestRegistry({ auth: 'alice:s3cret' });
    const reply = await registry.call('GET', '/subjects', undefined, { Authorization: `${scheme} ${token}` });
    expect(reply.status).toBe(200);
  });

  it.each([
    { name: 'no header', header: undefined },
    { name: 'wrong password', header: `basic ${Buffer.from('alice:nope').toString('base64')}` },
    { name: 'another scheme', header: `Bearer ${token}` },
    { name: 'scheme only', header: 'Basic' },
    { name: 'not base64', header: 'Basic ***' },
  ])('answers 401 with error_code 40101 for $name', async ({ header }) => {
    registry = await startTestRegistry({ auth: 'alice:s3cret' });
    const reply = await registry.call('GET', '/subjects', undefined, header === undefined ? {} : { Authorization: header });
    expect(reply.status).toBe(401);
    expect(reply.body.error_code).toBe(40101);
    expect(reply.headers.get('www-authenticate')).toMatch(/^Basic /);
  });
});

describe('connection limits', () => {
  it('closes connections beyond maxConnections at once, and serves again when one is freed', async () => {
    registry = await startTestRegistry({ maxConnections: 2 });
    const { hostname, port } = new URL(registry.url);
    const held: Socket[] = [];
    for (let i = 0; i < 2; i++) {
      const socket = connect(Number(port), hostname);
      await new Promise((resolve) => socket.once('connect', resolve));
      held.push(socket);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    const third = await rawExchange(registry.url, 'GET /schemas/types HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 2_000);
    expect(third.closed).toBe(true);
    expect(third.text).toBe('');
    held.pop()?.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const fourth = await rawExchange(registry.url, 'GET /schemas/types HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 2_000);
    expect(fourth.text).toMatch(/^HTTP\/1\.1 200/);
    for (const socket of held) socket.destroy();
  });

  it('answers 408 and closes a connection whose headers do not arrive in headersTimeoutMs', async () => {
    registry = await startTestRegistry({ headersTimeoutMs: 300 });
    const slow = await rawExchange(registry.url, 'GET /subjects HTTP/1.1\r\nHost: x\r\n', 5_000);
    expect(slow.closed).toBe(true);
    expect(slow.text).toMatch(/^HTTP\/1\.1 408/);
    expect(slow.ms).toBeLessThan(2_500);
  });

  it('answers 408 when a body does not arrive in requestTimeoutMs', async () => {
    registry = await startTestRegistry({ headersTimeoutMs: 200, requestTimeoutMs: 400 });
    const head = 'POST /subjects/s/versions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"schema';
    const slow = await rawExchange(registry.url, head, 5_000);
    expect(slow.closed).toBe(true);
    expect(slow.text).toMatch(/^HTTP\/1\.1 408/);
    expect(slow.ms).toBeLessThan(3_000);
  });
});
