import { DecodeError } from './errors.js';

/** Confluent wire format: magic byte 0x00, then the schema id as a 4-byte big-endian integer, then the payload. */
export const MAGIC_BYTE = 0;
export const FRAME_HEADER_BYTES = 5;

/** What to do when no schema id is known for a subject: send plain JSON, or refuse with UnknownSchemaIdError. */
export type UnknownSchemaPolicy = 'send-unframed' | 'refuse';

/** Frames JSON (a string is encoded straight into the frame: one allocation, no copy). */
export function frame(schemaId: number, json: string | Uint8Array): Buffer {
  if (!Number.isInteger(schemaId) || schemaId < 0 || schemaId > 0x7fffffff) {
    throw new RangeError(`Schema id ${schemaId} is not an integer in 0..2147483647.`);
  }
  if (typeof json === 'string') {
    const length = Buffer.byteLength(json);
    const buf = Buffer.allocUnsafe(FRAME_HEADER_BYTES + length);
    buf[0] = MAGIC_BYTE;
    buf.writeUInt32BE(schemaId, 1);
    buf.write(json, FRAME_HEADER_BYTES, length, 'utf8');
    return buf;
  }
  const buf = Buffer.allocUnsafe(FRAME_HEADER_BYTES + json.length);
  buf[0] = MAGIC_BYTE;
  buf.writeUInt32BE(schemaId, 1);
  buf.set(json, FRAME_HEADER_BYTES);
  return buf;
}

export interface Unframed {
  /** undefined when the value is plain (unframed) JSON. */
  schemaId?: number;
  /** The JSON bytes (a view into the input, not a copy). */
  payload: Buffer;
}

const isSpace = (b: number): boolean => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

/**
 * Framed (0x00 + id) → {schemaId, payload}; plain JSON (first non-space byte `{` or `[`) → {payload};
 * anything else → DecodeError.
 */
export function unframe(input: Uint8Array): Unframed {
  const buf = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.length);
  if (buf.length === 0) throw new DecodeError('empty', 'The message value is empty (a tombstone?): there is no event to decode.');
  const first = buf[0] as number;
  if (first === MAGIC_BYTE) {
    if (buf.length < FRAME_HEADER_BYTES) {
      throw new DecodeError('truncated', `The message value is ${buf.length} bytes: too short for the 5-byte Confluent header.`);
    }
    return { schemaId: buf.readUInt32BE(1), payload: buf.subarray(FRAME_HEADER_BYTES) };
  }
  let i = 0;
  while (i < buf.length && isSpace(buf[i] as number)) i++;
  const c = buf[i];
  if (c === 0x7b || c === 0x5b) return { payload: buf };
  const hint = first === 1 ? ' (0x01 is Confluent GUID framing, which this runtime does not read)' : '';
  throw new DecodeError(
    'magic-byte',
    `The message value starts with byte 0x${first.toString(16).padStart(2, '0')}${hint}: expected 0x00 (Confluent framing) or plain JSON.`,
  );
}
