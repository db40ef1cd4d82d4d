/**
 * How a package's version moves, as data: one row per reason a package changed. The planner only
 * detects reasons (plan.ts); this table judges them. The bump of a release is the highest bump of
 * its reasons; a first release is always 1.0.0.
 */
import type { SemverBump } from '../check/index.js';

export type ReleaseReason =
  | 'first-release'
  | 'event-type-added'
  | 'compatible-change'
  | 'documentation-change'
  | 'approved-breaking-change'
  | 'event-type-removed'
  | 'generator-output'
  | 'runtime-major';

export interface ReleaseRule {
  bump: Exclude<SemverBump, 'none'> | 'initial';
  /** Why this bump: what a service team upgrading the package gets. */
  purpose: string;
}

export const RELEASE_RULES = {
  'first-release': { bump: 'initial', purpose: 'Never released: the first version is 1.0.0.' },
  'event-type-added': { bump: 'minor', purpose: 'A new event type (a new contract file, including a new major v<N+1>): new exports, nothing removed.' },
  'compatible-change': {
    bump: 'minor',
    purpose: 'A contract changed compatibly (an optional field, a widened constraint): the types grow, existing code compiles.',
  },
  'documentation-change': { bump: 'patch', purpose: 'Only title, description, examples or other documentation changed: same types, same validation.' },
  'approved-breaking-change': {
    bump: 'major',
    purpose:
      'A breaking change accepted in contracts.approvals.json: the registry lets it through, but code compiled against the old types may not compile, so the package takes a major.',
  },
  'event-type-removed': { bump: 'major', purpose: 'An event type was removed (after its sunset): its exports disappear.' },
  'generator-output': { bump: 'patch', purpose: 'The contracts did not change but the generated code did (a new generator version).' },
  'runtime-major': { bump: 'major', purpose: 'The package now needs a new major of @event-contracts/runtime, whose API changed incompatibly.' },
} as const satisfies Record<ReleaseReason, ReleaseRule>;
