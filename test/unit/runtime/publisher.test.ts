import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  createPublisher,
  unframe,
  UnknownSchemaIdError,
  ValidationError,
  type Logger,
  type PublisherOptions,
} from '../../../runtime/src/index.js';
import { fakeTransport, orderPlaced, userCreatedV1, userCreatedV2 } from './fakes.js';

const data = { userId: 'u-1', email: 'a@example.com' };
const silent: Logger = { error: () => undefined, warn: () => undefined };

function setup(extra: PublisherOptions = {}) {
  const transport = fakeTransport();
  const errors: string[] = [];
  // Without a registry or pinned ids, plain JSON must be chosen explicitly (these tests are not about framing).
  const framing: PublisherOptions = extra.registryUrl || extra.schemaIds || extra.frameUnknownSchema ? {} : { frameUnknownSchema: 'send-unframed' };
  const publisher = createPublisher({
    transport,
    source: 'svc',
    logger: { ...silent, error: (m) => errors.push(m) },
    ...framing,
    ...extra,
  });
  return { transport, publisher, errors };
}

describe('publish', () => {
  it('sends one framed, gzip-compressed message to the topic and resolves with the envelope', async () => {
    const { transport, publisher } = setup({ schemaIds: { 'user.created-user.created.v1': 5 } });
    const env = await publisher.publish(userCreatedV1, data, { correlationId: 'c1' });
    expect(transport.sends).toHaveLength(1);
    const req = transport.sends[0]!;
    expect(req.compression).toBe('gzip');
    expect(req.batches).toHaveLength(1);
    expect(req.batches[0]!.topic).toBe('user.created');
    const msg = req.batches[0]!.messages[0]!;
    expect(msg.key).toBe('u-1');
    expect(msg.headers['ce_id']).toBe(env.eventId);
    expect(msg.headers['correlation_id']).toBe('c1');
    expect(unframe(msg.value).schemaId).toBe(5);
    expect(env).toMatchObject({ eventType: 'user.created.v1', source: 'svc', correlationId: 'c1', data });
  });

  it('connects the shared producer once, lazily', async () => {
    const { transport, publisher } = setup();
    expect(transport.connects).toBe(0);
    await Promise.all([publisher.publish(userCreatedV1, data), publisher.publish(userCreatedV1, data)]);
    await publisher.publish(userCreatedV1, data);
    expect(transport.connects).toBe(1);
    await publisher.disconnect();
    expect(transport.disconnects).toBe(1);
  });

  it('honours compression', async () => {
    const { transport, publisher } = setup({ compression: 'none' });
    await publisher.publish(userCreatedV1, data);
    expect(transport.sends[0]!.compression).toBe('none');
  });

  it('rejects invalid data before sending anything', async () => {
    const { transport, publisher } = setup();
    await expect(publisher.publish(userCreatedV1, { userId: 'u' } as typeof data)).rejects.toBeInstanceOf(ValidationError);
    expect(transport.sends).toHaveLength(0);
  });

  it('rejects with the transport error', async () => {
    const { transport, publisher } = setup();
    transport.failNextSend = new Error('broker down');
    await expect(publisher.publish(userCreatedV1, data)).rejects.toThrow('broker down');
  });

  it('refuses after disconnect', async () => {
    const { publisher } = setup();
    await publisher.disconnect();
    await expect(publisher.publish(userCreatedV1, data)).rejects.toThrow(/disconnected/);
  });

  it('needs a source', () => {
    const old = process.env['KAFKA_CLIENT_ID'];
    delete process.env['KAFKA_CLIENT_ID'];
    try {
      expect(() => createPublisher({ transport: fakeTransport() })).toThrow(ConfigurationError);
    } finally {
      if (old !== undefined) process.env['KAFKA_CLIENT_ID'] = old;
    }
  });

  it('without a transport needs brokers: ConfigurationError naming KAFKA_BROKERS', () => {
    const old = process.env['KAFKA_BROKERS'];
    delete process.env['KAFKA_BROKERS'];
    try {
      expect(() => createPublisher({ source: 's', frameUnknownSchema: 'send-unframed' })).toThrow(/KAFKA_BROKERS is not set/);
    } finally {
      if (old !== undefined) process.env['KAFKA_BROKERS'] = old;
    }
  });

  it('refuses invalid static schema ids', () => {
    expect(() => createPublisher({ transport: fakeTransport(), source: 's', schemaIds: { s: -1 } })).toThrow(/schemaIds\["s"\] is -1/);
  });
});

describe('publishBatch', () => {
  it('sends many events in one request, grouped per topic, order kept', async () => {
    const { transport, publisher } = setup();
    const envs = await publisher.publishBatch([
      { def: userCreatedV1, data: { userId: 'a', email: 'a@x.io' } },
      { def: orderPlaced, data: { orderId: 'o1' } },
      { def: userCreatedV2, data: { userId: 'b', emails: [] } },
      { def: userCreatedV1, data: { userId: 'c', email: 'c@x.io' } },
    ]);
    expect(envs.map((e) => e.eventType)).toEqual(['user.created.v1', 'order.placed.v1', 'user.created.v2', 'user.created.v1']);
    expect(transport.sends).toHaveLength(1);
    const batches = transport.sends[0]!.batches;
    expect(batches.map((b) => [b.topic, b.messages.map((m) => m.key)])).toEqual([
      ['user.created', ['a', 'b', 'c']],
      ['order.placed', ['o1']],
    ]);
  });

  it('sends nothing when one item is invalid', async () => {
    const { transport, publisher } = setup();
    await expect(
      publisher.publishBatch([
        { def: userCreatedV1, data },
        { def: userCreatedV1, data: { userId: 'x' } },
      ]),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(transport.sends).toHaveLength(0);
  });

  it('names the failing item by its index in the batch', async () => {
    const { publisher } = setup();
    const error = (await publisher
      .publishBatch([
        { def: userCreatedV1, data },
        { def: userCreatedV1, data },
        { def: userCreatedV1, data: { userId: 'x' } },
      ])
      .catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.batchIndex).toBe(2);
    expect(error.message).toMatch(/^publishBatch item 2: user\.created\.v1 data is invalid/);
  });
});

describe('emit', () => {
  it('returns at once and sends the events of one tick as one request', async () => {
    const { transport, publisher } = setup();
    publisher.emit(userCreatedV1, data);
    publisher.emit(orderPlaced, { orderId: 'o' });
    expect(transport.sends).toHaveLength(0);
    await publisher.flush();
    expect(transport.sends).toHaveLength(1);
    expect(transport.sends[0]!.batches.map((b) => b.topic)).toEqual(['user.created', 'order.placed']);
  });

  it('never throws: invalid data goes to logger.error and onError, the other events still go out', async () => {
    const seen: { error: Error; eventType: string }[] = [];
    const { transport, publisher, errors } = setup({ onError: (error, ctx) => seen.push({ error, eventType: ctx.eventType }) });
    expect(() => publisher.emit(userCreatedV1, { userId: 'x' } as typeof data)).not.toThrow();
    publisher.emit(userCreatedV1, data);
    await publisher.flush();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.error).toBeInstanceOf(ValidationError);
    expect(seen[0]!.eventType).toBe('user.created.v1');
    expect(errors[0]).toMatch(/^emit of user\.created\.v1 failed: user\.created\.v1 data is invalid/);
    expect(transport.sends[0]!.batches[0]!.messages).toHaveLength(1);
  });

  it('reports send failures for every event, and a throwing hook breaks nothing', async () => {
    const { transport, publisher, errors } = setup({
      onError: () => {
        throw new Error('bad hook');
      },
    });
    transport.failNextSend = new Error('broker down');
    publisher.emit(userCreatedV1, data);
    publisher.emit(userCreatedV1, data);
    await publisher.flush();
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain('broker down');
  });

  it('does not throw after disconnect, reports instead', async () => {
    const { publisher, errors } = setup();
    await publisher.disconnect();
    publisher.emit(userCreatedV1, data);
    expect(errors[0]).toMatch(/disconnected/);
  });

  it('flushes early at emitMaxBatch', async () => {
    const { transport, publisher } = setup({ emitMaxBatch: 2 });
    for (let i = 0; i < 5; i++) publisher.emit(userCreatedV1, data);
    await publisher.flush();
    expect(transport.sends.map((s) => s.batches[0]!.messages.length)).toEqual([2, 2, 1]);
  });

  it('snapshots the data at emit time', async () => {
    const { transport, publisher } = setup();
    const mutable = { ...data };
    publisher.emit(userCreatedV1, mutable);
    mutable.email = 'changed@example.com';
    await publisher.flush();
    const sent = JSON.parse(transport.sends[0]!.batches[0]!.messages[0]!.value.toString()) as { data: typeof data };
    expect(sent.data.email).toBe('a@example.com');
  });

  it('flushes early at emitMaxBatchBytes', async () => {
    const { transport, publisher } = setup({ emitMaxBatchBytes: 1 });
    publisher.emit(userCreatedV1, data);
    publisher.emit(userCreatedV1, data);
    await publisher.flush();
    expect(transport.sends.map((s) => s.batches[0]!.messages.length)).toEqual([1, 1]);
  });

  it('disconnect() sends what is queued first', async () => {
    const { transport, publisher } = setup();
    publisher.emit(userCreatedV1, data);
    await publisher.disconnect();
    expect(transport.sends).toHaveLength(1);
  });
});

describe('schema ids and the unknown-schema policy', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  async function registry(answer: (subject: string) => [number, unknown]): Promise<{ url: string; calls: string[] }> {
    const calls: string[] = [];
    server = createServer((req, res) => {
      const subject = decodeURIComponent((req.url ?? '').replace(/^\/subjects\//, ''));
      calls.push(`${req.method} ${subject}`);
      const [status, body] = answer(subject);
      res.writeHead(status, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, calls };
  }

  it('looks the id up in the registry once and frames with it', async () => {
    const reg = await registry(() => [200, { subject: 's', id: 77, version: 1 }]);
    const { transport, publisher } = setup({ registryUrl: reg.url });
    await publisher.publish(userCreatedV1, data);
    await publisher.publish(userCreatedV1, data);
    expect(reg.calls).toEqual(['POST user.created-user.created.v1']);
    expect(transport.sends.map((s) => unframe(s.batches[0]!.messages[0]!.value).schemaId)).toEqual([77, 77]);
  });

  it('refuses (default with a registry) when the schema is not registered', async () => {
    const reg = await registry(() => [404, { error_code: 40403, message: 'Schema not found' }]);
    const { transport, publisher } = setup({ registryUrl: reg.url });
    const p = publisher.publish(userCreatedV1, data);
    await expect(p).rejects.toBeInstanceOf(UnknownSchemaIdError);
    await expect(p).rejects.toThrow(/subject "user\.created-user\.created\.v1".*has no such schema.*contracts register/);
    expect(transport.sends).toHaveLength(0);
  });

  it("sends plain JSON with frameUnknownSchema: 'send-unframed'", async () => {
    const reg = await registry(() => [404, { error_code: 40401, message: 'Subject not found' }]);
    const { transport, publisher } = setup({ registryUrl: reg.url, frameUnknownSchema: 'send-unframed' });
    await publisher.publish(userCreatedV1, data);
    expect(unframe(transport.sends[0]!.batches[0]!.messages[0]!.value).schemaId).toBeUndefined();
  });

  it('refuses at creation without a registry, naming SCHEMA_REGISTRY_URL; sends plain JSON only when chosen explicitly', async () => {
    const old = process.env['SCHEMA_REGISTRY_URL'];
    delete process.env['SCHEMA_REGISTRY_URL'];
    try {
      const transport = fakeTransport();
      expect(() => createPublisher({ transport, source: 'svc', logger: silent })).toThrow(ConfigurationError);
      expect(() => createPublisher({ transport, source: 'svc', logger: silent })).toThrow(
        /SCHEMA_REGISTRY_URL is not set.*frameUnknownSchema: 'send-unframed'/,
      );
      expect(() => createPublisher({ transport, source: 'svc', logger: silent, registryUrl: '  ' })).toThrow(/SCHEMA_REGISTRY_URL/);
      expect(transport.sends).toHaveLength(0);
      const { publisher } = setup({ transport, frameUnknownSchema: 'send-unframed' });
      await publisher.publish(userCreatedV1, data);
      expect(transport.sends[0]!.batches[0]!.messages[0]!.value[0]).toBe(0x7b);
      // Pinned ids are enough: no registry needed, and an unpinned subject is refused, not sent unframed.
      const pinned = setup({ schemaIds: { other: 1 } });
      await expect(pinned.publisher.publish(userCreatedV1, data)).rejects.toThrow(/No schema id is known/);
      expect(pinned.transport.sends).toHaveLength(0);
    } finally {
      if (old !== undefined) process.env['SCHEMA_REGISTRY_URL'] = old;
    }
  });
});
