import type { AnyEventDescriptor } from '../descriptor.js';
import type { MigrationSource, MigrationTable } from './types.js';

/** `order.placed.v2` → { family: 'order.placed', major: 2 }. */
export function splitEventType(eventType: string): { family: string; major: number } {
  const m = /^(.*)\.v([1-9][0-9]*)$/.exec(eventType);
  if (!m) throw new TypeError(`Event type ${JSON.stringify(eventType)} does not end in .v<N>.`);
  return { family: m[1]!, major: Number(m[2]) };
}

/** Every major of one event type (`order.placed`), with the migrations between adjacent ones. */
export interface EventFamily {
  readonly name: string;
  /** Descriptors by major, ascending. */
  readonly majors: readonly AnyEventDescriptor[];
  readonly latest: AnyEventDescriptor;
  /** from eventType → the upcast to the next major. */
  readonly upcasts: ReadonlyMap<string, MigrationSource>;
  /** from eventType → the downcast to the previous major. */
  readonly downcasts: ReadonlyMap<string, MigrationSource>;
  /** eventType → sunset date. */
  readonly sunsets: Readonly<Record<string, string>>;
}

/** Groups a package's descriptors into families and attaches its migrations (built once per consumer/publisher). */
export function buildFamilies(descriptors: Readonly<Record<string, AnyEventDescriptor>>, table: MigrationTable): Map<string, EventFamily> {
  const byName = new Map<string, AnyEventDescriptor[]>();
  for (const def of Object.values(descriptors)) {
    const { family } = splitEventType(def.eventType);
    byName.set(family, [...(byName.get(family) ?? []), def]);
  }
  const out = new Map<string, EventFamily>();
  for (const [name, defs] of byName) {
    const majors = defs.sort((a, b) => splitEventType(a.eventType).major - splitEventType(b.eventType).major);
    const mine = (m: MigrationSource): boolean => splitEventType(m.from).family === name;
    out.set(name, {
      name,
      majors,
      latest: majors[majors.length - 1]!,
      upcasts: new Map(table.upcasts.filter(mine).map((m) => [m.from, m])),
      downcasts: new Map(table.downcasts.filter(mine).map((m) => [m.from, m])),
      sunsets: table.sunsets,
    });
  }
  return out;
}

/** `x-sunset` reached at `now` (the date's first instant, UTC; the gate judges sunsets the same way). */
export function sunsetPassed(sunset: string | undefined, now: Date): boolean {
  if (sunset === undefined) return false;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(sunset) ? `${sunset}T00:00:00Z` : sunset);
  return !Number.isNaN(t) && now.getTime() >= t;
}
