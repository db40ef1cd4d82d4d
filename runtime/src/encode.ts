import { randomBytes, randomUUID } from 'node:crypto';
import type { EventDescriptor } from './descriptor.js';
import { nowIso, type Envelope } from './envelope.js';
import { EventTooLargeError } from './errors.js';
import { FRAME_HEADER_BYTES, MAGIC_BYTE } from './framing.js';
import type { EventMessage, MessageHeaders } from './transport.js';
import { activeTraceparent, captureProducerParent, childTraceparent } from './trace.js';
import { ValidationError } from './validation.js';

export const DEFAULT_MAX_EVENT_BYTES = 1_000_000;

export interface PublishOptions {
  correlationId?: string;
  /**
   * A 32-hex W3C trace id (a `traceparent` with a fresh span id is written) or a full `traceparent`. Without it the
   * event continues the active trace (the message a consumer handler runs for, or OpenTelemetry's active span), else
   * starts a new one: every event carries a `traceparent`.
   */
  traceId?: string;
  /** @default crypto.randomUUID() */
  eventId?: string;
  /** @default now */
  timestamp?: Date | string;
  /** Overrides the partition key taken from the descriptor. */
  key?: string | null;
  /** Extra headers; they cannot override the ce_* / content-type / traceparent / correlation_id headers. */
  headers?: MessageHeaders;
}

export interface EncodeOptions extends PublishOptions {
  source: string;
  /** undefined → plain (unframed) JSON value. */
  schemaId: number | undefined;
  /** @default 1_000_000 */
  maxEventBytes?: number;
}

export interface EncodedEvent<TData = unknown, TType extends string = string> {
  topic: string;
  envelope: Envelope<TData, TType>;
  message: EventMessage;
}

/** An event validated and serialised, not yet framed (the schema id may still be unknown). */
export interface SerializedEvent<TData = unknown, TType extends string = string> {
  topic: string;
  eventType: TType;
  envelope: Envelope<TData, TType>;
  json: string;
  key: string | null;
  headers: MessageHeaders;
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

const typeParts = new WeakMap<object, string>();
/** `,"eventType":…,"eventVersion":…,"timestamp":` for a descriptor, escaped once. */
function typePart(def: { readonly eventType: string; readonly eventVersion: string }): string {
  let part = typeParts.get(def);
  if (part === undefined) {
    part = `,"eventType":${JSON.stringify(def.eventType)},"eventVersion":${JSON.stringify(def.eventVersion)},"timestamp":`;
    typeParts.set(def, part);
  }
  return part;
}

let lastSource = '';
let lastSourceJson = '""';
function sourceJson(source: string): string {
  if (source !== lastSource) {
    lastSource = source;
    lastSourceJson = JSON.stringify(source);
  }
  return lastSourceJson;
}

const NO_OPTIONS: PublishOptions = {};

/** Build the envelope, validate `data` strictly, serialise, compute key and headers. */
export function serializeEvent<TType extends string, TData>(
  def: EventDescriptor<TType, TData>,
  data: TData,
  options: Omit<EncodeOptions, 'schemaId' | 'maxEventBytes'>,
): SerializedEvent<TData, TType> {
  return serializeFor(def, data, options, options.source);
}

/** serializeEvent with the source passed apart (the publisher's hot path: no `{...options, source}` per event). */
export function serializeFor<TType extends string, TData>(
  def: EventDescriptor<TType, TData>,
  data: TData,
  options: PublishOptions | undefined,
  source: string,
): SerializedEvent<TData, TType> {
  if (options === undefined) options = NO_OPTIONS;
  const validate = def.validate;
  if (!validate(data)) throw new ValidationError(def.eventType, 'producer', validate.errors ?? []);
  let traceparent: string | undefined;
  let traceId = options.traceId;
  if (traceId !== undefined) {
    const lower = traceId.toLowerCase();
    const full = TRACEPARENT.exec(lower);
    if (full) {
      traceparent = lower;
      traceId = full[1];
    } else if (TRACE_ID.test(lower)) {
      traceId = lower;
      traceparent = `00-${lower}-${randomBytes(8).toString('hex')}-01`;
    }
  }
  const eventId = options.eventId ?? randomUUID();
  const ts = options.timestamp;
  const timestamp = ts === undefined ? nowIso() : typeof ts === 'string' ? ts : ts.toISOString();
  const correlationId = options.correlationId;
  const dataJson = (def.serialize ? def.serialize(data) : JSON.stringify(data)) as string | undefined;
  if (dataJson === undefined) {
    throw new ValidationError(def.eventType, 'producer', [{ pointer: '', keyword: 'type', message: 'must be a JSON value' }]);
  }
  // The envelope JSON is assembled from pre-escaped parts (same bytes as JSON.stringify(envelope), tested):
  // values the runtime generates (UUID, ISO time) need no escaping; the others are escaped by JSON.stringify.
  let json =
    (options.eventId === undefined ? `{"eventId":"${eventId}"` : `{"eventId":${JSON.stringify(eventId)}`) +
    typePart(def) +
    (ts === undefined ? `"${timestamp}"` : JSON.stringify(timestamp)) +
    ',"source":' +
    sourceJson(source);
  let envelope: Envelope<TData, TType>;
  if (correlationId === undefined && traceId === undefined) {
    envelope = { eventId, eventType: def.eventType, eventVersion: def.eventVersion, timestamp, source, data };
  } else {
    envelope = { eventId, eventType: def.eventType, eventVersion: def.eventVersion, timestamp, source, correlationId, traceId, data };
    if (correlationId === undefined) delete envelope.correlationId;
    else json += ',"correlationId":' + JSON.stringify(correlationId);
    if (traceId === undefined) delete envelope.traceId;
    else json += ',"traceId":' + JSON.stringify(traceId);
  }
  json += ',"data":' + dataJson + '}';
  let headers: MessageHeaders;
  if (options.headers === undefined) {
    // One literal (a fixed shape) in the common case; same keys, values and order as below.
    headers = {
      ce_id: eventId,
      ce_type: def.eventType,
      ce_source: source,
      ce_time: timestamp,
      ce_specversion: '1.0',
      'content-type': 'application/json',
    };
  } else {
    headers = { ...options.headers };
    headers['ce_id'] = eventId;
    headers['ce_type'] = def.eventType;
    headers['ce_source'] = source;
    headers['ce_time'] = timestamp;
    headers['ce_specversion'] = '1.0';
    headers['content-type'] = 'application/json';
  }
  // Always a traceparent: the caller's trace, else the handler's message trace or OpenTelemetry's span, else a new one.
  headers['traceparent'] = traceparent ?? childTraceparent(activeTraceparent());
  captureProducerParent(headers, traceparent); // OpenTelemetry only: the parent of the event's PRODUCER span
  if (envelope.correlationId !== undefined) headers['correlation_id'] = envelope.correlationId;
  const key = options.key !== undefined ? options.key : def.partitionKey(data);
  return {
    topic: def.topic,
    eventType: def.eventType,
    envelope,
    json,
    key: key === null || key === undefined ? null : String(key),
    headers,
  };
}

/** Size check (over the limit: EventTooLargeError naming the claim-check pattern), then frame. */
export function finishEvent<TData, TType extends string>(
  s: SerializedEvent<TData, TType>,
  schemaId: number | undefined,
  maxEventBytes: number = DEFAULT_MAX_EVENT_BYTES,
): EncodedEvent<TData, TType> {
  const jsonBytes = Buffer.byteLength(s.json);
  const size = schemaId === undefined ? jsonBytes : jsonBytes + FRAME_HEADER_BYTES;
  if (size > maxEventBytes) throw new EventTooLargeError(s.eventType, size, maxEventBytes);
  let value: Buffer;
  if (schemaId === undefined) {
    value = Buffer.from(s.json, 'utf8');
  } else {
    value = Buffer.allocUnsafe(size);
    value[0] = MAGIC_BYTE;
    value.writeUInt32BE(schemaId, 1);
    value.write(s.json, FRAME_HEADER_BYTES, jsonBytes, 'utf8');
  }
  return { topic: s.topic, envelope: s.envelope, message: { key: s.key, value, headers: s.headers } };
}

/** The pure encode path (no I/O): envelope → validate → JSON → size check → frame → headers → key. */
export function encodeEvent<TType extends string, TData>(def: EventDescriptor<TType, TData>, data: TData, options: EncodeOptions): EncodedEvent<TData, TType> {
  return finishEvent(serializeEvent(def, data, options), options.schemaId, options.maxEventBytes);
}
