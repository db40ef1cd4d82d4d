// The consumer checks that a frame's schema id is registered under its envelope's event type's subject.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsumer, DLQ_HEADERS, encodeEvent, type ConsumerOptions } from '../../../runtime/src/index.js';
import { asIncoming, fakeTransport, tolerantValidators, userCreatedV1, userCreatedV2, type UserEvent } from './fakes.js';

const silent = { error: () => undefined, warn: () => undefined };
const SUBJECTS = { 'user.created.v1': userCreatedV1.subject, 'user.created.v2': userCreatedV2.subject };
const message = (schemaId?: number) =>
  asIncoming(
    'user.created',
    encodeEvent(userCreatedV1, { userId: 'u1', email: 'a@x.io' }, { source: 's', schemaId }).message,
    '7',
  );

/** Registry answers of `GET /schemas/ids/{id}/versions`, by id; anything else is a 500. */
const ANSWERS: Record<string, [number, unknown]> = {
  '3': [200, [{ subject: userCreatedV1.subject, version: 1 }, { subject: 'also-here', version: 4 }]],
  '8': [200, [{ subject: userCreatedV2.subject, version: 1 }]],
  '42': [404, { error_code: 40403, message: 'Schema 42 not found' }],
};

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function registry(): Promise<{ url: string; calls: string[]; down: (v: boolean) => void }> {
  const calls: string[] = [];
  let failing = false;
  server = createServer((req, res) => {
    calls.push(req.url ?? '');
    const id = /^\/schemas\/ids\/(\d+)\/versions$/.exec(req.url ?? '')?.[1] ?? '';
    const [status, body] = failing ? [503, { error_code: 50003, message: 'unavailable' }] : (ANSWERS[id] ?? [500, { message: 'boom' }]);
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
  return { consumer, letters, handled: () => handled };
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

  it('registry outage: failed (redelivered), never dead-lettered; handled once the registry answers again', async () => {
    const r = await registry();
    r.down(true);
    const s = setup({ registryUrl: r.url });
    const outcome = await s.consumer.process(message(3));
    expect(outcome).toMatchObject({ status: 'failed', eventType: 'user.created.v1' });
    expect(outcome.status === 'failed' && outcome.error).toMatchObject({ name: 'SchemaRegistryError', retriable: true });
    expect(s.letters()).toEqual([]);
    expect(s.handled()).toBe(0);
    r.down(false);
    expect(await s.consumer.process(message(3))).toMatchObject({ status: 'handled' });
    expect(r.calls).toEqual(['/schemas/ids/3/versions', '/schemas/ids/3/versions']);
  });

  it('unreachable registry: failed, not poison', async () => {
    const r = await registry();
    await new Promise<void>((res) => server!.close(() => res()));
    server = undefined;
    const s = setup({ registryUrl: r.url });
    expect(await s.consumer.process(message(3))).toMatchObject({ status: 'failed', error: { retriable: true } });
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
