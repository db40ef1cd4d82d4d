/**
 * Library entry point of event-contracts. Each pipeline stage exports its entry verb here.
 */
export type { Diagnostic, Severity } from './core/diagnostic.js';
export type { ContractsConfig } from './core/config.js';
export type { CompatibilityLevel, CompatibilityPolicy } from './core/compatibility.js';
export type { Catalog, EventContract, SharedSchema, SourceFile } from './load/index.js';
export { loadCatalog, bundleEventSchema, type LoadOptions, type RefEdge, type RefTarget } from './load/index.js';
export { startRegistry, RegistryStorageError, type RegistryServerOptions, type RunningRegistry } from './registry-server/index.js';
export {
  registerCatalog,
  planRegistration,
  applyRegistrationPlan,
  readRegistryState,
  checkAgainstRegistry,
  pullSubjects,
  RegistryClient,
  RegistryError,
  type RegistrationPlan,
  type RegistryCheckReport,
} from './register/index.js';
export {
  compareSchemas,
  checkAgainstRevisions,
  diffSchemas,
  changeFingerprint,
  isCompatibleChange,
  withReferences,
  CHANGE_KINDS,
  CHANGE_RULES,
  UnresolvedRefError,
  type CompareOptions,
  type CompareResult,
  type Change,
  type ChangeKind,
  type ChangeRule,
  type RevisionsResult,
} from './compat/index.js';
export {
  generatePackages,
  planPackages,
  type GenerateOptions,
  type GenerateResult,
  type PackPlan,
  type PackagePlan,
  type PlannedFile,
} from './generate/index.js';
export {
  checkRepository,
  diffAgainst,
  planLock,
  readApprovals,
  renderDiff,
  type CheckReport,
  type DiffReport,
  type LockPlan,
  type Approval,
} from './check/index.js';
export { readLock, writeLock, currentSemver, type LockFile } from './records/index.js';
export { lintCatalog, LINT_RULES, type LintOptions, type LintRule } from './lint/index.js';
export { renderDiagnostics, REPORT_FORMATS, type ReportFormat, type ToolInfo, type RuleDescriptor } from './report/index.js';
