/**
 * applyRegistrationPlan: performs a RegistrationPlan against a registry and returns what it did
 * per item. Dependencies (shared schemas) are registered before the schemas that reference
 * them; independent items run concurrently. Registration is idempotent on the registry side,
 * so a retried request or a re-run after a partial failure never creates a duplicate version.
 */
import type { RegistryClient, SchemaReference } from './client.js';
import { RegistryError } from './errors.js';
import type { PlanItem, RegistrationPlan } from './plan.js';

export type ItemOutcome =
  | { status: 'registered'; id: number; version: number; configSet?: string }
  | { status: 'skipped'; id: number; version: number; configSet?: string }
  | { status: 'failed'; reason: 'incompatible' | 'blocked' | 'dependency' | 'network' | 'server' | 'registry'; message: string };

export interface AppliedItem {
  item: PlanItem;
  outcome: ItemOutcome;
  /** Set when the registry refused or ignored `compatibilityPolicy` and only the level is in force. */
  note?: string;
  /** The policy the registry accepted but does not keep (Apicurio): it judges at the level alone. */
  policyIgnored?: string;
}

export interface ApplyResult {
  items: AppliedItem[];
  /** True when every item is registered or already was: a re-run would change nothing. */
  complete: boolean;
  counts: { registered: number; skipped: number; failed: number };
}

export interface ApplyOptions {
  plan: RegistrationPlan;
  client: RegistryClient;
  /** Items in flight at once. @default 4 */
  concurrency?: number;
  /**
   * For a subject whose newest version holds the same content in an older registered form (PlanItem.formChange),
   * when the registry's own check refuses the new form (Apicurio cannot resolve the older reference names and
   * calls the moved `format` a narrowing), register it once with the subject's level at NONE, then set the
   * contracts' level back, and make sure no other writer's version landed meanwhile. On by default: the local
   * engine has already judged the content identical; `false` keeps the registry's refusal (explained).
   * @default true
   */
  uncheckedFormChange?: boolean;
  /** Called after each item (progress bars). */
  onItem?: (applied: AppliedItem, done: number, total: number) => void;
}

export async function applyRegistrationPlan(options: ApplyOptions): Promise<ApplyResult> {
  const { plan, client } = options;
  const slots = semaphore(options.concurrency ?? 4);
  const versions = new Map<string, Promise<number | undefined>>();
  const results: AppliedItem[] = new Array(plan.items.length);
  let done = 0;
  const runs = plan.items.map((item, index) => {
    const run = (async (): Promise<number | undefined> => {
      const depVersions = new Map<string, number | undefined>();
      for (const subject of item.dependsOn) depVersions.set(subject, await versions.get(subject));
      await slots.acquire();
      let applied: AppliedItem;
      try {
        applied = await applyItem(item, depVersions, client, options.uncheckedFormChange !== false);
      } finally {
        slots.release();
      }
      results[index] = applied;
      done++;
      options.onItem?.(applied, done, plan.items.length);
      return applied.outcome.status === 'failed' ? undefined : applied.outcome.version;
    })();
    versions.set(item.subject, run);
    return run;
  });
  await Promise.all(runs);
  const counts = { registered: 0, skipped: 0, failed: 0 };
  for (const r of results) counts[r.outcome.status]++;
  return { items: results, complete: counts.failed === 0, counts };
}

async function applyItem(
  item: PlanItem,
  depVersions: ReadonlyMap<string, number | undefined>,
  client: RegistryClient,
  uncheckedFormChange: boolean,
): Promise<AppliedItem> {
  if (item.action === 'incompatible') {
    return { item, outcome: { status: 'failed', reason: 'incompatible', message: item.reasons.join('\n') } };
  }
  if (item.action === 'blocked') {
    return { item, outcome: { status: 'failed', reason: 'blocked', message: item.reasons.join('\n') } };
  }
  const missing = item.dependsOn.filter((s) => depVersions.get(s) === undefined);
  if (missing.length > 0) {
    return {
      item,
      outcome: {
        status: 'failed',
        reason: 'dependency',
        message: `not sent: referenced subject ${missing.map((s) => `"${s}"`).join(', ')} was not registered in this run`,
      },
    };
  }
  try {
    let note: string | undefined;
    let configSet: string | undefined;
    let policyIgnored: string | undefined;
    if (item.configChange) ({ note, configSet, policyIgnored } = await setConfig(client, item));
    const extra = policyIgnored ? { policyIgnored } : {};
    if (item.action === 'already-registered' && item.registered) {
      return { item, note, ...extra, outcome: { status: 'skipped', id: item.registered.id, version: item.registered.version, configSet } };
    }
    const references: SchemaReference[] = item.references.map((r) => ({
      name: r.name,
      subject: r.subject,
      version: r.version ?? (depVersions.get(r.subject) as number),
    }));
    const payload = { schema: item.schemaText, references, ...(item.metadata ? { metadata: item.metadata } : {}) };
    const { answer, unchecked } = await registerItem(client, item, payload, uncheckedFormChange);
    if (unchecked) note = [note, unchecked].filter(Boolean).join('; ');
    let version = answer.version;
    if (version === undefined) version = (await client.lookup(item.subject, payload))?.version;
    if (version === undefined) {
      return {
        item,
        note,
        outcome: { status: 'failed', reason: 'registry', message: `registered as id ${answer.id}, but the registry does not say under which version` },
      };
    }
    if (unchecked) {
      const others = await versionsByOthers(client, item, version);
      if (others.length > 0) return { item, note, outcome: { status: 'failed', reason: 'registry', message: othersMessage(item, version, others) } };
    }
    const isNew = item.latest === undefined || version > item.latest.version;
    if (item.unverified) note = [note, 'state was unread: the version may have existed already'].filter(Boolean).join('; ');
    return {
      item,
      note,
      ...extra,
      outcome: isNew ? { status: 'registered', id: answer.id, version, configSet } : { status: 'skipped', id: answer.id, version, configSet },
    };
  } catch (error) {
    if (!(error instanceof RegistryError)) throw error;
    if (error.incompatible)
      return { item, outcome: { status: 'failed', reason: 'incompatible', message: `the registry refused it as incompatible: ${error.message}` } };
    return { item, outcome: { status: 'failed', reason: error.kind !== 'http' ? 'network' : error.retriable ? 'server' : 'registry', message: error.message } };
  }
}

/** Registers `payload`; a form change the registry's own check refused goes once at NONE (`unchecked` says why). */
async function registerItem(
  client: RegistryClient,
  item: PlanItem,
  payload: Parameters<RegistryClient['register']>[1],
  uncheckedFormChange: boolean,
): Promise<{ answer: Awaited<ReturnType<RegistryClient['register']>>; unchecked?: string }> {
  try {
    return { answer: await client.register(item.subject, payload) };
  } catch (error) {
    if (!uncheckedFormChange || !item.formChange || !refusedByItsCheck(error)) throw error;
    const answer = await registerUnchecked(client, item, () => client.register(item.subject, payload));
    const refusal = (error as Error).message.split('\n')[0];
    return {
      answer,
      unchecked: `registered with the subject's compatibility at NONE for this one request (the registry refused the form change: ${refusal}); ${item.compatibility.level} set back`,
    };
  }
}

/** A refusal by the registry's own compatibility check (409), or its checker failing on the older form (5xx). */
function refusedByItsCheck(error: unknown): boolean {
  return error instanceof RegistryError && (error.incompatible || (error.kind === 'http' && error.status !== undefined && error.status >= 500));
}

/**
 * Versions of the subject other than `ours` that are newer than the one this run planned against: another
 * writer's, which may have gone through while the level was NONE (a window of three requests).
 */
async function versionsByOthers(client: RegistryClient, item: PlanItem, ours: number): Promise<number[]> {
  const since = item.latest?.version ?? 0;
  return (await client.listVersions(item.subject)).filter((v) => v > since && v !== ours);
}

function othersMessage(item: PlanItem, ours: number, others: readonly number[]): string {
  const which = others.length === 1 ? `version ${others[0]}` : `versions ${others.join(', ')}`;
  return (
    `registered as version ${ours} with the level at NONE, but ${which} of "${item.subject}" came from another writer since this run read the subject, ` +
    `possibly while the level was NONE: review ${others.length === 1 ? 'it' : 'them'} with \`contracts check --registry\``
  );
}

/** Runs `register` with the subject's level at NONE, then sets the contracts' level (and policy) back, whatever happened. */
async function registerUnchecked<T>(client: RegistryClient, item: PlanItem, register: () => Promise<T>): Promise<T> {
  await client.setSubjectConfig(item.subject, { level: 'NONE' });
  try {
    return await register();
  } finally {
    await setConfig(client, item);
  }
}

/**
 * Sets level and policy and says what is in force: when the registry rejects the policy field,
 * the level alone is set; when it accepts the field but does not keep it (Apicurio 3.x), reading
 * the config back shows no policy, and the outcome must not claim one (`configSet` is the level).
 */
async function setConfig(client: RegistryClient, item: PlanItem): Promise<{ configSet: string; note?: string; policyIgnored?: string }> {
  const { level, policy } = item.compatibility;
  try {
    await client.setSubjectConfig(item.subject, { level, policy });
  } catch (error) {
    if (!(error instanceof RegistryError) || error.retriable || (error.status !== 400 && error.status !== 422) || error.errorCode === 42203) throw error;
    await client.setSubjectConfig(item.subject, { level });
    return { configSet: level, note: `the registry rejected compatibilityPolicy ${policy}; only the level ${level} was set` };
  }
  const stored = await client.getSubjectConfig(item.subject);
  if (stored === undefined || stored.policy === policy) return { configSet: `${level}/${policy}` };
  if (stored.policy === undefined) {
    return {
      configSet: level,
      policyIgnored: policy,
      note: `compatibilityPolicy ${policy} ignored: the registry keeps no policy and judges ${level} with its own rules`,
    };
  }
  return { configSet: `${level}/${stored.policy}`, note: `the registry answered compatibilityPolicy ${stored.policy}, not ${policy}` };
}

function semaphore(limit: number): { acquire(): Promise<void>; release(): void } {
  let active = 0;
  const waiting: (() => void)[] = [];
  return {
    acquire() {
      if (active < limit) {
        active++;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => waiting.push(resolve));
    },
    release() {
      const next = waiting.shift();
      if (next) next();
      else active--;
    },
  };
}
