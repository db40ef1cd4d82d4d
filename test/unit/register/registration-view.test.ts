import { describe, expect, it } from 'vitest';
import type { SubjectNameStrategy } from '../../../generator/core/config.js';
import {
  buildRegistrationView,
  canonicalSchemaText,
  eventSubject,
  isOurEnvelope,
  rewriteForRepository,
  sharedSubject,
} from '../../../generator/registration/index.js';
import { topologicalOrder } from '../../../generator/registration/graph.js';
import { relativePath } from '../../../generator/registration/references.js';
import { sharedReferenceName } from '../../../generator/registration/subjects.js';
import { makeCatalog } from '../../support/catalog.js';
import { CURRENCY, MONEY, orderPlaced } from '../../support/schemas.js';

describe('subject naming strategies', () => {
  const cases: { strategy: SubjectNameStrategy; want: string }[] = [
    { strategy: 'RecordNameStrategy', want: 'order.placed.v2' },
    { strategy: 'TopicRecordNameStrategy', want: 'orders-order.placed.v2' },
    { strategy: 'TopicNameStrategy', want: 'orders-value' },
  ];
  it.each(cases)('$strategy → $want', ({ strategy, want }) => {
    expect(eventSubject(strategy, { topic: 'orders', eventType: 'order.placed.v2' })).toBe(want);
  });

  it.each([
    ['schemas/_shared/money.json', '/_shared/money.json', '_shared.money'],
    ['schemas/_shared/geo/point.json', '/_shared/geo/point.json', '_shared.geo.point'],
  ])('shared %s → name %s, subject %s', (file, name, subject) => {
    expect(sharedReferenceName(file)).toBe(name);
    expect(sharedSubject(file)).toBe(subject);
  });

  it('TopicNameStrategy is refused for a topic carrying two majors, and only for that topic', () => {
    const catalog = makeCatalog({
      events: [
        { eventType: 'order.placed.v1', schema: { type: 'object' } },
        { eventType: 'order.placed.v2', schema: { type: 'object' } },
        { eventType: 'user.created.v1', schema: { type: 'object' } },
      ],
      config: { subjectNameStrategy: 'TopicNameStrategy' },
    });
    const view = buildRegistrationView(catalog);
    expect(view.units.map((u) => u.subject)).toEqual(['user.created-value']);
    expect(view.diagnostics.map((d) => [d.ruleId, d.file])).toEqual([
      ['REGISTER_TOPIC_NAME_STRATEGY_CONFLICT', 'schemas/order/placed.v1.json'],
      ['REGISTER_TOPIC_NAME_STRATEGY_CONFLICT', 'schemas/order/placed.v2.json'],
    ]);
    expect(view.diagnostics[0]?.message).toContain('TopicRecordNameStrategy');
  });

  it('the default strategy gives each major its own subject on a shared topic', () => {
    const catalog = makeCatalog({
      events: [
        { eventType: 'order.placed.v1', schema: { type: 'object' } },
        { eventType: 'order.placed.v2', schema: { type: 'object' } },
      ],
    });
    expect(buildRegistrationView(catalog).units.map((u) => u.subject)).toEqual(['order.placed-order.placed.v1', 'order.placed-order.placed.v2']);
  });
});

describe('the registered envelope', () => {
  const catalog = makeCatalog({
    events: [{ eventType: 'order.placed.v3', schema: orderPlaced({ lines: { type: 'array', items: { $ref: '#/definitions/line' } } }) }],
    shared: [
      { file: 'schemas/_shared/money.json', schema: MONEY },
      { file: 'schemas/_shared/currency.json', schema: CURRENCY },
    ],
  });
  const view = buildRegistrationView(catalog);
  const event = view.units.find((u) => u.kind === 'event');

  it('wraps the contract as data with eventType const and eventVersion pinned to the major', () => {
    expect(event?.schema).toMatchObject({
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: 'order.placed.v3',
      type: 'object',
      required: ['eventId', 'eventType', 'eventVersion', 'timestamp', 'source', 'data'],
      additionalProperties: false,
      properties: {
        eventId: { type: 'string', minLength: 36, maxLength: 36 },
        eventType: { const: 'order.placed.v3' },
        eventVersion: { pattern: '^3\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$' },
        timestamp: { type: 'string', maxLength: 64 },
      },
    });
    const props = event?.schema.properties as Record<string, unknown>;
    expect(Object.keys(props).sort()).toEqual(['correlationId', 'data', 'eventId', 'eventType', 'eventVersion', 'source', 'timestamp', 'traceId']);
    expect(isOurEnvelope(event?.schema ?? {})).toBe(true);
    expect(new RegExp((props.eventVersion as { pattern: string }).pattern).test('3.12.0')).toBe(true);
    expect(new RegExp((props.eventVersion as { pattern: string }).pattern).test('2.0.0')).toBe(false);
  });

  it('rewrites shared refs to reference names and local refs under #/properties/data', () => {
    const data = (event?.schema.properties as Record<string, Record<string, unknown>>).data as Record<string, any>;
    expect(data.$schema).toBeUndefined();
    expect(data.properties.total).toEqual({ $ref: '/_shared/money.json' });
    expect(data.properties.lines.items).toEqual({ $ref: '#/properties/data/definitions/line' });
    expect(event?.references).toEqual([{ name: '/_shared/money.json', subject: '_shared.money' }]);
  });

  it('registers shared schemas first, dependencies before dependents', () => {
    expect(view.units.map((u) => [u.kind, u.subject])).toEqual([
      ['shared', '_shared.currency'],
      ['shared', '_shared.money'],
      ['event', 'order.placed-order.placed.v3'],
    ]);
    const money = view.units[1];
    expect(money?.references).toEqual([{ name: '/_shared/currency.json', subject: '_shared.currency' }]);
    expect((money?.schema.properties as any).currency).toEqual({ $ref: '/_shared/currency.json' });
  });

  it('schema text is canonical: key order does not matter, and the view is deterministic', () => {
    expect(canonicalSchemaText({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(buildRegistrationView(catalog).units.map((u) => u.schemaText)).toEqual(view.units.map((u) => u.schemaText));
    expect(event?.schemaText).toBe(canonicalSchemaText(event?.schema ?? {}));
  });

  it('does not mutate the catalog', () => {
    expect(catalog.events[0]?.schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect((catalog.events[0]?.schema.properties as any).total).toEqual({ $ref: '../_shared/money.json' });
  });

  it('pull inverts the rewrite', () => {
    const data = (event?.schema.properties as any).data;
    const back = rewriteForRepository(
      data,
      'schemas/order/placed.v3.json',
      (n) => (n === '/_shared/money.json' ? 'schemas/_shared/money.json' : undefined),
      '#/properties/data',
    );
    expect((back.properties as any).total).toEqual({ $ref: '../_shared/money.json' });
    expect((back.properties as any).lines.items).toEqual({ $ref: '#/definitions/line' });
  });
});

describe('compatibility per subject', () => {
  it('override by event type beats override by domain beats the default', () => {
    const catalog = makeCatalog({
      events: [
        { eventType: 'order.placed.v1', schema: {} },
        { eventType: 'order.shipped.v1', schema: {} },
        { eventType: 'user.created.v1', schema: {} },
      ],
      config: {
        compatibility: { level: 'FULL_TRANSITIVE', policy: 'LENIENT', overrides: { order: { level: 'BACKWARD' }, 'order.shipped.v1': { policy: 'STRICT' } } },
      },
    });
    expect(Object.fromEntries(buildRegistrationView(catalog).units.map((u) => [u.eventType, u.compatibility]))).toEqual({
      'order.placed.v1': { level: 'BACKWARD', policy: 'LENIENT' },
      'order.shipped.v1': { level: 'BACKWARD', policy: 'STRICT' },
      'user.created.v1': { level: 'FULL_TRANSITIVE', policy: 'LENIENT' },
    });
  });
});

describe('reference cycles', () => {
  it('are diagnosed, and neither the cycle nor its users are registered', () => {
    const catalog = makeCatalog({
      events: [
        { eventType: 'a.x.v1', schema: { properties: { p: { $ref: '../_shared/a.json' } } } },
        { eventType: 'b.y.v1', schema: { properties: { q: { $ref: '../_shared/c.json' } } } },
      ],
      shared: [
        { file: 'schemas/_shared/a.json', schema: { properties: { b: { $ref: './b.json' } } } },
        { file: 'schemas/_shared/b.json', schema: { properties: { a: { $ref: './a.json' } } } },
        { file: 'schemas/_shared/c.json', schema: { type: 'string' } },
      ],
    });
    const view = buildRegistrationView(catalog);
    expect(view.units.map((u) => u.subject)).toEqual(['_shared.c', 'b.y-b.y.v1']);
    expect(view.diagnostics.map((d) => d.ruleId)).toEqual(['REGISTER_REFERENCE_CYCLE', 'REGISTER_REFERENCE_CYCLE']);
    expect(view.diagnostics[0]?.message).toContain('schemas/_shared/a.json → schemas/_shared/b.json → schemas/_shared/a.json');
  });

  it('topologicalOrder breaks ties by name and reports strongly connected groups', () => {
    const deps = new Map([
      ['c', ['a']],
      ['b', []],
      ['a', []],
      ['x', ['y']],
      ['y', ['x']],
    ]);
    expect(topologicalOrder(['c', 'b', 'a', 'x', 'y'], deps)).toEqual({ order: ['a', 'b', 'c'], cyclic: [['x', 'y']] });
  });
});

describe('relativePath', () => {
  it.each([
    ['schemas/order/placed.v1.json', 'schemas/_shared/money.json', '../_shared/money.json'],
    ['schemas/_shared/money.json', 'schemas/_shared/currency.json', './currency.json'],
    ['schemas/_shared/a/b.json', 'schemas/_shared/c.json', '../c.json'],
  ])('%s → %s = %s', (from, to, want) => expect(relativePath(from, to)).toBe(want));
});
