/**
 * The catalog's view model: every decision (status, sentences, names, snippets, order) is made here,
 * from the Catalog and the lock, before anything is rendered. Pure.
 */
import type { ChangeSeverity } from '../check/index.js';
import type { RevisionChange } from '../records/index.js';
import type { TreeNode } from './tree.js';

export type EventStatusKind = 'active' | 'deprecated' | 'sunset-passed';

export interface EventSummary {
  eventType: string;
  domain: string;
  title?: string;
  owner?: string;
  topic: string;
  status: EventStatusKind;
  sunset?: string;
  /** Semver of the latest revision (the lock's, or `<N>.0.0` unreleased). */
  latest: string;
  /** Page path relative to the site root, e.g. `events/order.placed.v2.html`. */
  href: string;
}

export interface ChangeView {
  severity: ChangeSeverity;
  /** Confluent change type or a documentation kind. */
  type: string;
  path: string;
  /** The sentences the PR report uses: for a break, its one-line summary first. */
  message: string;
  accepted: boolean;
}

export interface RevisionView {
  semver: string;
  /** Lock change kind, or `unreleased` for a working-tree revision not in the lock yet. */
  change: RevisionChange | 'unreleased';
  fingerprint: string;
  /** Changes from the revision before it (empty for the first). */
  changes: ChangeView[];
  /** The bundled data schema, pretty-printed with sorted keys (what the diff view compares). */
  schemaText: string;
}

export interface Usage {
  packageName: string;
  install: string;
  publish: string;
  consume: string;
}

export interface EventPage {
  summary: EventSummary;
  description?: string;
  file: string;
  partitionKey?: string;
  subject: string;
  level: string;
  policy: string;
  tree: TreeNode[];
  /** Pretty JSON of the bundled latest `data` schema. */
  rawSchema: string;
  /** Pretty JSON of the registered envelope (undefined when the event type cannot be registered). */
  envelope?: string;
  examples: string[];
  /** Oldest first. */
  revisions: RevisionView[];
  /** Shared definitions the schema uses (subjects). */
  shared: string[];
  usage: Usage;
  /** Page paths of the diff view and of the shared definitions. */
  diffHref: string;
}

export interface SharedPage {
  subject: string;
  file: string;
  title?: string;
  description?: string;
  tree: TreeNode[];
  rawSchema: string;
  /** Event types whose schema uses it. */
  usedBy: { eventType: string; href: string }[];
  href: string;
}

export interface CatalogModel {
  title: string;
  /** Sorted by event type. */
  events: EventPage[];
  shared: SharedPage[];
  domains: { name: string; count: number }[];
  owners: string[];
  topics: string[];
  counts: { eventTypes: number; domains: number; deprecated: number; sunsetPassed: number; revisions: number };
}

/** Path of an event page, a diff page and a shared page relative to the site root. */
export const pagePaths = {
  event: (slug: string) => `events/${slug}.html`,
  diff: (slug: string) => `events/${slug}.diff.html`,
  shared: (slug: string) => `shared/${slug}.html`,
};
