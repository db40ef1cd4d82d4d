/** Builds in-memory Catalogs for register tests (no loader, no files). */
import type { ContractsConfig } from '../../../generator/core/config.js';
import { DEFAULT_CONFIG } from '../../../generator/core/config.js';
import type { JsonObject } from '../../../generator/core/json.js';
import type { Catalog, EventContract, SharedSchema } from '../../../generator/load/catalog.js';

export interface EventSpec {
  eventType: string;
  schema: JsonObject;
  topic?: string;
}

export function makeEvent(spec: EventSpec): EventContract {
  const m = /^([a-z][a-z0-9-]*)\.(.+)\.v([1-9][0-9]*)$/.exec(spec.eventType);
  if (!m) throw new Error(`bad event type ${spec.eventType}`);
  const [, domain = '', action = '', n = '1'] = m;
  return {
    eventType: spec.eventType,
    domain,
    action,
    version: Number(n),
    file: `schemas/${domain}/${action}.v${n}.json`,
    schema: spec.schema,
    draft: 'draft-07',
    topic: spec.topic ?? `${domain}.${action}`,
    partitionKey: undefined,
    deprecated: false,
    examples: [],
  };
}

export function makeCatalog(options: { events: EventSpec[]; shared?: { file: string; schema: JsonObject }[]; config?: Partial<ContractsConfig> }): Catalog {
  const events = options.events.map(makeEvent).sort((a, b) => (a.eventType < b.eventType ? -1 : 1));
  const shared: SharedSchema[] = (options.shared ?? []).map((s) => ({ file: s.file, schema: s.schema, id: typeof s.schema.$id === 'string' ? s.schema.$id : undefined }));
  return {
    root: '/nonexistent',
    config: { ...DEFAULT_CONFIG, ...options.config },
    files: new Map(),
    events,
    shared,
    diagnostics: [],
  };
}

export const MONEY: JsonObject = {
  type: 'object',
  required: ['amount', 'currency'],
  properties: { amount: { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]+)?$', maxLength: 40 }, currency: { $ref: './currency.json' } },
  additionalProperties: false,
};
export const CURRENCY: JsonObject = { type: 'string', pattern: '^[A-Z]{3}$', maxLength: 3 };

export function orderPlaced(extra: JsonObject = {}): JsonObject {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    required: ['orderId', 'total'],
    properties: { orderId: { type: 'string', maxLength: 64 }, total: { $ref: '../_shared/money.json' }, ...extra },
    additionalProperties: false,
    'x-partition-key': '/orderId',
  };
}
