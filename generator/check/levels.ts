import type { CompatibilityLevel, CompatibilityPolicy } from '../core/compatibility.js';
import type { ContractsConfig } from '../core/config.js';

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

/** How each Confluent level maps onto comparisons (compatibility-rules.md §2.3). */
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
 * `overrides[<domain>]`, then the repository default (each field separately).
 */
export function resolveCompatibility(config: ContractsConfig, event: { eventType: string; domain: string }): EventCompatibility {
  const overrides = config.compatibility.overrides ?? {};
  const byType = overrides[event.eventType] ?? {};
  const byDomain = overrides[event.domain] ?? {};
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
