// Confluent schema metadata (7.4+) in the embedded registry: kept, returned, part of a schema's identity, durable.
import { afterAll, describe, expect, it } from 'vitest';
import { objectSchema, startTestRegistry, tempDir, type TestRegistry } from './helpers.js';

const schema = objectSchema({ a: 'string' });
const meta = (owner: string) => ({ metadata: { properties: { owner, partitionKey: '/a' } } });
const running: TestRegistry[] = [];
afterAll(async () => {
  for (const r of running) await r.close();
});

describe('schema metadata', () => {
  it('is returned by version and by id, distinguishes versions, and survives a restart', async () => {
    const dir = await tempDir();
    try {
      const first = await startTestRegistry({ dataDir: dir.path });
      const one = await first.register('s', schema, meta('team-a'));
      expect(one.status).toBe(200);
      expect((await first.register('s', schema, meta('team-a'))).body.version).toBe(1);
      const two = await first.register('s', schema, meta('team-b'));
      expect(two.body.version).toBe(2);
      expect(two.body.id).not.toBe(one.body.id);
      expect((await first.call('GET', '/subjects/s/versions/1')).body.metadata).toEqual({ properties: { owner: 'team-a', partitionKey: '/a' } });
      expect((await first.call('GET', `/schemas/ids/${two.body.id}`)).body.metadata).toEqual({ properties: { owner: 'team-b', partitionKey: '/a' } });
      const lookup = await first.call('POST', '/subjects/s', { schemaType: 'JSON', schema: JSON.stringify(schema), ...meta('team-a') });
      expect(lookup.body.version).toBe(1);
      await first.close();
      const again = await startTestRegistry({ dataDir: dir.path });
      running.push(again);
      expect((await again.call('GET', '/subjects/s/versions/2')).body.metadata.properties.owner).toBe('team-b');
    } finally {
      await dir.remove();
    }
  });

  it('refuses metadata that is not {properties: {name: string}} with 42201', async () => {
    const r = await startTestRegistry();
    running.push(r);
    const reply = await r.register('bad', schema, { metadata: { properties: { owner: 7 } } });
    expect([reply.status, reply.body.error_code]).toEqual([422, 42201]);
    expect(reply.body.message).toContain('"metadata" must be');
  });
});
