import type { AnyEnvelope } from '../envelope.js';
import type { ProcessSpanInfo } from '../trace.js';
import type { IncomingMessage, MessageSession } from '../transport.js';
import type { HandlerContext } from './types.js';

/** The one context object per message: decode writes `schemaId` into it, retries bump `attempt`. */
export class MutableContext implements HandlerContext<unknown> {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  schemaId: number | undefined = undefined;
  attempt = 1;
  tx: unknown = undefined;
  readonly message: IncomingMessage;
  readonly session: MessageSession | undefined;
  constructor(message: IncomingMessage, session: MessageSession | undefined) {
    this.message = message;
    this.session = session;
    this.topic = message.topic;
    this.partition = message.partition;
    this.offset = message.offset;
  }
  /** Read from the message when read (a transport may decode headers lazily; most handlers never read them). */
  get headers(): Readonly<Record<string, string | undefined>> {
    return this.message.headers;
  }
  /** Decoded when read (most handlers never read it). */
  get key(): string | null {
    const key = this.message.key;
    return key === null ? null : key.toString('utf8');
  }
  /** One header, read without decoding the others. */
  get traceparent(): string | undefined {
    const raw = this.message.rawHeaders;
    if (raw === undefined) return this.message.headers['traceparent'];
    const v = raw['traceparent'];
    const one = Array.isArray(v) ? v[v.length - 1] : v;
    return one === undefined ? undefined : typeof one === 'string' ? one : one.toString('utf8');
  }
  /** What the OpenTelemetry CONSUMER span records about this message. */
  spanInfo(envelope: AnyEnvelope, group: string): ProcessSpanInfo {
    const m = this.message;
    return {
      topic: m.topic,
      partition: m.partition,
      offset: m.offset,
      key: this.key,
      bodySize: m.value?.length ?? 0,
      eventId: envelope.eventId,
      eventType: envelope.eventType,
      group,
      correlationId: envelope.correlationId,
    };
  }
}
