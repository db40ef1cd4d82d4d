// The registered form: what other teams' default decoders compile. Default (strict) ajv instances must accept every
// registered schema with its references, keyed the way each client keys them; nothing of the contract is lost.
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../generator/core/json.js';
import {
  ANNOTATIONS_PROPERTY,
  annotationsOf,
  restoreAnnotations,
  toRegisteredForm,
  buildRegistrationView,
  envelopeSchema,
} from '../../../generator/registration/index.js';
import { makeCatalog } from '../../support/catalog.js';
import { CURRENCY, MONEY } from '../../support/schemas.js';

const contract: JsonObject = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  'x-partition-key': '/orderId',
  'x-owner': 'team-checkout',
  'x-sunset': '2027-06-30',
  deprecated: true,
  required: ['orderId', 'total'],
  properties: {
    orderId: { type: 'string', format: 'uuid', maxLength: 36 },
    'x-literal': { type: 'string', description: 'a property named like an extension is data, not a keyword' },
    total: { $ref: '../_shared/money.json' },
    tags: { type: 'array', items: { type: 'string', 'x-vendor': { nested: true } }, examples: [['x-owner-tag']] },
  },
  additionalProperties: false,
  examples: [{ orderId: '6d1e4c1a-5b0f-4f7e-9a64-2b3c4d5e6f70', total: { amount: '1', currency: 'EUR' } }],
};
const catalog = makeCatalog({
  events: [{ eventType: 'order.placed.v1', schema: contract }],
  shared: [
    { file: 'schemas/_shared/money.json', schema: { ...MONEY, 'x-owner': 'team-finance' } },
    { file: 'schemas/_shared/currency.json', schema: { ...CURRENCY, format: 'iso-4217' } },
  ],
});
const view = buildRegistrationView(catalog);
const unit = (subject: string) => view.units.find((u) => u.subject === subject)!;
const event = unit('order.placed-order.placed.v1');

describe('the registered form', () => {
  it('keeps only standard keywords: no x- keywords, no format, anywhere; property names are untouched', () => {
    for (const u of view.units) {
      expect(u.schemaText).not.toMatch(/"x-(owner|partition-key|sunset|vendor)"|"format"/);
    }
    const data = (event.schema.properties as any).data;
    expect(Object.keys(data.properties)).toEqual(['orderId', 'x-literal', 'total', 'tags']);
    expect(data.properties.tags.examples).toEqual([['x-owner-tag']]);
  });

  it('carries the contract metadata in Confluent schema metadata.properties', () => {
    expect(event.metadata?.properties).toMatchObject({ owner: 'team-checkout', partitionKey: '/orderId', sunset: '2027-06-30' });
    expect(unit('_shared.money').metadata?.properties).toMatchObject({ owner: 'team-finance' });
  });

  it('is lossless: the removed keywords restore the envelope exactly', () => {
    const annotations = annotationsOf(event.metadata);
    expect(annotations).toBeDefined();
    expect(event.metadata?.properties[ANNOTATIONS_PROPERTY]).toBeDefined();
    const restored = restoreAnnotations(event.schema, annotations!);
    const data = (restored.properties as any).data;
    expect(data['x-owner']).toBe('team-checkout');
    expect(data.properties.orderId.format).toBe('uuid');
    expect(data.properties.tags.items['x-vendor']).toEqual({ nested: true });
    expect((restored.properties as any).eventId.format).toBe('uuid');
  });

  it('names each referenced schema by an $id equal to its reference name', () => {
    expect(unit('_shared.money').schema.$id).toBe('/_shared/money.json');
    expect(unit('_shared.currency').schema.$id).toBe('/_shared/currency.json');
    expect(event.references.map((r) => r.name)).toEqual(['/_shared/money.json']);
  });

  // @kafkajs/confluent-schema-registry adds referenced schemas by their $id; Confluent's JsonDeserializer by reference name.
  it.each([
    ['by $id (kafkajs client)', (s: JsonObject) => [s, s.$id as string] as const],
    ['by reference name (Confluent client)', (s: JsonObject, name: string) => [s, name] as const],
  ])('compiles in a default strict draft-07 ajv with references added %s, and validates', (_, keyed) => {
    const ajv = new Ajv();
    for (const u of view.units.filter((x) => x.kind === 'shared')) {
      const [schema, key] = keyed(JSON.parse(u.schemaText), u.referenceName!);
      ajv.addSchema(schema, key);
    }
    const validate = ajv.compile(JSON.parse(event.schemaText));
    const envelope = (total: unknown) => ({
      eventId: '6d1e4c1a-5b0f-4f7e-9a64-2b3c4d5e6f70',
      eventType: 'order.placed.v1',
      eventVersion: '1.0.0',
      timestamp: '2026-11-02T10:00:00Z',
      source: 'test',
      data: { orderId: 'o-1', total },
    });
    expect(validate(envelope({ amount: '1', currency: 'EUR' }))).toBe(true);
    expect(validate(envelope({ amount: '1', currency: 'euro' }))).toBe(false);
  });

  it('a 2020-12 contract compiles in a default strict Ajv2020 instance', () => {
    const { schema } = toRegisteredForm(
      envelopeSchema(
        { eventType: 'a.b.v1', version: 1, draft: '2020-12' },
        { type: 'object', 'x-owner': 't', $defs: { d: { type: 'string', format: 'email' } }, properties: { p: { $ref: '#/properties/data/$defs/d' } } },
      ),
      '2020-12',
    );
    expect(() => new Ajv2020().compile(schema)).not.toThrow();
  });
});

describe('the example repository, registered', () => {
  // Each client picks its validator from the root's $schema: Confluent's Ajv2020 for 2020-12, else a draft-07 instance.
  it('every event bundle loads in a default strict ajv of its draft, and its examples validate', async () => {
    const { loadCatalog } = await import('../../../generator/load/index.js');
    const { fileURLToPath } = await import('node:url');
    const repo = await loadCatalog({ root: fileURLToPath(new URL('../../../', import.meta.url)) });
    const registered = buildRegistrationView(repo);
    expect(registered.diagnostics).toEqual([]);
    const shared = registered.units.filter((u) => u.kind === 'shared');
    const events = registered.units.filter((u) => u.kind === 'event');
    expect(events.length).toBe(repo.events.length);
    for (const u of events) {
      const root = JSON.parse(u.schemaText) as JsonObject;
      const ajv = root.$schema === 'https://json-schema.org/draft/2020-12/schema' ? new Ajv2020() : new Ajv();
      for (const s of shared) ajv.addSchema(JSON.parse(s.schemaText), s.referenceName);
      const validate = ajv.compile(root);
      const contract = repo.events.find((e) => e.eventType === u.eventType)!;
      for (const data of contract.examples) {
        const envelope = {
          eventId: '6d1e4c1a-5b0f-4f7e-9a64-2b3c4d5e6f70',
          eventType: u.eventType,
          eventVersion: `${contract.version}.0.0`,
          timestamp: '2026-11-02T10:00:00Z',
          source: 'test',
          data,
        };
        expect(validate(envelope), `${u.eventType}: ${JSON.stringify(validate.errors)}`).toBe(true);
      }
    }
  });
});
