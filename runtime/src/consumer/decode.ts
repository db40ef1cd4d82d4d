import { checkEnvelope, type AnyEnvelope } from '../envelope.js';
import { DecodeError } from '../errors.js';
import { FRAME_HEADER_BYTES, MAGIC_BYTE, unframe } from '../framing.js';
import { formatIssues } from '../validation.js';

/** Pure decode: unframe → JSON.parse → envelope check. Throws DecodeError. */
export function decodeEvent(value: Buffer | null): { schemaId: number | undefined; envelope: AnyEnvelope } {
  const holder = { schemaId: undefined as number | undefined };
  const envelope = decodeInto(value, holder);
  return { schemaId: holder.schemaId, envelope };
}

/** decodeEvent without a result object: the schema id goes to `into.schemaId` (the consumer's context). */
export function decodeInto(value: Buffer | null, into: { schemaId: number | undefined }): AnyEnvelope {
  if (value === null || value.length === 0) {
    throw new DecodeError('empty', 'The message value is empty (a tombstone?): there is no event to decode.');
  }
  // Framed values are decoded straight from offset 5 (toString with a start offset: no view, no copy of the bytes);
  // anything else goes through unframe().
  let text: string;
  if (value[0] === MAGIC_BYTE && value.length >= FRAME_HEADER_BYTES) {
    into.schemaId = value.readUInt32BE(1);
    text = value.toString('utf8', FRAME_HEADER_BYTES);
  } else {
    text = unframe(value).payload.toString('utf8');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DecodeError('json', `The message value is not valid JSON: ${(error as Error).message}.`);
  }
  const issues = checkEnvelope(parsed);
  if (issues.length > 0) {
    throw new DecodeError('envelope', `The message value is not an event envelope: ${formatIssues(issues)}.`);
  }
  return parsed as AnyEnvelope;
}
