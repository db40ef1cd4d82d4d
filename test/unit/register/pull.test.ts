import { afterEach, describe, expect, it } from 'vitest';
import { buildRegistrationView } from '../../../generator/registration/index.js';
import { RegistryClient } from '../../../generator/register/client.js';
import { planPull, slug } from '../../../generator/register/pull.js';
import { makeCatalog } from '../../support/catalog.js';
import { CURRENCY, MONEY, orderPlaced } from '../../support/schemas.js';
import { startFakeRegistry, type FakeRegistry } from './fake-registry.js';

let registry: FakeRegistry | undefined;
let client: RegistryClient | undefined;
afterEach(async () => {
  client?.close();
  await registry?.close();
});

const view = buildRegistrationView(
  makeCatalog({
    events: [{ eventType: 'order.placed.v1', schema: orderPlaced() }],
    shared: [
      { file: 'schemas/_shared/money.json', schema: MONEY },
      { file: 'schemas/_shared/currency.json', schema: CURRENCY },
    ],
  }),
);
const text = (subject: string) => view.units.find((u) => u.subject === subject)!.schemaText;
const metadata = (subject: string) => view.units.find((u) => u.subject === subject)!.metadata;

describe('planPull', () => {
  it('maps every kind of subject to a file of the layout', async () => {
    registry = await startFakeRegistry({
      '_shared.currency': [{ schema: text('_shared.currency') }],
      '_shared.money': [{ schema: text('_shared.money'), references: [{ name: '/_shared/currency.json', subject: '_shared.currency', version: 1 }] }],
      'order.placed-order.placed.v1': [
        {
          schema: text('order.placed-order.placed.v1'),
          metadata: metadata('order.placed-order.placed.v1'),
          references: [{ name: '/_shared/money.json', subject: '_shared.money', version: 1 }],
        },
      ],
      'other-topic-order.placed.v1': [
        {
          schema: text('order.placed-order.placed.v1').replace('"maxLength":64', '"maxLength":65'),
          references: [{ name: '/_shared/money.json', subject: '_shared.money', version: 1 }],
        },
      ],
      'orders-value': [
        {
          schema: JSON.stringify({ title: 'Order', type: 'object', properties: { a: { $ref: 'https://example.com/x.json#/definitions/a' } } }),
          references: [{ name: 'https://example.com/x.json', subject: 'x-ref', version: 1 }],
        },
      ],
      'x-ref': [{ schema: JSON.stringify({ definitions: { a: { type: 'string' } } }) }],
      'legacy-thing': [{ schema: JSON.stringify({ title: 'legacy.thing.v3', type: 'object' }) }],
      'payments-value': [{ schema: '{"type":"record","name":"P","fields":[]}', schemaType: 'AVRO' }],
    });
    client = new RegistryClient({ url: registry.url });
    const plan = await planPull({ client });
    expect(plan.files.map((f) => [f.path, f.subject, f.origin])).toEqual([
      ['schemas/_imported/https-example-com-x.json', 'x-ref', 'reference'],
      ['schemas/_shared/currency.json', '_shared.currency', 'reference'],
      ['schemas/_shared/money.json', '_shared.money', 'reference'],
      ['schemas/imported/orders-value.v1.json', 'orders-value', 'schema'],
      ['schemas/legacy/thing.v3.json', 'legacy-thing', 'schema'],
      ['schemas/order/placed.v1.json', 'order.placed-order.placed.v1', 'envelope'],
    ]);
    expect(plan.skipped).toEqual([
      {
        subject: 'other-topic-order.placed.v1',
        reason:
          'it maps to schemas/order/placed.v1.json like subject "order.placed-order.placed.v1", with different content; pulled "order.placed-order.placed.v1"',
      },
      { subject: 'payments-value', reason: 'its schema type is AVRO, not JSON' },
    ]);
    const file = (p: string) => JSON.parse(plan.files.find((f) => f.path === p)!.content);
    expect(file('schemas/order/placed.v1.json')).toEqual({ ...orderPlaced() });
    expect(file('schemas/_shared/money.json').properties.currency).toEqual({ $ref: './currency.json' });
    expect(file('schemas/imported/orders-value.v1.json').properties.a).toEqual({ $ref: '../_imported/https-example-com-x.json#/definitions/a' });
  });

  it.each([
    ['orders-value', 'orders-value'],
    ['Payments.Value', 'payments-value'],
    ['42-things', 's-42-things'],
    ['__', 's-subject'],
  ])('slug(%s) = %s', (input, want) => expect(slug(input)).toBe(want));
});
