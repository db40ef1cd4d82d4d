/**
 * Plain-text and JSON renderings of a plan and of what apply did. No colours, no I/O:
 * the CLI prints these.
 */
import type { JsonObject } from '../core/json.js';
import type { AppliedItem, ApplyResult } from './apply.js';
import type { PlanItem, RegistrationPlan } from './plan.js';

export function describePlanItem(item: PlanItem): string {
  const config = item.configChange
    ? `; set compatibility ${item.configChange.to.level}/${item.configChange.to.policy}${item.configChange.from ? ` (was ${item.configChange.from.level}${item.configChange.from.policy ? `/${item.configChange.from.policy}` : ''})` : ''}`
    : '';
  switch (item.action) {
    case 'already-registered':
      return `already registered (id ${item.registered?.id}, version ${item.registered?.version})${config}`;
    case 'register':
      if (item.unverified) return `register (unverified: ${item.unverified})${config}`;
      if (item.formChange)
        return `register: new version with the same content as version ${item.sameContentAs}, compatible (${item.formChange})${item.dependsOn.length ? ` after ${item.dependsOn.join(', ')}` : ''}${config}`;
      return `register new version${item.latest ? ` (after version ${item.latest.version})` : ' (new subject)'}${item.dependsOn.length ? ` after ${item.dependsOn.join(', ')}` : ''}${config}`;
    case 'incompatible':
      return `incompatible with the registered versions (${item.compatibility.level}/${item.compatibility.policy}); not sent${sameContent(item)}`;
    case 'blocked':
      return 'blocked; not sent';
  }
}

/** The form-change explanation for lines other than the planned new version. */
function sameContent(item: PlanItem): string {
  return item.formChange ? ` (version ${item.sameContentAs} holds the same content; ${item.formChange})` : '';
}

const MARK: Record<PlanItem['action'], string> = { 'already-registered': '=', register: '+', incompatible: '!', blocked: '!' };

export function renderPlan(plan: RegistrationPlan, registryUrl: string): string {
  const lines = [`Registration plan for ${registryUrl} (${plan.items.length} subject${plan.items.length === 1 ? '' : 's'}):`];
  const width = Math.min(60, Math.max(0, ...plan.items.map((i) => i.subject.length)));
  for (const item of plan.items) {
    lines.push(`  ${MARK[item.action]} ${item.subject.padEnd(width)}  ${describePlanItem(item)}`);
    for (const r of item.reasons) lines.push(`      ${r}`);
  }
  for (const d of plan.diagnostics) lines.push(`  ! ${d.file}: ${d.message} [${d.ruleId}]`);
  const count = (a: PlanItem['action']): number => plan.items.filter((i) => i.action === a).length;
  const configs = plan.items.filter((i) => i.configChange && (i.action === 'register' || i.action === 'already-registered')).length;
  lines.push(
    `${count('register')} to register, ${count('already-registered')} already registered, ${configs} config change${configs === 1 ? '' : 's'}, ${count('incompatible') + count('blocked')} refused locally${plan.diagnostics.length ? `, ${plan.diagnostics.length} problem${plan.diagnostics.length === 1 ? '' : 's'}` : ''}.`,
  );
  return lines.join('\n') + '\n';
}

export function describeOutcome(applied: AppliedItem): string {
  const o = applied.outcome;
  const config = o.status !== 'failed' && o.configSet ? `; compatibility set to ${o.configSet}` : '';
  const note = applied.note ? ` (${applied.note})` : '';
  const form = applied.item.formChange;
  switch (o.status) {
    case 'registered':
      return `registered id=${o.id} version=${o.version}${form ? `, same content as version ${applied.item.sameContentAs} (${form})` : ''}${config}${note}`;
    case 'skipped':
      return `skipped: already registered (id=${o.id} version=${o.version})${config}${note}`;
    case 'failed':
      return `failed: ${o.reason}: ${o.message.split('\n')[0]}${sameContent(applied.item)}`;
  }
}

export function renderApplyResult(result: ApplyResult, registryUrl: string, plan: RegistrationPlan): string {
  const lines = [`Registered in ${registryUrl}:`];
  const width = Math.min(60, Math.max(0, ...result.items.map((i) => i.item.subject.length)));
  for (const applied of result.items) {
    lines.push(`  ${applied.item.subject.padEnd(width)}  ${describeOutcome(applied)}`);
    if (applied.outcome.status === 'failed') for (const extra of applied.outcome.message.split('\n').slice(1)) lines.push(`      ${extra}`);
  }
  for (const d of plan.diagnostics) lines.push(`  ! ${d.file}: ${d.message} [${d.ruleId}]`);
  const { registered, skipped, failed } = result.counts;
  const refusedForms = result.items.filter(refusedFormChange).length;
  lines.push(`${registered} registered, ${skipped} already registered, ${failed} failed.${incompleteHint(result, plan, refusedForms)}`);
  if (refusedForms > 0) {
    lines.push(
      `Note: ${refusedForms} subject${refusedForms === 1 ? '' : 's'} hold${refusedForms === 1 ? 's' : ''} the same content as the newest version in an older registered form, and ${registryUrl} refused the new form with its own check. The content did not change: \`contracts register\` without \`--no-unchecked-form-change\` registers ${refusedForms === 1 ? 'it' : 'them'} once at compatibility NONE and sets the level back.`,
    );
  }
  const ignored = [...new Set(result.items.map((i) => i.policyIgnored).filter((p): p is string => p !== undefined))];
  if (ignored.length > 0) {
    lines.push(
      `Note: ${registryUrl} ignores the compatibility policy (${ignored.join(', ')}): it keeps the level only and judges new versions with its own rules (Apicurio has no LENIENT). contracts register judged ${ignored.join(', ')} locally before sending, but the registry may still refuse a change that policy allows; use "policy": "STRICT" in contracts.config.json to judge as it does.`,
    );
  }
  return lines.join('\n') + '\n';
}

/** A subject whose content is unchanged but whose new registered form the registry's own check refused. */
function refusedFormChange(applied: ApplyResult['items'][number]): boolean {
  return (
    applied.item.formChange !== undefined &&
    applied.outcome.status === 'failed' &&
    (applied.outcome.reason === 'incompatible' || applied.outcome.reason === 'server')
  );
}

/** What the closing line tells the user to do when something failed: retry, fix the schemas, or read the note. */
function incompleteHint(result: ApplyResult, plan: RegistrationPlan, refusedForms: number): string {
  if (result.counts.failed === 0 && plan.diagnostics.length === 0) return '';
  const transient = result.items.some(
    (i) =>
      i.outcome.status === 'failed' &&
      !refusedFormChange(i) &&
      (i.outcome.reason === 'network' || i.outcome.reason === 'server' || i.outcome.reason === 'dependency'),
  );
  if (transient) return ' Incomplete: run `contracts register` again to finish (already registered subjects are skipped).';
  if (refusedForms === result.counts.failed && plan.diagnostics.length === 0) return ' Incomplete: see the note below.';
  return ' Incomplete: fix the schemas above and run `contracts register` again.';
}

export function planToJson(plan: RegistrationPlan, registryUrl: string): JsonObject {
  return JSON.parse(
    JSON.stringify({
      registry: registryUrl,
      items: plan.items.map((i) => ({
        subject: i.subject,
        kind: i.kind,
        file: i.file,
        eventType: i.eventType,
        action: i.action,
        registered: i.registered,
        latest: i.latest,
        references: i.references,
        compatibility: i.compatibility,
        configChange: i.configChange,
        reasons: i.reasons,
        dependsOn: i.dependsOn,
        unverified: i.unverified,
        formChange: i.formChange,
        sameContentAs: i.sameContentAs,
      })),
      diagnostics: plan.diagnostics,
    }),
  ) as JsonObject;
}

export function applyResultToJson(result: ApplyResult, plan: RegistrationPlan, registryUrl: string): JsonObject {
  return JSON.parse(
    JSON.stringify({
      registry: registryUrl,
      complete: result.complete && plan.diagnostics.length === 0,
      counts: result.counts,
      items: result.items.map((a) => ({
        subject: a.item.subject,
        kind: a.item.kind,
        file: a.item.file,
        eventType: a.item.eventType,
        ...a.outcome,
        note: a.note,
        policyIgnored: a.policyIgnored,
        formChange: a.item.formChange,
        sameContentAs: a.item.sameContentAs,
      })),
      diagnostics: plan.diagnostics,
    }),
  ) as JsonObject;
}
