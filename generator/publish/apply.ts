/**
 * `applyPublishPlan`: uploads what the plan says, runtime first (the generated packages depend on
 * it), one package at a time, and records each upload in contracts.releases.json as soon as the
 * registry accepted it, so a run cut short is finished by the next one and never repeated.
 * Credentials are checked before the first upload: wrong ones publish nothing.
 */
import { writeReleases, type ReleasesFile } from '../records/index.js';
import { recordGeneratedVersion } from './content.js';
import type { PublishItem, PublishOutcome, PublishPlan, PublishResult } from './model.js';
import { NpmError, npmPublish, npmWhoami, type NpmContext } from './npm.js';

export interface ApplyPublishOptions {
  plan: PublishPlan;
  /** The record as read; updated in place and written after every package that reached the registry. */
  releases: ReleasesFile;
  root: string;
  npm: NpmContext;
  provenance: boolean;
  /** Called after each package (progress lines). */
  onItem?: (item: PublishItem, outcome: PublishOutcome) => void;
}

export async function applyPublishPlan(options: ApplyPublishOptions): Promise<PublishResult> {
  const { plan, releases } = options;
  const items: PublishResult['items'] = [];
  let recorded = false;
  let stop: PublishOutcome | undefined;
  const done = (item: PublishItem, outcome: PublishOutcome) => {
    items.push({ item, outcome });
    options.onItem?.(item, outcome);
  };
  const record = async (item: PublishItem) => {
    releases.packages[item.name] = { ...item.plan.release, integrity: item.integrity };
    await writeReleases(options.root, releases);
    if (item.kind === 'generated') await recordGeneratedVersion(item.plan);
    recorded = true;
  };

  if (plan.items.some((i) => i.action === 'publish')) {
    try {
      await npmWhoami(options.npm, plan.items[0]?.name ?? '');
    } catch (error) {
      if (!(error instanceof NpmError)) throw error;
      stop = { status: 'failed', reason: error.kind === 'auth' ? 'auth' : error.kind === 'network' ? 'network' : 'npm', message: error.message };
    }
  }
  let firstUpload = true;
  for (const item of plan.items) {
    if (stop && item.action === 'publish' && firstUpload && stop.status === 'failed') {
      // The credentials check failed: the first upload is where it would have failed.
      firstUpload = false;
      done(item, stop);
      continue;
    }
    if (stop) {
      done(item, item.action === 'publish' ? { status: 'skipped', reason: stopReason(stop) } : outcomeWithoutUpload(item));
      continue;
    }
    if (item.action !== 'publish') {
      const outcome = outcomeWithoutUpload(item);
      if (outcome.status === 'already-published' && item.plan.changed) await record(item);
      done(item, outcome);
      continue;
    }
    firstUpload = false;
    try {
      await npmPublish(options.npm, item.tarball, item.name, { tag: plan.tag, provenance: options.provenance });
      await record(item);
      done(item, { status: 'published' });
    } catch (error) {
      if (!(error instanceof NpmError)) throw error;
      const outcome: PublishOutcome = {
        status: 'failed',
        reason: error.kind === 'auth' || error.kind === 'network' || error.kind === 'conflict' ? error.kind : 'npm',
        message: error.message,
      };
      done(item, outcome);
      // Later packages may depend on this one, and a broken connection or login fails them all alike.
      stop = outcome;
    }
  }
  const complete = items.every(({ outcome }) => outcome.status === 'published' || outcome.status === 'already-published' || outcome.status === 'packed');
  return { items, complete, recorded };
}

function outcomeWithoutUpload(item: PublishItem): PublishOutcome {
  switch (item.action) {
    case 'already-published':
      return { status: 'already-published' };
    case 'pack':
      return { status: 'packed' };
    default:
      return { status: 'refused', reason: item.problem ?? item.action };
  }
}

function stopReason(stop: PublishOutcome): string {
  return stop.status === 'failed'
    ? `not attempted: ${stop.reason === 'auth' ? 'the registry refused the credentials' : stop.reason === 'network' ? 'the registry could not be reached' : 'an earlier package failed'}`
    : 'not attempted';
}
