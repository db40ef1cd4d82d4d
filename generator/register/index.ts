/**
 * The register stage: what is registered (registration/, buildRegistrationView) → what the registry holds
 * (readRegistryState) → the plan (planRegistration, pure) → apply (applyRegistrationPlan).
 */
import type { SubjectNameStrategy } from '../core/config.js';
import type { Catalog } from '../load/index.js';
import { buildRegistrationView } from '../registration/index.js';
import type { ApplyResult, AppliedItem } from './apply.js';
import { applyRegistrationPlan } from './apply.js';
import type { RegistryClient } from './client.js';
import type { CompatJudge } from './local-compat.js';
import type { RegistrationPlan } from './plan.js';
import { planRegistration } from './plan.js';
import { readRegistryState } from './state.js';

export { RegistryClient, DEFAULT_RETRY, backoffDelay, withRetry } from './client.js';
export type { RegistryAuth, RegistryClientOptions, RegisteredSchema, RetryOptions, SchemaPayload, SchemaReference, SubjectConfig } from './client.js';
export { RegistryError, RegistryErrorCode } from './errors.js';
export type { TlsOptions } from './transport.js';
export { planRegistration } from './plan.js';
export type { PlanAction, PlanItem, PlannedReference, RegistrationPlan } from './plan.js';
export { applyRegistrationPlan } from './apply.js';
export type { AppliedItem, ApplyResult, ItemOutcome } from './apply.js';
export { readRegistryState } from './state.js';
export type { RegistryState, SubjectState } from './state.js';
export { checkAgainstRegistry } from './check.js';
export type { RegistryCheckItem, RegistryCheckReport } from './check.js';
export { pullSubjects } from './pull.js';
export type { PullFile, PullResult } from './pull.js';
export { renderPlan, renderApplyResult, describeOutcome, planToJson, applyResultToJson } from './render.js';
export { embeddedDataDir } from './embedded.js';

export interface RegisterCatalogOptions {
  catalog: Catalog;
  client: RegistryClient;
  /** Compute and return the plan without changing the registry. */
  dryRun?: boolean;
  subjectNameStrategy?: SubjectNameStrategy;
  /** @default 4 */
  concurrency?: number;
  judge?: CompatJudge;
  /** See ApplyOptions.uncheckedFormChange. @default true */
  uncheckedFormChange?: boolean;
  onStateRead?: (done: number, total: number) => void;
  onItem?: (applied: AppliedItem, done: number, total: number) => void;
}

export interface RegisterCatalogResult {
  plan: RegistrationPlan;
  /** Undefined on a dry run. */
  result?: ApplyResult;
}

/** Register a catalog's contracts: read state, plan, apply. */
export async function registerCatalog(options: RegisterCatalogOptions): Promise<RegisterCatalogResult> {
  const view = buildRegistrationView(options.catalog, { subjectNameStrategy: options.subjectNameStrategy });
  const subjects = view.units.map((u) => u.subject);
  let read = 0;
  const state = await readRegistryState({ client: options.client, subjects, onSubject: () => options.onStateRead?.(++read, subjects.length) });
  const plan = planRegistration({ catalog: options.catalog, state, view, judge: options.judge });
  if (options.dryRun) return { plan };
  const result = await applyRegistrationPlan({
    plan,
    client: options.client,
    concurrency: options.concurrency,
    uncheckedFormChange: options.uncheckedFormChange,
    onItem: options.onItem,
  });
  return { plan, result };
}
