import type { AnyEnvelope } from '../envelope.js';
import type { HandlerContext } from '../consumer/types.js';
import type { EventMigration } from './context.js';

/** One compiled migration as the generated package lists it (event types as strings, no descriptors). */
export interface MigrationSource {
  /** `order.placed.v1` */
  readonly from: string;
  /** `order.placed.v2` */
  readonly to: string;
  readonly migrate: EventMigration;
  /** Repository path of the migration's source, for error messages. */
  readonly file: string;
}

/** The generated package's migrations and the sunsets they depend on. */
export interface MigrationTable {
  readonly upcasts: readonly MigrationSource[];
  readonly downcasts: readonly MigrationSource[];
  /** eventType → `x-sunset` (YYYY-MM-DD) of the deprecated majors. */
  readonly sunsets: Readonly<Record<string, string>>;
}

/** Which major arrived, for handlers registered with `onLatest`. */
export interface ArrivedAs<TOriginal extends AnyEnvelope = AnyEnvelope> {
  /** Event type on the wire, e.g. `order.placed.v1`. */
  readonly eventType: TOriginal['eventType'];
  /** Its major, e.g. 1. */
  readonly major: number;
  /** True when the event was converted (it arrived in an earlier major than the handler's). */
  readonly upcast: boolean;
  /** The event as it arrived (validated tolerantly). */
  readonly original: TOriginal;
}

/** The handler context of `onLatest`: the handler context (`tx` typed like `on()` handlers') plus what arrived. */
export interface LatestContext<TOriginal extends AnyEnvelope = AnyEnvelope, Tx = unknown> extends HandlerContext<Tx> {
  readonly arrived: ArrivedAs<TOriginal>;
}

export type LatestHandler<TLatest extends AnyEnvelope, TOriginal extends AnyEnvelope = AnyEnvelope, Tx = unknown> = (
  event: TLatest,
  ctx: LatestContext<TOriginal, Tx>,
) => void | Promise<void>;
