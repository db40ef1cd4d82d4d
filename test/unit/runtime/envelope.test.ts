import { describe, expect, it } from 'vitest';
import { buildEnvelope, checkEnvelope } from '../../../runtime/src/index.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const def = { eventType: 'user.created.v1' as const, eventVersion: '1.2.0' };

describe('buildEnvelope', () => {
  it('fills eventId (UUID v4), ISO-8601 timestamp, type, version and source; data last', () => {
    const before = Date.now();
    const env = buildEnvelope(def, { userId: 'u1' }, { source: 'svc-a' });
    expect(env.eventId).toMatch(UUID);
    expect(env.eventType).toBe('user.created.v1');
    expect(env.eventVersion).toBe('1.2.0');
    expect(env.source).toBe('svc-a');
    expect(env.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Date.parse(env.timestamp)).toBeGreaterThanOrEqual(before - 1);
    expect(Object.keys(env)).toEqual(['eventId', 'eventType', 'eventVersion', 'timestamp', 'source', 'data']);
    expect(env.data).toEqual({ userId: 'u1' });
  });

  it('gives every event its own id', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => buildEnvelope(def, {}, { source: 's' }).eventId));
    expect(ids.size).toBe(1000);
  });

  it.each([
    { given: { correlationId: 'c-1' }, keys: ['eventId', 'eventType', 'eventVersion', 'timestamp', 'source', 'correlationId', 'data'] },
    { given: { traceId: 't' }, keys: ['eventId', 'eventType', 'eventVersion', 'timestamp', 'source', 'traceId', 'data'] },
    {
      given: { correlationId: 'c', traceId: 't' },
      keys: ['eventId', 'eventType', 'eventVersion', 'timestamp', 'source', 'correlationId', 'traceId', 'data'],
    },
  ])('adds optional fields $given only when given', ({ given, keys }) => {
    const env = buildEnvelope(def, 1, { source: 's', ...given });
    expect(Object.keys(env)).toEqual(keys);
    expect(JSON.parse(JSON.stringify(env))).toEqual(env);
  });

  it('takes eventId and timestamp (Date or string) from options', () => {
    const id = '6b3f3d9e-8a67-4c8b-9d2e-1f0a9b8c7d6e';
    expect(buildEnvelope(def, 1, { source: 's', eventId: id, timestamp: new Date(0) })).toMatchObject({
      eventId: id,
      timestamp: '1970-01-01T00:00:00.000Z',
    });
    expect(buildEnvelope(def, 1, { source: 's', timestamp: '2026-01-01T00:00:00+01:00' }).timestamp).toBe('2026-01-01T00:00:00+01:00');
  });
});

describe('checkEnvelope', () => {
  const good = buildEnvelope(def, { a: 1 }, { source: 's' });
  it.each([
    { name: 'a built envelope', given: good, want: [] },
    { name: 'unknown extra fields (tolerant reader)', given: { ...good, tenant: 'x', data: null }, want: [] },
    { name: 'not an object', given: 'x', want: [''] },
    { name: 'an array', given: [good], want: [''] },
    { name: 'no data', given: { ...good, data: undefined }, want: [] },
    { name: 'missing eventType', given: { ...good, eventType: undefined }, want: ['/eventType'] },
    { name: 'eventId not a uuid', given: { ...good, eventId: 'abc' }, want: ['/eventId'] },
    { name: 'timestamp not ISO', given: { ...good, timestamp: 'yesterday' }, want: ['/timestamp'] },
    { name: 'source a number', given: { ...good, source: 1 }, want: ['/source'] },
    { name: 'correlationId a number', given: { ...good, correlationId: 1 }, want: ['/correlationId'] },
    {
      name: 'several',
      given: { eventId: 1, timestamp: '2026-11-28T07:00:00Z', source: 's', eventVersion: '1.0.0' },
      want: ['/eventId', '/eventType', '/data'],
    },
  ])('$name', ({ given, want }) => {
    expect(checkEnvelope(given).map((i) => i.pointer)).toEqual(want);
  });

  it('requires the data key to be present', () => {
    const { data: _data, ...noData } = good;
    expect(checkEnvelope(noData)).toEqual([{ pointer: '/data', keyword: 'required', message: 'is required' }]);
  });
});
