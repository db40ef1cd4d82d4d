/**
 * `contracts asyncapi` on a copy of the example repository: the official parser (@asyncapi/parser)
 * reports no error and no warning, the document carries what the issue asks (topics as channels,
 * send/receive operations, the registered envelope as payload, Kafka key binding from
 * x-partition-key, CloudEvents headers, examples, deprecation + sunset, owner, shared definitions
 * referenced from components/schemas), servers appear only when configured, output is byte-stable,
 * and --check detects drift.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyExampleRepo } from '../../support/repo.js';
import { asyncapiCommand } from '../../../generator/cli/commands/asyncapi.js';
import { writeAsyncApi } from '../../../generator/asyncapi/index.js';
import type { JsonObject } from '../../../generator/core/json.js';
import { loadCatalog } from '../../../generator/load/index.js';
import { parserProblems } from './parser.js';

let root: string;

beforeEach(() => {
  root = copyExampleRepo('contracts-asyncapi-');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function cli(args: { out?: string; format?: 'json' | 'yaml'; check?: boolean }) {
  let stdout = '';
  let stderr = '';
  const code = await asyncapiCommand.run(
    { cwd: root, check: false, ...args },
    { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false },
  );
  return { code, stdout, stderr };
}

describe('contracts asyncapi on the example repository', () => {
  it('passes the official parser with no error and no warning, in YAML and JSON', async () => {
    for (const format of ['yaml', 'json'] as const) {
      const { text } = await writeAsyncApi({ catalog: await loadCatalog({ root }), format });
      const { problems, messages } = await parserProblems(text);
      expect(problems).toEqual([]);
      expect(messages).toBe(5);
    }
  });

  it('maps topics, operations, payloads, keys, headers, examples, deprecation, owner and shared definitions', async () => {
    const { text } = await writeAsyncApi({ catalog: await loadCatalog({ root }), format: 'json' });
    const doc = JSON.parse(text) as any;
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc.servers).toBeUndefined();
    expect(Object.values(doc.channels).map((c: any) => c.address)).toEqual(['order.item.added', 'order.placed', 'payments', 'user.created']);
    // x-topic honoured: payment.processed.v1 declares "payments".
    expect(Object.keys(doc.channels.payments.messages)).toEqual(['payment.processed.v1']);
    expect(Object.keys(doc.channels['order.placed'].messages)).toEqual(['order.placed.v1', 'order.placed.v2']);
    expect(doc.operations['send.order.placed']).toMatchObject({ action: 'send', channel: { $ref: '#/channels/order.placed' } });
    expect(doc.operations['receive.order.placed'].action).toBe('receive');
    const v2 = doc.components.messages['order.placed.v2'];
    expect(v2.payload).toEqual({ $ref: '#/components/schemas/order.placed.v2' });
    expect(v2.contentType).toBe('application/json');
    expect(v2.bindings.kafka.key).toMatchObject({ type: 'string', format: 'uuid', 'x-partition-key': '/orderId' });
    expect(v2.headers.properties.ce_type.const).toBe('order.placed.v2');
    expect(v2.headers.properties.traceparent.type).toBe('string');
    expect(v2.examples[0].payload.data.orderId).toBe('6d1e4c1a-5b0f-4f7e-9a64-2b3c4d5e6f70');
    expect(v2.examples[0].payload.eventType).toBe('order.placed.v2');
    expect(v2.tags).toContainEqual({ name: 'owner:team-checkout' });
    expect(v2['x-owner']).toBe('team-checkout');
    const v1 = doc.components.messages['order.placed.v1'];
    expect(v1['x-deprecated']).toBe(true);
    expect(v1['x-sunset']).toBe('2027-06-30');
    expect(doc.components.schemas['order.placed.v1'].deprecated).toBe(true);
    // The payload is the registered envelope; shared Money is referenced, not copied.
    const envelope = doc.components.schemas['order.placed.v2'];
    expect(envelope.required).toEqual(['eventId', 'eventType', 'eventVersion', 'timestamp', 'source', 'data']);
    expect(envelope.properties.eventType.const).toBe('order.placed.v2');
    expect(envelope.properties.data.properties.total).toEqual({ $ref: '#/components/schemas/_shared.money' });
    expect(envelope.properties.data.properties.lines.items).toEqual({ $ref: '#/components/schemas/order.placed.v2/properties/data/definitions/orderLine' });
    expect(JSON.stringify(envelope)).not.toContain('ISO 4217'); // Money's own description lives only in its component
    expect(doc.components.schemas['_shared.money'].properties.amountMinor.type).toBe('integer');
  });

  it('emits servers only when the config lists them', async () => {
    const config = JSON.parse(readFileSync(path.join(root, 'contracts.config.json'), 'utf8')) as JsonObject;
    config.asyncapi = { title: 'Acme events', servers: { production: { host: 'kafka-1.internal:9092', description: 'Production cluster' } } };
    writeFileSync(path.join(root, 'contracts.config.json'), JSON.stringify(config));
    const { text } = await writeAsyncApi({ catalog: await loadCatalog({ root }), format: 'yaml' });
    const doc = parseYaml(text) as any;
    expect(doc.servers).toEqual({ production: { host: 'kafka-1.internal:9092', protocol: 'kafka', description: 'Production cluster' } });
    expect(doc.info.title).toBe('Acme events');
    expect((await parserProblems(text)).problems).toEqual([]);
  });

  it('is deterministic and --check detects drift', async () => {
    const first = await cli({ out: 'asyncapi.yaml' });
    expect(first.code).toBe(0);
    const bytes = readFileSync(path.join(root, 'asyncapi.yaml'), 'utf8');
    expect((await cli({ out: 'asyncapi.yaml' })).stdout).toContain('Unchanged: asyncapi.yaml');
    expect(readFileSync(path.join(root, 'asyncapi.yaml'), 'utf8')).toBe(bytes);
    expect((await cli({ out: 'asyncapi.yaml', check: true })).code).toBe(0);
    const schema = path.join(root, 'schemas/user/created.v1.json');
    writeFileSync(schema, readFileSync(schema, 'utf8').replace('"description": "', '"description": "Changed. '));
    const stale = await cli({ out: 'asyncapi.yaml', check: true });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('asyncapi.yaml is stale');
    expect(readFileSync(path.join(root, 'asyncapi.yaml'), 'utf8')).toBe(bytes);
  });

  it('--check without --out is a usage error', async () => {
    await expect(cli({ check: true })).rejects.toThrow(/needs the file to compare with/);
  });
});
