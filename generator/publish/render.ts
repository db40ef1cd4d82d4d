/** Text and JSON views of a publish plan and its outcome (the CLI prints them). */
import { visible } from '../report/index.js';
import type { PublishItem, PublishOutcome, PublishPlan, PublishResult } from './model.js';

const ACTION_WORDS: Record<PublishItem['action'], string> = {
  publish: 'publish',
  'already-published': 'already published',
  conflict: 'CONFLICT',
  'registry-ahead': 'REGISTRY AHEAD',
  pack: 'pack',
};

export function renderPublishPlan(plan: PublishPlan, packedTo: string | undefined): string {
  const target = plan.registry ? `${plan.registry} (dist-tag ${plan.tag})` : 'no registry configured: packing only, nothing is uploaded';
  const out = [`Publish plan for ${target}`, ''];
  for (const item of plan.items) {
    const from = item.previousVersion && item.previousVersion !== item.version ? `${item.previousVersion} → ` : '';
    out.push(
      `  ${ACTION_WORDS[item.action].padEnd(17)} ${item.name}@${item.version}  (${from}${item.version}, ${item.bump === 'none' ? 'unchanged' : item.bump === 'initial' ? 'first release' : item.bump})`,
    );
    for (const r of item.action === 'already-published' ? [] : item.reasons.slice(0, 20))
      out.push(`      ${r.eventType ? `${r.eventType}: ` : ''}${visible(r.message)}`);
    if (item.reasons.length > 20 && item.action !== 'already-published') out.push(`      … and ${item.reasons.length - 20} more (see CHANGELOG.md)`);
    if (item.problem) out.push(`      ${visible(item.problem)}`);
  }
  if (!plan.registry && packedTo) {
    out.push('', `Packed into ${packedTo}/. Install a package in a service with its runtime, e.g.:`);
    const runtime = plan.items.find((i) => i.kind === 'runtime');
    const first = plan.items.find((i) => i.kind === 'generated');
    if (first && runtime) out.push(`  npm install ./${packedTo}/${baseName(runtime.tarball)} ./${packedTo}/${baseName(first.tarball)}`);
    out.push('To upload, name a registry: `contracts publish --registry <url>` or "publish": {"registry": …} in contracts.config.json.');
  }
  return `${out.join('\n')}\n`;
}

const OUTCOME_WORDS: Record<PublishOutcome['status'], string> = {
  published: 'published',
  'already-published': 'already published',
  packed: 'packed',
  refused: 'refused',
  failed: 'FAILED',
  skipped: 'skipped',
};

export function renderPublishResult(plan: PublishPlan, result: PublishResult): string {
  const out = [`Publish to ${plan.registry ?? 'no registry (packed only)'}`, ''];
  for (const { item, outcome } of result.items) {
    const detail =
      outcome.status === 'failed'
        ? `: ${visible(outcome.message)}`
        : outcome.status === 'skipped' || outcome.status === 'refused'
          ? `: ${visible(outcome.reason)}`
          : '';
    out.push(`  ${OUTCOME_WORDS[outcome.status].padEnd(17)} ${item.name}@${item.version}${detail}`);
  }
  const count = (s: PublishOutcome['status']) => result.items.filter((i) => i.outcome.status === s).length;
  out.push(
    '',
    `${count('published')} published, ${count('already-published')} already published, ${count('failed')} failed, ${count('skipped')} not attempted.`,
  );
  const auth = result.items.find((i) => i.outcome.status === 'failed' && i.outcome.reason === 'auth');
  if (auth && plan.registry) {
    out.push(
      `${plan.registry} refused the credentials; nothing was uploaded after that. Log in with \`npm login --registry ${plan.registry}\`, or set NODE_AUTH_TOKEN (CI), or add \`${authLine(plan.registry)}\` to the .npmrc that NPM_CONFIG_USERCONFIG names.`,
    );
  } else if (!result.complete) {
    out.push('Run `contracts publish` again: what is on the registry is skipped and the rest is completed (contracts.releases.json records every upload).');
  }
  if (result.recorded) out.push('Recorded in contracts.releases.json and generated/*/package.json: commit them.');
  return `${out.join('\n')}\n`;
}

/** `--format json`: the plan and, when applied, the outcome per package. */
export function publishToJson(plan: PublishPlan, result: PublishResult | undefined, packedTo: string | undefined): unknown {
  const outcomes = new Map(result?.items.map((i) => [i.item.name, i.outcome]));
  return {
    registry: plan.registry ?? null,
    tag: plan.tag,
    ...(packedTo ? { packedTo } : {}),
    applied: result !== undefined,
    complete: result?.complete ?? null,
    packages: plan.items.map((item) => ({
      name: item.name,
      version: item.version,
      previousVersion: item.previousVersion ?? null,
      bump: item.bump,
      action: item.action,
      outcome: outcomes.get(item.name) ?? null,
      integrity: item.integrity,
      tarball: baseName(item.tarball),
      reasons: item.reasons,
      ...(item.problem ? { problem: item.problem } : {}),
    })),
    diagnostics: plan.diagnostics,
  };
}

function authLine(registry: string): string {
  const u = new URL(registry);
  return `//${u.host}${u.pathname.replace(/\/?$/, '/')}:_authToken=<token>`;
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/** One line for `contracts run`: what the publish stage did. */
export function renderPublishSummary(stage: { plan: PublishPlan; result?: PublishResult; packedTo?: string }): string {
  const { plan, result } = stage;
  const list = (items: PublishPlan['items']) => items.map((i) => `${i.name}@${i.version}`).join(', ') || 'none';
  if (!plan.registry)
    return `publish   packed ${plan.items.length} packages into ${stage.packedTo ?? 'a temp folder (dry run)'}/; nothing uploaded (no npm registry configured)`;
  if (!result) return `publish   plan for ${plan.registry}: to publish ${list(plan.items.filter((i) => i.action === 'publish'))}; upload with --publish`;
  const count = (s: PublishOutcome['status']) => result.items.filter((i) => i.outcome.status === s).length;
  return `publish   ${count('published')} published, ${count('already-published')} already published, ${count('failed')} failed to ${plan.registry}`;
}
