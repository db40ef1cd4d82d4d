/**
 * The check stage: the repository gate (`checkRepository`), the review report (`diffAgainst`),
 * the lock plan (`planLock`; records/ reads and writes the lock file) and approvals as code.
 */
export {
  checkRepository,
  diffAgainst,
  currentEvents,
  loadBaseline,
  compatCompare,
  type CheckRepositoryOptions,
  type DiffRepositoryOptions,
} from './repository.js';
export { judgeRepository, type JudgeInput } from './judge.js';
export { ComparisonCache, changeId, previousRevisions, isDocumentationOnly, type PreviousRevision } from './revisions.js';
export { CHECK_RULES, type CheckRule, type CheckRuleId } from './rules.js';
export { diffRepository, changesBetweenRevisions, type RecordedRevision, type DiffReport, type DiffEvent, type DiffStatus, type DiffInput } from './diff.js';
export { planLock, type LockPlan, type LockAction, type PlanLockInput } from './plan-lock.js';
export { APPROVALS_FILE, readApprovals, parseApprovals, isExpired, sunsetReached, type Approval, type ApprovalsFile } from './approvals.js';
export { schemaFingerprint, stripDocumentation, DOCUMENTATION_KEYWORDS } from './canonical.js';
export { canonicalize, canonicalText } from '../core/canonical-json.js';
export { LEVEL_PLANS, resolveCompatibility, type Direction, type LevelPlan } from '../core/compatibility.js';
export { BUMP_ORDER, bumpSemver, compareSemver, parseSemver, releaseSemver, maxBump, type SemverBump } from '../core/semver.js';
export { resolveGitBase, DEFAULT_BRANCH_CANDIDATES, type GitBase } from './git.js';
export { renderDiff, DIFF_FORMATS, type DiffFormat } from './report/index.js';
export type {
  CheckReport,
  EventCheck,
  EventStatus,
  JudgedChange,
  ChangeSeverity,
  CurrentEvent,
  PastEvent,
  Baseline,
  CompareFn,
  CompatChange,
} from './model.js';
export { breakSummary, changeDetail } from './explain.js';
