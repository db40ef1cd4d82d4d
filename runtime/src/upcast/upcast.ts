import type { Consumer, EventHandler, MessageContext } from '../consumer.js';
import type { AnyEventDescriptor } from '../descriptor.js';
import type { AnyEnvelope } from '../envelope.js';
import { EventContractsError } from '../errors.js';
import { formatIssues, type ValidationIssue } from '../validation.js';
import { splitEventType, type EventFamily } from './family.js';
import type { MigrationContext } from './context.js';
import type { ArrivedAs, LatestContext, LatestHandler, MigrationSource } from './types.js';

/**
 * A migration threw, returned data its target major's strict validator rejects, or is missing. Thrown from the
 * handler wrapper `onLatest` installs, so the consumer treats it like a handler failure (onHandlerError, DLQ).
 */
export class MigrationError extends EventContractsError {
  readonly from: string;
  readonly to: string;
  readonly file: string | undefined;
  readonly eventId: string;
  readonly issues: readonly ValidationIssue[];
  /** A migration is a pure function of the event: another attempt gives the same result (straight to the DLQ). */
  readonly retriable = false;
  constructor(step: { from: string; to: string; file?: string }, eventId: string, reason: string, issues: readonly ValidationIssue[] = [], cause?: unknown) {
    super('MIGRATION', `Migration ${step.from} → ${step.to}${step.file ? ` (${step.file})` : ''} failed for event ${eventId}: ${reason}`);
    this.from = step.from;
    this.to = step.to;
    this.file = step.file;
    this.eventId = eventId;
    this.issues = issues;
    if (cause !== undefined) (this as { cause?: unknown }).cause = cause;
  }
}

export function migrationContext(envelope: AnyEnvelope): MigrationContext {
  const { eventId, eventType, eventVersion, timestamp, source, correlationId, traceId } = envelope;
  return {
    eventId,
    eventType,
    eventVersion,
    timestamp,
    source,
    ...(correlationId === undefined ? {} : { correlationId }),
    ...(traceId === undefined ? {} : { traceId }),
  };
}

/** Runs one migration and validates its output strictly against the target major; throws MigrationError. */
export function runMigration(step: MigrationSource, to: AnyEventDescriptor, data: unknown, ctx: MigrationContext): unknown {
  let out: unknown;
  try {
    out = step.migrate(data, ctx);
  } catch (error) {
    throw new MigrationError(step, ctx.eventId, `it threw: ${error instanceof Error ? error.message : String(error)}`, [], error);
  }
  if (!to.validate(out)) {
    const issues = to.validate.errors ?? [];
    throw new MigrationError(step, ctx.eventId, `its output is not a valid ${to.eventType}: ${formatIssues(issues)}.`, issues);
  }
  return out;
}

/**
 * The envelope converted to the family's latest major through every upcast on the way (v1→v2→v3). The event
 * keeps its eventId, timestamp, source and correlation: it is the same logical event, in the latest shape.
 */
export function upcastEnvelope(family: EventFamily, envelope: AnyEnvelope): AnyEnvelope {
  let current = envelope;
  const byType = new Map(family.majors.map((d) => [d.eventType, d]));
  while (current.eventType !== family.latest.eventType) {
    const step = family.upcasts.get(current.eventType);
    const { major } = splitEventType(current.eventType);
    const next = family.majors.find((d) => splitEventType(d.eventType).major === major + 1);
    if (step === undefined || next === undefined || byType.get(step.to) !== next) {
      const to = next?.eventType ?? family.latest.eventType;
      throw new MigrationError(
        { from: current.eventType, to },
        envelope.eventId,
        `there is no upcast migration from ${current.eventType} (add migrations/${family.name.split('.')[0]}/… and regenerate).`,
      );
    }
    const data = runMigration(step, next, current.data, migrationContext(current));
    current = { ...current, eventType: next.eventType, eventVersion: next.eventVersion, data };
  }
  return current;
}

/** The handler context: reads through to the message context (its getters stay lazy), plus `arrived`. */
function latestContext(ctx: MessageContext, arrived: ArrivedAs): LatestContext {
  const out = Object.create(ctx) as { arrived: ArrivedAs };
  out.arrived = arrived;
  return out as unknown as LatestContext;
}

/**
 * Registers `handler` for every major of the family: events of the latest major go straight to it, earlier ones
 * are upcast first (strictly validated after each step). A failing migration is thrown as a MigrationError from the
 * registered handler, so it fails (or dead-letters) that event only.
 */
export function registerLatest(consumer: Pick<Consumer, 'on'>, family: EventFamily, handler: LatestHandler<AnyEnvelope>): void {
  for (const def of family.majors) {
    const { major } = splitEventType(def.eventType);
    const isLatest = def === family.latest;
    const wrapped: EventHandler<AnyEnvelope> = isLatest
      ? (event, ctx) => handler(event, latestContext(ctx, { eventType: event.eventType, major, upcast: false, original: event }))
      : (event, ctx) => handler(upcastEnvelope(family, event), latestContext(ctx, { eventType: event.eventType, major, upcast: true, original: event }));
    consumer.on(def.eventType, wrapped);
  }
}

/** Looks the family up by name (`order.placed`), with a message listing the known ones. */
export function familyOf(families: ReadonlyMap<string, EventFamily>, name: string): EventFamily {
  const family = typeof name === 'string' ? families.get(name) : undefined;
  if (family === undefined) {
    throw new TypeError(
      `Unknown event family ${JSON.stringify(name)}; known: ${[...families.keys()].sort().join(', ')}. Pass the event type without its .v<N>.`,
    );
  }
  return family;
}
