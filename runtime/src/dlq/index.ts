/**
 * Dead letters read back: a view for `contracts dlq inspect` and the pure replay plan of `contracts dlq replay`.
 * Reading and sending go through the transport (`Transport.readTopic`, a producer).
 */
import { decodeEvent } from '../consumer/decode.js';
import { DLQ_HEADERS } from '../consumer/dead-letter.js';
import type { AnyEnvelope } from '../envelope.js';
import { EventContractsError } from '../errors.js';
import type { IncomingMessage, OutgoingMessage, RawHeaders } from '../transport.js';

export interface DeadLetterView {
  partition: number;
  offset: string;
  key: string | null;
  /** The `dlq_*` headers: original topic, partition, offset, group, reason, error, attempts, failure times. */
  failure: Record<string, string>;
  /** The other (original) headers, as text. */
  headers: Record<string, string>;
  /** The decoded envelope, when the value is one. */
  envelope?: AnyEnvelope;
  /** Why the value is not an envelope (a poison message), when it is not. */
  undecodable?: string;
  schemaId?: number;
}

const DLQ_NAMES = new Set<string>(Object.values(DLQ_HEADERS));

export function viewDeadLetter(m: IncomingMessage): DeadLetterView {
  const failure: Record<string, string> = {};
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(m.headers)) {
    if (value === undefined) continue;
    (DLQ_NAMES.has(name) ? failure : headers)[name] = value;
  }
  const view: DeadLetterView = { partition: m.partition, offset: m.offset, key: m.key === null ? null : m.key.toString('utf8'), failure, headers };
  try {
    const { schemaId, envelope } = decodeEvent(m.value);
    view.envelope = envelope;
    if (schemaId !== undefined) view.schemaId = schemaId;
  } catch (error) {
    view.undecodable = (error as Error).message;
  }
  return view;
}

export interface ReplayFilter {
  /** Only dead letters of this event type (the envelope's, else the ce_type header). */
  eventType?: string;
  /** Only dead letters that failed (last) at or after this time. */
  since?: Date;
}

export interface ReplayItem {
  from: { topic: string; partition: number; offset: string };
  /** The original topic (the `dlq_original_topic` header). */
  topic: string;
  message: OutgoingMessage;
}

/** Thrown when the topic holds messages that are not dead letters (no `dlq_original_topic`): nothing is replayed. */
export class NotADeadLetterTopicError extends EventContractsError {
  constructor(topic: string, m: IncomingMessage) {
    super(
      'NOT_A_DLQ',
      `${topic} is not a dead-letter topic: the message at partition ${m.partition} offset ${m.offset} has no ${DLQ_HEADERS.originalTopic} header. ` +
        "Replay reads topics written by the consumer's dead-letter handling (`<topic>.dlq`); nothing was sent.",
    );
  }
}

/** Pure: which dead letters go back where, with the original key, value and headers plus `dlq_replayed_from`. */
export function planReplay(dlqTopic: string, letters: readonly IncomingMessage[], filter: ReplayFilter = {}): ReplayItem[] {
  const items: ReplayItem[] = [];
  for (const m of letters) {
    const original = m.headers[DLQ_HEADERS.originalTopic];
    if (!original) throw new NotADeadLetterTopicError(dlqTopic, m);
    if (filter.eventType !== undefined && eventTypeOf(m) !== filter.eventType) continue;
    if (filter.since !== undefined) {
      const failed = Date.parse(m.headers[DLQ_HEADERS.lastFailureTime] ?? '') || Number(m.timestamp);
      if (!(failed >= filter.since.getTime())) continue;
    }
    const headers: RawHeaders = {};
    for (const [name, value] of Object.entries(m.rawHeaders ?? m.headers)) if (!DLQ_NAMES.has(name)) headers[name] = value;
    headers[DLQ_HEADERS.replayedFrom] = `${dlqTopic}/${m.partition}/${m.offset}`;
    items.push({
      from: { topic: dlqTopic, partition: m.partition, offset: m.offset },
      topic: original,
      message: { key: m.key, value: m.value as Buffer, headers },
    });
  }
  return items;
}

function eventTypeOf(m: IncomingMessage): string | undefined {
  try {
    return decodeEvent(m.value).envelope.eventType;
  } catch {
    return m.headers['ce_type'];
  }
}
