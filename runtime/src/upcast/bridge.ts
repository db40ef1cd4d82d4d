import { randomUUID } from 'node:crypto';
import type { AnyEventDescriptor } from '../descriptor.js';
import type { PublishOptions } from '../encode.js';
import { ConfigurationError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { BatchItem, Publisher } from '../publisher.js';
import { splitEventType, sunsetPassed, type EventFamily } from './family.js';
import { runMigration } from './upcast.js';

/** Header on the bridged (older-major) copy: the eventId of the event it was downcast from. */
export const BRIDGED_FROM_HEADER = 'ce_bridgedfrom';

export interface BridgeOptions {
  /** Event types (`order.placed.v2`) whose publications are also sent in the previous major until its sunset. */
  eventTypes: readonly string[];
  /** envelope.source, given to downcasts in their context. */
  source: string;
  /** @default () => new Date() */
  now?: () => Date;
  logger?: Logger;
}

interface Bridge {
  from: AnyEventDescriptor;
  to: AnyEventDescriptor;
  step: NonNullable<ReturnType<EventFamily['downcasts']['get']>>;
  sunset: string | undefined;
}

/** Resolves the bridges; an event type without a downcast is a configuration error (at creation, not at send). */
function planBridges(families: ReadonlyMap<string, EventFamily>, eventTypes: readonly string[]): Map<string, Bridge> {
  const out = new Map<string, Bridge>();
  for (const eventType of eventTypes) {
    const { family: name, major } = splitEventType(eventType);
    const family = families.get(name);
    const from = family?.majors.find((d) => d.eventType === eventType);
    const step = family?.downcasts.get(eventType);
    const to = family?.majors.find((d) => splitEventType(d.eventType).major === major - 1);
    if (!family || !from || !step || !to || step.to !== to.eventType) {
      throw new ConfigurationError(
        `bridge: ${JSON.stringify(eventType)} has no downcast migration to v${major - 1} in this package; add migrations/${name.split('.')[0]}/${name.split('.').slice(1).join('.')}.v${major}-to-v${major - 1}.ts and regenerate, or remove it from \`bridge\`.`,
      );
    }
    out.set(eventType, { from, to, step, sunset: family.sunsets[to.eventType] });
  }
  return out;
}

/**
 * A publisher that, for the bridged event types, also publishes the previous major produced by the downcast, in the
 * same send (one batch: both or neither are validated and sent): same key and correlation, its own eventId, and a
 * `ce_bridgedfrom` header with the new event's id. Once the older major's sunset is reached the bridge stops by itself.
 */
export function withBridges(publisher: Publisher, families: ReadonlyMap<string, EventFamily>, options: BridgeOptions): Publisher {
  const bridges = planBridges(families, options.eventTypes);
  if (bridges.size === 0) return publisher;
  const now = options.now ?? (() => new Date());
  const stopped = new Set<string>();

  /** The item plus its bridged copy, or the item alone (not bridged, or past sunset). */
  function expand(item: BatchItem<string, any>): BatchItem<string, any>[] {
    const bridge = bridges.get(item.def.eventType);
    if (bridge === undefined || bridge.from !== item.def) return [item];
    if (sunsetPassed(bridge.sunset, now())) {
      if (!stopped.has(bridge.to.eventType)) {
        stopped.add(bridge.to.eventType);
        options.logger?.warn(
          `Bridge ${bridge.from.eventType} → ${bridge.to.eventType} stopped: ${bridge.to.eventType} reached its sunset ${bridge.sunset}. Delete ${bridge.step.file} and the bridge option.`,
        );
      }
      return [item];
    }
    const opts: PublishOptions = item.options ?? {};
    const eventId = opts.eventId ?? randomUUID();
    const timestamp =
      opts.timestamp === undefined ? new Date().toISOString() : typeof opts.timestamp === 'string' ? opts.timestamp : opts.timestamp.toISOString();
    const ctx = {
      eventId,
      eventType: bridge.from.eventType,
      eventVersion: bridge.from.eventVersion,
      timestamp,
      source: options.source,
      ...(opts.correlationId === undefined ? {} : { correlationId: opts.correlationId }),
      ...(opts.traceId === undefined ? {} : { traceId: opts.traceId }),
    };
    // Validate the new event's data first, so a bad input is reported as such rather than as a downcast failure.
    if (!bridge.from.validate(item.data)) return [item];
    const older = runMigration(bridge.step, bridge.to, item.data, ctx);
    const key = opts.key !== undefined ? opts.key : bridge.from.partitionKey(item.data);
    const { eventId: _ignored, ...shared } = opts;
    return [
      { def: item.def, data: item.data, options: { ...opts, eventId, timestamp } },
      { def: bridge.to, data: older, options: { ...shared, timestamp, key, headers: { ...opts.headers, [BRIDGED_FROM_HEADER]: eventId } } },
    ];
  }

  return {
    ...publisher,
    async publish(def, data, publishOptions) {
      const items = expand({ def, data, ...(publishOptions ? { options: publishOptions } : {}) });
      if (items.length === 1) return publisher.publish(def, data, publishOptions);
      const [first] = await publisher.publishBatch(items);
      return first as never;
    },
    emit(def, data, publishOptions) {
      let items: BatchItem<string, any>[];
      try {
        items = expand({ def, data, ...(publishOptions ? { options: publishOptions } : {}) });
      } catch (error) {
        options.logger?.error(`emit ${def.eventType} failed: ${(error as Error).message}`, { error });
        return;
      }
      for (const item of items) publisher.emit(item.def, item.data, item.options);
    },
    async publishBatch(items) {
      const groups = items.map(expand);
      const sent = await publisher.publishBatch(groups.flat());
      // Only the caller's items, in their order (a bridged copy follows its item).
      let i = 0;
      return groups.map((group) => {
        const envelope = sent[i]!;
        i += group.length;
        return envelope;
      });
    },
  };
}
