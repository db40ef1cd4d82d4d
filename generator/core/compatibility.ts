import type { ContractsConfig } from './config.js';

/** Confluent's compatibility levels and policies (see docs/glossary.md). */
export const COMPATIBILITY_LEVELS = ['NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'] as const;
export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number];

export const COMPATIBILITY_POLICIES = ['STRICT', 'LENIENT'] as const;
export type CompatibilityPolicy = (typeof COMPATIBILITY_POLICIES)[number];

/**
 * The project default, defended in the README: every revision must be readable by every
 * earlier and later consumer (FULL_TRANSITIVE); LENIENT so that an optional field can be
 * added to an open content model without a new major. Safe because generated producers
 * only emit declared fields and generated consumers are tolerant readers.
 */
export const DEFAULT_LEVEL: CompatibilityLevel = 'FULL_TRANSITIVE';
export const DEFAULT_POLICY: CompatibilityPolicy = 'LENIENT';

/**
 * `backward`: can a consumer built from the new revision read events written with an earlier one
 * (Confluent `compare(original = earlier, update = new)`)?
 * `forward`: can a consumer built from an earlier revision read events written with the new one
 * (`compare(original = new, update = earlier)`)?
 */
export type Direction = 'backward' | 'forward';

export interface LevelPlan {
  /** Directions compared. */
  directions: readonly Direction[];
  /** true: every earlier revision; false: only the latest one. */
  transitive: boolean;
}

/** How each Confluent level maps onto comparisons (Confluent's compatibility rules, §2.3). */
export const LEVEL_PLANS = {
  NONE: { directions: [], transitive: false },
  BACKWARD: { directions: ['backward'], transitive: false },
  BACKWARD_TRANSITIVE: { directions: ['backward'], transitive: true },
  FORWARD: { directions: ['forward'], transitive: false },
  FORWARD_TRANSITIVE: { directions: ['forward'], transitive: true },
  FULL: { directions: ['backward', 'forward'], transitive: false },
  FULL_TRANSITIVE: { directions: ['backward', 'forward'], transitive: true },
} as const satisfies Record<CompatibilityLevel, LevelPlan>;

export interface EventCompatibility {
  level: CompatibilityLevel;
  policy: CompatibilityPolicy;
}

/**
 * Level and policy of an event type: `compatibility.overrides[<eventType>]`, then
 * `overrides[<domain>]`, then the repository default (each field separately). Without an event type:
 * the repository default (what shared schemas are registered with).
 */
export function resolveCompatibility(config: ContractsConfig, event?: { eventType: string; domain: string }): EventCompatibility {
  const overrides = config.compatibility.overrides ?? {};
  const byType = (event ? overrides[event.eventType] : undefined) ?? {};
  const byDomain = (event ? overrides[event.domain] : undefined) ?? {};
  return {
    level: byType.level ?? byDomain.level ?? config.compatibility.level,
    policy: byType.policy ?? byDomain.policy ?? config.compatibility.policy,
  };
}

/**
 * Whether a verification recorded at `done` also proves `wanted`: same policy, every direction of
 * `wanted`, and transitive when `wanted` is.
 */
export function covers(done: EventCompatibility, wanted: EventCompatibility): boolean {
  if (done.policy !== wanted.policy) return false;
  const d = LEVEL_PLANS[done.level];
  const w = LEVEL_PLANS[wanted.level];
  return w.directions.every((x) => (d.directions as readonly Direction[]).includes(x)) && (d.transitive || !w.transitive);
}
