/** In-memory Catalogs built by hand (no loader, no files): tests control every field. */
import type { ContractsConfig } from '../../generator/core/config.js';
import { DEFAULT_CONFIG } from '../../generator/core/config.js';
import { byField } from '../../generator/core/order.js';
import type { Catalog, EventContract, SharedSchema } from '../../generator/load/catalog.js';

/** An event contract: fields derived from `eventType` (domain, action, version, file, topic), overridable. */
export function makeEvent(spec: Partial<EventContract>): EventContract {
  const eventType = spec.eventType ?? 'test.happened.v1';
  const m = /^([a-z][a-z0-9-]*)\.(.+)\.v([1-9][0-9]*)$/.exec(eventType);
  if (!m) throw new Error(`bad event type ${eventType}`);
  const [, domain = '', action = '', n = '1'] = m;
  return {
    eventType,
    domain,
    action,
    version: Number(n),
    file: `schemas/${domain}/${action}.v${n}.json`,
    schema: { type: 'object' },
    draft: 'draft-07',
    topic: `${domain}.${action}`,
    deprecated: false,
    examples: [],
    ...spec,
  };
}

export interface CatalogSpec {
  root?: string;
  events: Partial<EventContract>[];
  /** Shared schemas; `id` defaults to the schema's `$id`. */
  shared?: (Omit<SharedSchema, 'id'> & { id?: string | undefined })[];
  config?: Partial<ContractsConfig>;
}

export function makeCatalog(spec: CatalogSpec): Catalog {
  const shared = (spec.shared ?? []).map((s) => ({ ...s, id: s.id ?? (typeof s.schema.$id === 'string' ? s.schema.$id : undefined) }) as SharedSchema);
  return {
    root: spec.root ?? '/nonexistent-root',
    config: { ...structuredClone(DEFAULT_CONFIG), ...spec.config },
    files: new Map(),
    events: spec.events.map(makeEvent).sort(byField('eventType')),
    shared,
    diagnostics: [],
  };
}
