/**
 * The local compatibility engine as the register stage uses it: one adapter over
 * generator/compat, so the plan can explain an incompatibility before the registry is asked.
 * Confluent's register-time rule: a transitive level judges against every live version, any
 * other level against the newest one; BACKWARD reads old with new, FORWARD new with old,
 * FULL both.
 */
import { compareSchemas } from '../compat/index.js';
import { breakSummary, changeDetail } from '../check/index.js';
import type { CompatibilityLevel, CompatibilityPolicy } from '../core/compatibility.js';
import { ContractsError } from '../core/errors.js';
import type { JsonObject } from '../core/json.js';

export interface CompatJudgeInput {
  /** Self-contained (references bundled) schema about to be registered. */
  candidate: JsonObject;
  /** Live registered versions, oldest first, self-contained. */
  previous: { version: number; schema: JsonObject }[];
  level: CompatibilityLevel;
  policy: CompatibilityPolicy;
  /** Event type, so messages can name the next major. */
  eventType?: string;
}

export interface CompatJudgeVerdict {
  compatible: boolean;
  /** One line per incompatible change: where, what, against which version. */
  messages: string[];
}

export type CompatJudge = (input: CompatJudgeInput) => CompatJudgeVerdict;

/** Which live versions a level judges against (all for transitive, newest otherwise, none for NONE). */
export function versionsToJudge<T>(liveOldestFirst: readonly T[], level: CompatibilityLevel): T[] {
  if (level === 'NONE' || liveOldestFirst.length === 0) return [];
  return level.endsWith('_TRANSITIVE') ? [...liveOldestFirst] : liveOldestFirst.slice(-1);
}

const BASE_LEVEL = {
  NONE: 'NONE',
  BACKWARD: 'BACKWARD',
  BACKWARD_TRANSITIVE: 'BACKWARD',
  FORWARD: 'FORWARD',
  FORWARD_TRANSITIVE: 'FORWARD',
  FULL: 'FULL',
  FULL_TRANSITIVE: 'FULL',
} as const satisfies Record<CompatibilityLevel, CompatibilityLevel>;

export const localJudge: CompatJudge = ({ candidate, previous, level, policy, eventType }) => {
  const messages: string[] = [];
  let compatible = true;
  for (const prev of versionsToJudge(previous, level).reverse()) {
    let result: ReturnType<typeof compareSchemas>;
    try {
      result = compareSchemas(prev.schema, candidate, { level: BASE_LEVEL[level], policy, eventType });
    } catch (error) {
      if (!(error instanceof ContractsError)) throw error;
      // An unresolvable $ref in a registered version: the engine cannot judge, so neither can we.
      compatible = false;
      messages.push(`cannot compare with registered version ${prev.version}: ${error.message}`);
      continue;
    }
    if (result.compatible) continue;
    compatible = false;
    for (const change of result.changes) {
      if (change.compatible) continue;
      // The reviewer's line first (as check and diff print it), then Confluent's type and the engine's sentence.
      const detailPath = changeDetail(prev.schema, candidate, change.type, change.path);
      const summary = breakSummary({
        type: change.type,
        path: change.path,
        direction: change.direction,
        against: [`registered version ${prev.version}`],
        ...(detailPath ? { detailPath } : {}),
      });
      const where = detailPath ? `${change.path} (differs at ${detailPath})` : change.path;
      messages.push(
        `${summary ? `${summary} ` : ''}${change.type} at ${where}${change.direction === 'forward' ? ' (forward)' : ''}: ${change.message} (against registered version ${prev.version}, ${level}/${policy})`,
      );
    }
    for (const note of result.notes ?? []) messages.push(`${note} (against registered version ${prev.version})`);
  }
  return { compatible, messages };
};
