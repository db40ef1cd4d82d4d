import { compareSchemas } from '../compat/index.js';
import type { CompatibilityLevel, CompatibilityPolicy } from '../core/compatibility.js';
import type { JsonValue } from '../core/json.js';
import { errors } from './errors.js';

export interface PreviousRevision {
  version: number;
  schema: JsonValue;
}

export interface CompatibilityVerdict {
  compatible: boolean;
  /** Confluent-style lines: one per incompatible change, then the version and config judged against. */
  messages: string[];
}

const TRANSITIVE_BASE: Record<CompatibilityLevel, CompatibilityLevel> = {
  NONE: 'NONE',
  BACKWARD: 'BACKWARD',
  BACKWARD_TRANSITIVE: 'BACKWARD',
  FORWARD: 'FORWARD',
  FORWARD_TRANSITIVE: 'FORWARD',
  FULL: 'FULL',
  FULL_TRANSITIVE: 'FULL',
};

/**
 * The versions a new schema is judged against at `level` (Confluent's register-time rule):
 * all live versions for a transitive level, the latest one otherwise, none for NONE.
 */
export function revisionsToCheck<T>(liveOldestFirst: readonly T[], level: CompatibilityLevel): T[] {
  if (level === 'NONE' || liveOldestFirst.length === 0) return [];
  if (level.endsWith('_TRANSITIVE')) return [...liveOldestFirst];
  return liveOldestFirst.slice(-1);
}

/**
 * Judges `next` against each previous revision, newest first, with the compat engine (the same
 * one `contracts check` uses). Each pair is judged at the level's direction; transitivity is
 * the choice of revisions (see revisionsToCheck).
 */
export function judge(
  previous: readonly PreviousRevision[],
  next: JsonValue,
  options: { level: CompatibilityLevel; policy: CompatibilityPolicy },
): CompatibilityVerdict {
  const level = TRANSITIVE_BASE[options.level];
  if (level === 'NONE') return { compatible: true, messages: [] };
  const messages: string[] = [];
  let compatible = true;
  for (const revision of [...previous].reverse()) {
    let result: ReturnType<typeof compareSchemas>;
    try {
      result = compareSchemas(revision.schema, next, { level, policy: options.policy });
    } catch (error) {
      // Confluent rejects a schema whose $ref it cannot load as invalid (42201); so do we.
      if ((error as Error).name === 'UnresolvedRefError') throw errors.invalidSchema(`Invalid schema: ${(error as Error).message}`);
      throw errors.internal(`the compatibility engine failed on version ${revision.version}: ${(error as Error).message}`);
    }
    if (result.compatible) continue;
    compatible = false;
    for (const change of result.changes) {
      if (change.compatible) continue;
      messages.push(`Found incompatible change: Difference{jsonPath='${change.path}', type=${change.type}}: ${change.message}`);
    }
    messages.push(...(result.notes ?? []));
    messages.push(`{oldSchemaVersion: ${revision.version}}`);
    messages.push(`{compatibility: '${options.level}', compatibilityPolicy: '${options.policy}'}`);
  }
  return { compatible, messages };
}
