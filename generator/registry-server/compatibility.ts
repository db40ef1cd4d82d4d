import { checkAgainstRevisions } from '../compat/index.js';
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
 * Judges `next` against the given previous revisions (oldest first) with the compat engine, the
 * same one `contracts check` uses: newest first, stopping at the first incompatible revision as
 * Confluent does. The caller picks the revisions (see revisionsToCheck; one for `/versions/{v}`).
 */
export function judge(
  previous: readonly PreviousRevision[],
  next: JsonValue,
  options: { level: CompatibilityLevel; policy: CompatibilityPolicy },
): CompatibilityVerdict {
  if (options.level === 'NONE' || previous.length === 0) return { compatible: true, messages: [] };
  // Every given revision is checked: a transitive level makes the engine look at all of them.
  const level = options.level.endsWith('_TRANSITIVE') ? options.level : (`${options.level}_TRANSITIVE` as CompatibilityLevel);
  let result: ReturnType<typeof checkAgainstRevisions>;
  try {
    result = checkAgainstRevisions(previous.map((p) => p.schema), next, { level, policy: options.policy });
  } catch (error) {
    // Confluent rejects a schema whose $ref it cannot load as invalid (42201); so do we.
    if ((error as Error).name === 'UnresolvedRefError') throw errors.invalidSchema(`Invalid schema: ${(error as Error).message}`);
    throw errors.internal(`the compatibility engine failed: ${(error as Error).message}`);
  }
  const messages: string[] = [];
  for (const { index, result: pair } of result.checked) {
    if (pair.compatible) continue;
    for (const change of pair.changes) {
      if (change.compatible) continue;
      messages.push(`Found incompatible change: Difference{jsonPath='${change.path}', type=${change.type}}: ${change.message}`);
    }
    messages.push(...(pair.notes ?? []));
    messages.push(`{oldSchemaVersion: ${previous[index]?.version}}`);
    messages.push(`{compatibility: '${options.level}', compatibilityPolicy: '${options.policy}'}`);
  }
  return { compatible: result.compatible, messages };
}
