import { describe, expect, it } from 'vitest';
import { encodeEvent, EventTooLargeError, unframe, ValidationError } from '../../../runtime/src/index.js';
import { userCreatedV1 } from './fakes.js';

const data = { userId: 'u-1', email: 'a@example.com' };
const base = { source: 'svc', schemaId: 12, eventId: '6b3f3d9e-8a67-4c8b-9d2e-1f0a9b8c7d6e', timestamp: '2026-11-28T07:00:00.000Z' };

describe('encodeEvent', () => {
  it('frames the JSON envelope with the schema id, keys by the partition key, sends to the topic', () => {
    const e = encodeEvent(userCreatedV1, data, base);
    expect(e.topic).toBe('user.created');
    expect(e.message.key).toBe('u-1');
    const { schemaId, payload } = unframe(e.message.value);
    expect(schemaId).toBe(12);
    expect(JSON.parse(payload.toString())).toEqual({
      eventId: base.eventId,
      eventType: 'user.created.v1',
      eventVersion: '1.0.0',
      timestamp: base.timestamp,
      source: 'svc',
      data,
    });
    expect(e.envelope.data).toBe(data);
  });

  it('writes plain JSON when the schema id is unknown', () => {
    const e = encodeEvent(userCreatedV1, data, { ...base, schemaId: undefined });
    expect(e.message.value[0]).toBe(0x7b);
    expect(JSON.parse(e.message.value.toString()).eventType).toBe('user.created.v1');
  });

  it.each([
    { name: 'no extras', opts: {}, extra: {} },
    { name: 'correlation id', opts: { correlationId: 'corr-9' }, extra: { correlation_id: 'corr-9' } },
    {
      name: 'full traceparent',
      opts: { traceId: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
      extra: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
    },
    { name: 'user headers kept, reserved not overridable', opts: { headers: { tenant: 't1', ce_type: 'forged' } }, extra: { tenant: 't1' } },
  ])('headers: $name', ({ opts, extra }) => {
    const e = encodeEvent(userCreatedV1, data, { ...base, ...opts });
    expect(e.message.headers).toEqual({
      ce_id: base.eventId,
      ce_type: 'user.created.v1',
      ce_source: 'svc',
      ce_time: base.timestamp,
      ce_specversion: '1.0',
      'content-type': 'application/json',
      traceparent: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/), // a new trace when none is given
      ...extra,
    });
  });

  it('starts a new trace per event when no trace is active', () => {
    const a = encodeEvent(userCreatedV1, data, base).message.headers['traceparent']!;
    const b = encodeEvent(userCreatedV1, data, base).message.headers['traceparent']!;
    expect(a.slice(3, 35)).not.toBe(b.slice(3, 35));
  });

  it('turns a 32-hex trace id into a traceparent with a fresh span id, and keeps the trace id in the envelope', () => {
    const traceId = '0AF7651916CD43DD8448EB211C80319C';
    const e = encodeEvent(userCreatedV1, data, { ...base, traceId });
    expect(e.message.headers['traceparent']).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    expect(e.envelope.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
  });

  it('takes the trace id out of a full traceparent for the envelope', () => {
    const e = encodeEvent(userCreatedV1, data, { ...base, traceId: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
    expect(e.envelope.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
  });

  it('keeps a non-W3C trace id in the envelope only (the traceparent header starts a new trace)', () => {
    const e = encodeEvent(userCreatedV1, data, { ...base, traceId: 'xray-1' });
    expect(e.envelope.traceId).toBe('xray-1');
    expect(e.message.headers['traceparent']).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(e.message.headers['traceparent']).not.toContain('xray');
  });

  it.each([
    { key: 'override', want: 'override' },
    { key: null, want: null },
  ])('key option $key overrides the partition key', ({ key, want }) => {
    expect(encodeEvent(userCreatedV1, data, { ...base, key }).message.key).toBe(want);
  });

  it.each([
    { name: 'missing required', given: { userId: 'u' }, pointers: ['/email'] },
    { name: 'undeclared property (strict producer side)', given: { ...data, extra: 1 }, pointers: ['/extra'] },
    { name: 'bad format', given: { ...data, email: 'nope' }, pointers: ['/email'] },
  ])('refuses invalid data: $name', ({ given, pointers }) => {
    let caught: unknown;
    try {
      encodeEvent(userCreatedV1, given as typeof data, base);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    const e = caught as ValidationError;
    expect(e.side).toBe('producer');
    expect(e.eventType).toBe('user.created.v1');
    expect(e.issues.map((i) => i.pointer)).toEqual(pointers);
    expect(e.message).toContain(`user.created.v1 data is invalid (producer side): ${pointers[0]}`);
  });
});

describe('size limit', () => {
  const sizeOf = (schemaId: number | undefined): number =>
    encodeEvent(userCreatedV1, data, { ...base, schemaId, maxEventBytes: 10_000_000 }).message.value.length;

  it.each([
    { name: 'framed, exactly at the limit', schemaId: 12, delta: 0, ok: true },
    { name: 'framed, one byte over', schemaId: 12, delta: -1, ok: false },
    { name: 'unframed, exactly at the limit', schemaId: undefined, delta: 0, ok: true },
    { name: 'unframed, one byte over', schemaId: undefined, delta: -1, ok: false },
  ])('$name', ({ schemaId, delta, ok }) => {
    const limit = sizeOf(schemaId) + delta;
    const run = (): unknown => encodeEvent(userCreatedV1, data, { ...base, schemaId, maxEventBytes: limit });
    if (ok) expect(run).not.toThrow();
    else expect(run).toThrow(EventTooLargeError);
  });

  it('counts bytes, not characters, and names the claim-check pattern', () => {
    const big = { ...data, name: '€'.repeat(400_000) }; // 1.2 MB of UTF-8, 400k characters
    let caught: unknown;
    try {
      encodeEvent(userCreatedV1, big, base);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EventTooLargeError);
    const e = caught as EventTooLargeError;
    expect(e.limit).toBe(1_000_000);
    expect(e.size).toBeGreaterThan(1_200_000);
    expect(e.message).toMatch(/user\.created\.v1 is \d+ bytes, over the limit of 1000000 bytes/);
    expect(e.message).toMatch(/claim-check pattern: store the payload elsewhere .* publish an event carrying a reference/);
  });
});

describe('envelope JSON', () => {
  it.each([
    { name: 'defaults', opts: {} },
    { name: 'given id and Date', opts: { eventId: 'id-"quoted"', timestamp: new Date(0) } },
    { name: 'string timestamp', opts: { timestamp: '2026-11-28T07:00:00+01:00' } },
    { name: 'correlation + trace', opts: { correlationId: 'c\n"1"\u2028', traceId: '0af7651916cd43dd8448eb211c80319c' } },
    { name: 'trace only', opts: { traceId: 'x' } },
  ])('is byte-identical to JSON.stringify(envelope): $name', ({ opts }) => {
    for (const source of ['svc', 'sv"c\\ é']) {
      const e = encodeEvent(userCreatedV1, { ...data, name: 'Zoë "Z" \u0007' }, { source, schemaId: undefined, ...opts });
      expect(e.message.value.toString('utf8')).toBe(JSON.stringify(e.envelope));
    }
  });

  it('uses the descriptor serializer for data when there is one', () => {
    const def = { ...userCreatedV1, serialize: (d: { userId: string }) => `{"userId":${JSON.stringify(d.userId)}}` };
    const e = encodeEvent(def, { ...data, name: 'dropped' }, { ...base, schemaId: undefined });
    expect(JSON.parse(e.message.value.toString()).data).toEqual({ userId: 'u-1' });
  });
});
