import { describe, expect, it } from 'vitest';
import { applyTopicPattern, classifySchemaPath, eventTypeToPath } from '../../../generator/load/layout.js';
import { draftFromSchemaUri } from '../../../generator/core/drafts.js';

describe('contract layout', () => {
  it.each([
    ['schemas/user/created.v1.json', { kind: 'event', domain: 'user', action: 'created', version: 1, eventType: 'user.created.v1' }],
    ['schemas/order/item.added.v12.json', { kind: 'event', domain: 'order', action: 'item.added', version: 12, eventType: 'order.item.added.v12' }],
    [
      'schemas/b2b-sales/quote-2.sent.v3.json',
      { kind: 'event', domain: 'b2b-sales', action: 'quote-2.sent', version: 3, eventType: 'b2b-sales.quote-2.sent.v3' },
    ],
    ['schemas/_shared/money.json', { kind: 'shared' }],
    ['schemas/_shared/nested/Any Name.json', { kind: 'shared' }],
    ['schemas/_types/x.v1.json', { kind: 'shared' }],
  ])('%s is %o', (path, want) => {
    expect(classifySchemaPath(path)).toEqual(want);
  });

  it.each([
    'schemas/created.v1.json',
    'schemas/user/x/created.v1.json',
    'schemas/User/created.v1.json',
    'schemas/user/Created.v1.json',
    'schemas/user/created.v0.json',
    'schemas/user/created.v01.json',
    'schemas/user/created.json',
    'schemas/user/created.V1.json',
    'schemas/user/1created.v1.json',
    'schemas/user/created..v1.json',
    'schemas/user/.created.v1.json',
    'schemas/user/created_at.v1.json',
    'schemas/user/created.v1.JSON',
    'schemas/user/created.v99999999999999999999.json',
    'schemas/-user/created.v1.json',
  ])('%s is misnamed', (path) => {
    expect(classifySchemaPath(path).kind).toBe('misnamed');
  });

  it.each([
    ['order.item.added.v1', 'schemas/order/item.added.v1.json'],
    ['user.created.v2', 'schemas/user/created.v2.json'],
    ['nope', undefined],
  ])('event type %s lives in %s', (eventType, path) => {
    expect(eventTypeToPath(eventType)).toBe(path);
  });

  it.each([
    ['{domain}.{action}', 'order.item.added'],
    ['{domain}.{entity}.{verb}', 'order.item.added'],
    ['events.{domain}.v{version}', 'events.order.v2'],
  ])('topic pattern %s gives %s', (pattern, topic) => {
    expect(applyTopicPattern(pattern, { domain: 'order', action: 'item.added', version: 2 })).toBe(topic);
  });

  it('{entity} falls back to the domain for a one-segment action', () => {
    expect(applyTopicPattern('{domain}.{entity}.{verb}', { domain: 'user', action: 'created', version: 1 })).toBe('user.user.created');
  });

  it.each([
    ['http://json-schema.org/draft-04/schema#', 'draft-04'],
    ['http://json-schema.org/draft-06/schema', 'draft-06'],
    ['https://json-schema.org/draft-07/schema#', 'draft-07'],
    ['https://json-schema.org/draft/2019-09/schema', '2019-09'],
    ['https://json-schema.org/draft/2020-12/schema#', '2020-12'],
    ['https://json-schema.org/draft/2099-01/schema', undefined],
    ['', undefined],
  ])('$schema %s selects %s', (uri, draft) => {
    expect(draftFromSchemaUri(uri)).toBe(draft);
  });
});
