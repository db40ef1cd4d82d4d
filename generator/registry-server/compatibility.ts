import { compareSchemas, type CompareResult } from '../compat/index.js';
import type { CompatibilityLevel, CompatibilityPolicy } from '../core/compatibility.js';
import type { JsonValue } from '../core/json.js';
import { yieldToOthers } from './context.js';
import { errors, RegistryHttpError } from './errors.js';

export interface PreviousRevision {
  version: number;
  /** Resolved on demand, one revision at a time: only one previous schema is held at once. */
  schema: () => JsonValue;
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
 * Each revision is resolved and compared in its own turn of the event loop, so other requests are
 * answered between them (a transitive subject may have many large versions).
 */
export async function judge(
  previous: readonly PreviousRevision[],
  next: JsonValue,
  options: { level: CompatibilityLevel; policy: CompatibilityPolicy },
): Promise<CompatibilityVerdict> {
  if (options.level === 'NONE' || previous.length === 0) return { compatible: true, messages: [] };
  const messages: string[] = [];
  for (let index = previous.length - 1; index >= 0; index--) {
    await yieldToOthers();
    const revision = previous[index] as PreviousRevision;
    let pair: CompareResult;
    try {
      // Every given revision is checked: the level's transitivity only chose them (revisionsToCheck).
      pair = compareSchemas(revision.schema(), next, { level: options.level, policy: options.policy });
    } catch (error) {
      // Confluent rejects a schema whose $ref it cannot load as invalid (42201); so do we.
      if ((error as Error).name === 'UnresolvedRefError') throw errors.invalidSchema(`Invalid schema: ${(error as Error).message}`);
      if (error instanceof RegistryHttpError) throw error;
      throw errors.internal(`the compatibility engine failed: ${(error as Error).message}`);
    }
    if (pair.compatible) continue;
    for (const change of pair.changes) {
      if (change.compatible) continue;
      messages.push(`Found incompatible change: Difference{jsonPath='${change.path}', type=${change.type}}: ${change.message}`);
    }
    messages.push(...(pair.notes ?? []));
    messages.push(`{oldSchemaVersion: ${revision.version}}`);
    messages.push(`{compatibility: '${options.level}', compatibilityPolicy: '${options.policy}'}`);
    return { compatible: false, messages };
  }
  return { compatible: true, messages };
}
