// The consumer checks that a frame's schema id is registered under its envelope's event type's subject.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsumer, DLQ_HEADERS, encodeEvent, type ConsumerOptions, type ObservedOutcome } from '../../../runtime/src/index.js';
import { asIncoming, fakeTransport, tolerantValidators, userCreatedV1, userCreatedV2, type UserEvent } from './fakes.js';

const silent = { error: () => undefined, warn: () => undefined };
const SUBJECTS = { 'user.created.v1': userCreatedV1.subject, 'user.created.v2': userCreatedV2.subject };
const message = (schemaId?: number) =>
  asIncoming('user.created', encodeEvent(userCreatedV1, { userId: 'u1', email: 'a@x.io' }, { source: 's', schemaId }).message, '7');

/** Registry answers of `GET /schemas/ids/{id}/versions`, by id; anything else is a 500. */
const ANSWERS: Record<string, [number, unknown]> = {
  '3': [
    200,
    [
      { subject: userCreatedV1.subject, version: 1 },
      { subject: 'also-here', version: 4 },
    ],
  ],
  '8': [200, [{ subject: userCreatedV2.subject, version: 1 }]],
  '42': [404, { error_code: 40403, message: 'Schema 42 not found' }],
};

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function registry(failStatus = 503): Promise<{ url: string; calls: string[]; down: (v: boolean) => void }> {
  const calls: string[] = [];
  let failing = false;
  server = createServer((req, res) => {
    calls.push(req.url ?? '');
    const id = /^\/schemas\/ids\/(\d+)\/versions$/.exec(req.url ?? '')?.[1] ?? '';
    const [status, body] = failing ? [failStatus, { error_code: failStatus * 100 + 3, message: 'unavailable' }] : (ANSWERS[id] ?? [500, { message: 'boom' }]);
    res.writeHead(status, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, calls, down: (v) => (failing = v) };
}

function setup(options: Partial<ConsumerOptions>) {
  const transport = fakeTransport();
  let handled = 0;
  const consumer = createConsumer<UserEvent>({
    groupId: 'g',
    topics: ['user.created'],
    transport,
    validators: tolerantValidators,
    subjects: SUBJECTS,
    logger: silent,
    handleSignals: false,
    ...options,
  }).on('user.created.v1', () => void handled++);
  const letters = () => transport.sends.flatMap((s) => s.batches.map((b) => ({ topic: b.topic, message: b.messages[0]! })));
  return { consumer, transport, letters, handled: () => handled };
}

describe('schema id check', () => {
  it('match: handled; the answer is cached per id (one registry call for two messages)', async () => {
    const r = await registry();
    const s = setup({ registryUrl: r.url });
    expect(await s.consumer.process(message(3))).toMatchObject({ status: 'handled' });
    expect(await s.consumer.process(message(3))).toMatchObject({ status: 'handled' });
    expect(s.handled()).toBe(2);
    expect(r.calls).toEqual(['/schemas/ids/3/versions']);
  });

  it.each([
    { name: 'an id of another event type', id: 8 },
    { name: 'an id the registry does not know (40403)', id: 42 },
  ])('mismatch, $name: poison, dead-lettered with reason schema-mismatch, handler not run', async ({ id }) => {
    const r = await registry();
    const s = setup({ registryUrl: r.url });
    const outcome = await s.consumer.process(message(id));
    expect(outcome).toMatchObject({ status: 'dead-lettered', reason: 'schema-mismatch', eventType: 'user.created.v1', deadLetterTopic: 'user.created.dlq' });
    expect(outcome.status === 'dead-lettered' && outcome.error.message).toContain(`Schema id ${id} is not registered under subject "${userCreatedV1.subject}"`);
    expect(s.handled()).toBe(0);
    const letters = s.letters();
    expect(letters).toHaveLength(1);
    expect(letters[0]!.topic).toBe('user.created.dlq');
    expect(letters[0]!.message.headers?.[DLQ_HEADERS.reason]).toBe('schema-mismatch');
  });

  it("mismatch with onSchemaMismatch: 'skip' (no dead letter)", async () => {
    const r = await registry();
    const s = setup({ registryUrl: r.url, onSchemaMismatch: 'skip' });
    expect(await s.consumer.process(message(8))).toMatchObject({ status: 'skipped', reason: 'schema-mismatch' });
    expect(s.letters()).toEqual([]);
  });

  it('registry outage: the message waits and the lookup is retried with backoff, never dead-lettered; handled once the registry answers', async () => {
    const r = await registry();
    r.down(true);
    const observed: ObservedOutcome[] = [];
    const s = setup({
      registryUrl: r.url,
      registryBackoff: { initialDelayMs: 20, multiplier: 2, maxDelayMs: 80, jitter: 0 },
      onOutcome: (o) => void observed.push(o),
    });
    const pending = s.consumer.process(message(3));
    await new Promise((res) => setTimeout(res, 400));
    // Backoff 20, 40, 80, 80, …: about 6 lookups in 400 ms (a tight loop would make hundreds).
    expect(r.calls.length).toBeGreaterThanOrEqual(3);
    expect(r.calls.length).toBeLessThanOrEqual(8);
    expect(s.handled()).toBe(0);
    r.down(false);
    expect(await pending).toMatchObject({ status: 'handled' });
    expect(s.handled()).toBe(1);
    expect(s.letters()).toEqual([]);
    const waits = observed.filter((o) => o.status === 'retrying');
    expect(waits.map((o) => o.status === 'retrying' && [o.stage, o.attempt, o.delayMs]).slice(0, 4)).toEqual([
      ['schema-check', 1, 20],
      ['schema-check', 2, 40],
      ['schema-check', 3, 80],
      ['schema-check', 4, 80],
    ]);
    expect(waits[0]).toMatchObject({ eventType: 'user.created.v1', error: { name: 'SchemaRegistryError', retriable: true } });
    expect(r.calls.length).toBe(waits.length + 1);
  });

  it.each([
    [401, /HTTP 401: .*the registry refused the credentials: put user:password \(or key:secret\) in SCHEMA_REGISTRY_URL; the partition waits/],
    [403, /HTTP 403: .*these credentials may not read schemas: grant read access to \/schemas\/ids; the partition waits/],
    [503, /HTTP 503: .*\(http:\/\/127\.0\.0\.1:\d+\); the partition waits and asks again\.$/],
  ])('a registry answering %i: the partition waits (nothing unchecked passes), and each failure says what to fix', async (status, says) => {
    const r = await registry(status);
    r.down(true);
    const observed: ObservedOutcome[] = [];
    const s = setup({
      registryUrl: r.url,
      registryBackoff: { initialDelayMs: 10, multiplier: 1, maxDelayMs: 10, jitter: 0 },
      onOutcome: (o) => void observed.push(o),
    });
    const pending = s.consumer.process(message(3));
    await new Promise((res) => setTimeout(res, 100));
    expect(s.handled()).toBe(0);
    const first = observed.find((o) => o.status === 'retrying');
    expect(first && first.status === 'retrying' && first.error.message).toMatch(says);
    r.down(false);
    expect(await pending).toMatchObject({ status: 'handled' });
    expect(s.letters()).toEqual([]);
  });

  it('stop() during the wait for the registry: the message is left uncommitted (redelivered after the restart), not dead-lettered', async () => {
    const r = await registry();
    r.down(true);
    const s = setup({ registryUrl: r.url, registryBackoff: { initialDelayMs: 20, maxDelayMs: 40, jitter: 0 }, deadLetter: { ensure: 'off' } });
    await s.consumer.start();
    const committed = s.transport.deliver([message(3)]);
    await new Promise((res) => setTimeout(res, 150));
    await s.consumer.stop();
    expect(await committed).toEqual([false]);
    expect(s.handled()).toBe(0);
    expect(s.transport.sends).toEqual([]);
    expect(r.calls.length).toBeGreaterThanOrEqual(2);
  });

  it('unreachable registry (connection refused): waits for it on the same port, not poison', async () => {
    const r = await registry();
    const port = Number(new URL(r.url).port);
    await new Promise<void>((res) => server!.close(() => res()));
    server = undefined;
    const s = setup({ registryUrl: r.url, registryBackoff: { initialDelayMs: 20, maxDelayMs: 40, jitter: 0 } });
    const pending = s.consumer.process(message(3));
    await new Promise((res) => setTimeout(res, 200));
    expect(s.handled()).toBe(0);
    server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
      res.end(JSON.stringify(ANSWERS['3']![1]));
    });
    await new Promise<void>((res) => server!.listen(port, '127.0.0.1', res));
    expect(await pending).toMatchObject({ status: 'handled' });
    expect(s.letters()).toEqual([]);
  });

  it.each([
    { name: 'registryUrl: false (plain JSON mode)', options: { registryUrl: false as const }, id: 8 },
    { name: 'an unframed (plain JSON) message', options: {}, id: undefined },
    { name: 'no subjects given', options: { subjects: {} }, id: 8 },
  ])('no check: $name', async ({ options, id }) => {
    const r = await registry();
    const s = setup({ registryUrl: r.url, ...options });
    expect(await s.consumer.process(message(id))).toMatchObject({ status: 'handled' });
    expect(r.calls).toEqual([]);
  });
});
