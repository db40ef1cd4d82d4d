// Test doubles for the transport seam, and a small event used across the runtime unit tests.
import {
  validatorFromAjv,
  type ConsumerPort,
  type EventDescriptor,
  type IncomingMessage,
  type OutgoingMessage,
  type ProducerPort,
  type SendRequest,
  type Transport,
} from '../../../runtime/src/index.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export interface FakeTransport extends Transport {
  sends: SendRequest[];
  connects: number;
  disconnects: number;
  failNextSend?: Error;
  /** Delivers messages to the running consumer; resolves with whether each was committed. */
  deliver(messages: IncomingMessage[]): Promise<boolean[]>;
}

export function fakeTransport(): FakeTransport {
  let eachMessage: ((m: IncomingMessage) => Promise<void>) | undefined;
  const t: FakeTransport = {
    sends: [],
    connects: 0,
    disconnects: 0,
    producer(): ProducerPort {
      return {
        connect: async () => {
          t.connects++;
        },
        disconnect: async () => {
          t.disconnects++;
        },
        send: async (request) => {
          if (t.failNextSend) {
            const e = t.failNextSend;
            delete t.failNextSend;
            throw e;
          }
          t.sends.push(request);
        },
      };
    },
    consumer(): ConsumerPort {
      return {
        connect: async () => undefined,
        disconnect: async () => undefined,
        subscribe: async () => undefined,
        stop: async () => {
          eachMessage = undefined;
        },
        run: async (request) => {
          eachMessage = request.eachMessage;
        },
      };
    },
    async deliver(messages) {
      const committed: boolean[] = [];
      for (const m of messages) {
        if (!eachMessage) throw new Error('consumer not running');
        try {
          await eachMessage(m);
          committed.push(true);
        } catch {
          committed.push(false);
        }
      }
      return committed;
    },
  };
  return t;
}

export function incoming(value: Buffer | null, topic = 'user.created', offset = '0'): IncomingMessage {
  return { topic, partition: 0, offset, key: null, value, headers: {}, timestamp: '0' };
}

export function asIncoming(topic: string, m: OutgoingMessage, offset = '0'): IncomingMessage {
  return {
    topic,
    partition: 0,
    offset,
    key: m.key === null ? null : Buffer.isBuffer(m.key) ? m.key : Buffer.from(m.key),
    value: m.value,
    headers: Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, v === undefined ? undefined : String(v)])),
    timestamp: '0',
  };
}

export interface UserCreatedV1 {
  userId: string;
  email: string;
  name?: string;
}
export interface UserCreatedV2 {
  userId: string;
  emails: string[];
}

const ajv = addFormats(new Ajv2020({ strict: true }));

const strictV1 = ajv.compile({
  type: 'object',
  additionalProperties: false,
  required: ['userId', 'email'],
  properties: { userId: { type: 'string' }, email: { type: 'string', format: 'email' }, name: { type: 'string' } },
});
const tolerantV1 = ajv.compile({
  type: 'object',
  required: ['userId', 'email'],
  properties: { userId: { type: 'string' }, email: { type: 'string', format: 'email' }, name: { type: 'string' } },
});
const strictV2 = ajv.compile({
  type: 'object',
  additionalProperties: false,
  required: ['userId', 'emails'],
  properties: { userId: { type: 'string' }, emails: { type: 'array', items: { type: 'string' } } },
});

export const userCreatedV1: EventDescriptor<'user.created.v1', UserCreatedV1> = {
  eventType: 'user.created.v1',
  eventVersion: '1.0.0',
  topic: 'user.created',
  subject: 'user.created-user.created.v1',
  partitionKey: (d) => d.userId,
  validate: validatorFromAjv<UserCreatedV1>(strictV1),
  registeredSchema: { schema: '{"title":"user.created.v1"}', references: [] },
};

export const userCreatedV2: EventDescriptor<'user.created.v2', UserCreatedV2> = {
  eventType: 'user.created.v2',
  eventVersion: '2.0.0',
  topic: 'user.created',
  subject: 'user.created-user.created.v2',
  partitionKey: (d) => d.userId,
  validate: validatorFromAjv<UserCreatedV2>(strictV2),
};

export const orderPlaced: EventDescriptor<'order.placed.v1', { orderId: string }> = {
  eventType: 'order.placed.v1',
  eventVersion: '1.0.0',
  topic: 'order.placed',
  subject: 'order.placed-order.placed.v1',
  partitionKey: (d) => d.orderId,
  validate: validatorFromAjv(ajv.compile({ type: 'object', required: ['orderId'], properties: { orderId: { type: 'string' } } })),
};

export const tolerantValidators = {
  'user.created.v1': validatorFromAjv(tolerantV1),
  'user.created.v2': validatorFromAjv(strictV2),
};

export type UserEvent =
  | import('../../../runtime/src/index.js').Envelope<UserCreatedV1, 'user.created.v1'>
  | import('../../../runtime/src/index.js').Envelope<UserCreatedV2, 'user.created.v2'>;
