import { describe, expect, it } from 'vitest';
import { DecodeError, frame, unframe } from '../../../runtime/src/index.js';

describe('frame', () => {
  it.each([
    { schemaId: 0, json: '{}', want: '00 00 00 00 00 7b 7d' },
    { schemaId: 1, json: '{"a":1}', want: '00 00 00 00 01 7b 22 61 22 3a 31 7d' },
    { schemaId: 0x01020304, json: '[]', want: '00 01 02 03 04 5b 5d' },
    { schemaId: 2147483647, json: '{"é":"€"}', want: '00 7f ff ff ff ' + Buffer.from('{"é":"€"}').toString('hex').match(/../g)!.join(' ') },
  ])('frames id $schemaId as 0x00 + 4-byte big-endian id + UTF-8 JSON', ({ schemaId, json, want }) => {
    const hex = (b: Buffer): string => b.toString('hex').match(/../g)!.join(' ');
    expect(hex(frame(schemaId, json))).toBe(want);
    expect(hex(frame(schemaId, Buffer.from(json)))).toBe(want);
  });

  it.each([-1, 1.5, 2 ** 31, Number.NaN])('refuses schema id %s', (id) => {
    expect(() => frame(id, '{}')).toThrow(RangeError);
  });

  it('matches the bytes @kafkajs/confluent-schema-registry writes', async () => {
    const { encode } = (await import('@kafkajs/confluent-schema-registry/dist/wireEncoder.js')) as unknown as {
      encode: (id: number, payload: Buffer) => Buffer;
    };
    const json = JSON.stringify({ eventId: 'x', data: { n: 'ünïcode' } });
    expect(frame(42, json).equals(encode(42, Buffer.from(json)))).toBe(true);
  });
});

describe('unframe', () => {
  it.each([
    { name: 'framed', given: frame(7, '{"a":1}'), wantId: 7, wantPayload: '{"a":1}' },
    { name: 'framed, large id', given: frame(2147483647, '{}'), wantId: 2147483647, wantPayload: '{}' },
    { name: 'framed, empty payload', given: Buffer.from([0, 0, 0, 0, 9]), wantId: 9, wantPayload: '' },
    { name: 'plain object', given: Buffer.from('{"a":1}'), wantId: undefined, wantPayload: '{"a":1}' },
    { name: 'plain array', given: Buffer.from('[1]'), wantId: undefined, wantPayload: '[1]' },
    { name: 'plain with leading whitespace', given: Buffer.from(' \n{"a":1}'), wantId: undefined, wantPayload: ' \n{"a":1}' },
    { name: 'Uint8Array input', given: new Uint8Array(frame(3, '{}')), wantId: 3, wantPayload: '{}' },
  ])('$name', ({ given, wantId, wantPayload }) => {
    const got = unframe(given);
    expect(got.schemaId).toBe(wantId);
    expect(got.payload.toString('utf8')).toBe(wantPayload);
  });

  it.each([
    { name: 'empty', given: Buffer.alloc(0), reason: 'empty', message: /empty/ },
    { name: 'truncated header', given: Buffer.from([0, 0, 1]), reason: 'truncated', message: /too short for the 5-byte/ },
    { name: 'GUID framing', given: Buffer.from([1, 2, 3, 4, 5, 6]), reason: 'magic-byte', message: /0x01 is Confluent GUID framing/ },
    { name: 'text', given: Buffer.from('hello'), reason: 'magic-byte', message: /starts with byte 0x68/ },
  ])('refuses $name', ({ given, reason, message }) => {
    let caught: unknown;
    try {
      unframe(given);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DecodeError);
    expect((caught as DecodeError).reason).toBe(reason);
    expect((caught as DecodeError).message).toMatch(message);
  });

  it('returns a view, not a copy', () => {
    const buf = frame(1, '{"a":1}');
    const { payload } = unframe(buf);
    expect(payload.buffer).toBe(buf.buffer);
  });
});
