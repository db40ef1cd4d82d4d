import { DEFAULT_CONFIG } from '../../../generator/core/config.js';
import type { JsonObject, JsonValue } from '../../../generator/core/json.js';
import type { Catalog, EventContract, SharedSchema } from '../../../generator/load/catalog.js';

/** A Catalog built by hand (no loader): generation tests control every field. */
export function catalogOf(input: { root?: string; events: Partial<EventContract>[]; shared?: SharedSchema[] }): Catalog {
  const events = input.events.map((e): EventContract => {
    const [domain, ...rest] = (e.eventType ?? 'test.happened.v1').split('.');
    const version = Number(rest.pop()!.slice(1));
    const action = rest.join('.');
    return {
      eventType: `${domain}.${action}.v${version}`,
      domain: domain!,
      action,
      version,
      file: `schemas/${domain}/${action}.v${version}.json`,
      schema: { type: 'object' },
      draft: 'draft-07',
      topic: `${domain}.${action}`,
      deprecated: false,
      examples: [],
      ...e,
    };
  });
  return {
    root: input.root ?? '/nonexistent-root',
    config: structuredClone(DEFAULT_CONFIG),
    files: new Map(),
    events: events.sort((a, b) => (a.eventType < b.eventType ? -1 : 1)),
    shared: input.shared ?? [],
    diagnostics: [],
  };
}

/** JSON.parse keeps `__proto__` as an own key, which object literals cannot. */
export function json(text: string): JsonObject {
  return JSON.parse(text) as JsonObject;
}

export type { JsonValue };
