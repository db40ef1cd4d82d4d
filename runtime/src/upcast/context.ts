// No imports on purpose: `contracts generate` type-checks migrations against this file's declarations alone (no
// Node types in scope, so a migration calling I/O such as fs or fetch does not type-check).
/**
 * What a migration may read besides `data`: the envelope of the event being converted. Migrations are
 * pure functions (no I/O); values that must be derived (ids, dates) come from here, never from the clock.
 */
export interface MigrationContext {
  readonly eventId: string;
  /** The event type being converted from, e.g. `order.placed.v1`. */
  readonly eventType: string;
  readonly eventVersion: string;
  readonly timestamp: string;
  readonly source: string;
  readonly correlationId?: string;
  readonly traceId?: string;
}

/** A migration between adjacent majors: `(data of v<N>, ctx) => data of v<N±1>`. */
export type EventMigration<TFrom = any, TTo = any> = (data: TFrom, ctx: MigrationContext) => TTo;
