/**
 * `planCatalog`: the Catalog + lock → the view model of the site. Pure (the comparison cache is
 * memoisation only). Revision sentences come from the check stage (`changesBetweenRevisions`), the
 * registered envelope from `buildRegistrationView`, package and method names from generate's `names.ts`:
 * each concept has one home and the catalog only reads it.
 */
import type { JsonObject } from '../core/json.js';
import type { Catalog, EventContract } from '../load/index.js';
import { buildRegistrationView, eventSubject, sharedSubject } from '../registration/index.js';
import {
  canonicalize,
  changesBetweenRevisions,
  ComparisonCache,
  compatCompare,
  currentEvents,
  sunsetReached,
  bumpSemver,
  type CurrentEvent,
} from '../check/index.js';
import type { LockFile, LockRevision } from '../records/index.js';
import { eventNames, packageNames, reservedTypeNames } from '../generate/index.js';
import { slug } from './html.js';
import {
  pagePaths,
  type CatalogModel,
  type ChangeView,
  type EventPage,
  type EventStatusKind,
  type RevisionView,
  type SharedPage,
  type Usage,
} from './model.js';
import { propertyTree } from './tree.js';

export interface PlanCatalogInput {
  catalog: Catalog;
  lock: LockFile | undefined;
  /** Decides "sunset passed". */
  now: Date;
  /** Shared across calls to reuse comparisons. */
  cache?: ComparisonCache;
}

export function planCatalog(input: PlanCatalogInput): CatalogModel {
  const { catalog, lock, now } = input;
  const cache = input.cache ?? new ComparisonCache(compatCompare);
  const { events: current } = currentEvents(catalog);
  const bundles = new Map(current.map((e) => [e.eventType, e]));
  const envelopes = new Map(
    buildRegistrationView(catalog)
      .units.filter((u) => u.kind === 'event')
      .map((u) => [u.eventType as string, u.schema]),
  );
  const usage = usageByEvent(catalog);

  const events: EventPage[] = [];
  for (const e of catalog.events) {
    const bundled = bundles.get(e.eventType);
    if (!bundled) continue; // not bundleable: lint reports it
    events.push(eventPage(e, bundled, catalog, lock, now, cache, envelopes.get(e.eventType), usage.get(e.eventType) as Usage));
  }
  events.sort((a, b) => cmp(a.summary.eventType, b.summary.eventType));

  const shared: SharedPage[] = catalog.shared.map((s) => {
    const subject = sharedSubject(s.file);
    const usedBy = events.filter((p) => p.shared.includes(subject)).map((p) => ({ eventType: p.summary.eventType, href: p.summary.href }));
    const page: SharedPage = {
      subject,
      file: s.file,
      tree: propertyTree(s.schema),
      rawSchema: pretty(s.schema),
      usedBy,
      href: pagePaths.shared(slug(subject)),
    };
    if (typeof s.schema.title === 'string') page.title = s.schema.title;
    if (typeof s.schema.description === 'string') page.description = s.schema.description;
    return page;
  });

  const distinct = (values: (string | undefined)[]) => [...new Set(values.filter((v): v is string => v !== undefined))].sort(cmp);
  const domainCounts = new Map<string, number>();
  for (const p of events) domainCounts.set(p.summary.domain, (domainCounts.get(p.summary.domain) ?? 0) + 1);
  return {
    title: `${catalog.config.packageScope} event catalog`,
    events,
    shared,
    domains: [...domainCounts].sort(([a], [b]) => cmp(a, b)).map(([name, count]) => ({ name, count })),
    owners: distinct(events.map((p) => p.summary.owner)),
    topics: distinct(events.map((p) => p.summary.topic)),
    counts: {
      eventTypes: events.length,
      domains: domainCounts.size,
      deprecated: events.filter((p) => p.summary.status === 'deprecated').length,
      sunsetPassed: events.filter((p) => p.summary.status === 'sunset-passed').length,
      revisions: events.reduce((n, p) => n + p.revisions.length, 0),
    },
  };
}

function eventPage(
  e: EventContract,
  bundled: CurrentEvent,
  catalog: Catalog,
  lock: LockFile | undefined,
  now: Date,
  cache: ComparisonCache,
  envelope: JsonObject | undefined,
  usage: Usage,
): EventPage {
  const revisions = revisionsOf(bundled, lock, cache);
  const s = slug(e.eventType);
  const status: EventStatusKind = !e.deprecated ? 'active' : sunsetReached(e.sunset, now) ? 'sunset-passed' : 'deprecated';
  const summary: EventPage['summary'] = {
    eventType: e.eventType,
    domain: e.domain,
    topic: e.topic,
    status,
    latest: (revisions[revisions.length - 1] as RevisionView).semver,
    href: pagePaths.event(s),
  };
  if (typeof e.schema.title === 'string') summary.title = e.schema.title;
  if (e.owner) summary.owner = e.owner;
  if (e.sunset) summary.sunset = e.sunset;
  const definitions = (bundled.schema.definitions ?? bundled.schema.$defs) as JsonObject | undefined;
  const page: EventPage = {
    summary,
    file: e.file,
    subject: eventSubject(catalog.config.subjectNameStrategy, e),
    level: bundled.level,
    policy: bundled.policy,
    tree: propertyTree(bundled.schema),
    rawSchema: pretty(bundled.schema),
    examples: e.examples.map((x) => JSON.stringify(x, null, 2)),
    revisions,
    shared: Object.keys(definitions ?? {})
      .filter((k) => k.startsWith('_'))
      .sort(cmp),
    usage,
    diffHref: pagePaths.diff(s),
  };
  if (typeof e.schema.description === 'string') page.description = e.schema.description;
  if (e.partitionKey) page.partitionKey = e.partitionKey;
  if (envelope) page.envelope = pretty(envelope);
  return page;
}

/** Every lock revision oldest first, plus the working tree when it differs from the latest one. */
function revisionsOf(event: CurrentEvent, lock: LockFile | undefined, cache: ComparisonCache): RevisionView[] {
  const recorded: LockRevision[] = lock?.events[event.eventType]?.revisions ?? [];
  const steps: { semver: string; change: RevisionView['change']; fingerprint: string; schema: JsonObject }[] = recorded.map((r) => ({
    semver: r.semver,
    change: r.change,
    fingerprint: r.fingerprint,
    schema: r.schema,
  }));
  const last = steps[steps.length - 1];
  if (!last || last.fingerprint !== event.fingerprint) {
    const semver = last ? `${bumpSemver(last.semver, 'minor')}-unreleased` : `${event.version}.0.0-unreleased`;
    steps.push({ semver, change: 'unreleased', fingerprint: event.fingerprint, schema: event.schema });
  }
  return steps.map((step, i) => {
    const previous = steps[i - 1];
    const changes: ChangeView[] = previous
      ? changesBetweenRevisions(event, { ...previous, label: previous.semver }, { ...step, label: step.semver }, cache).map((c) => ({
          severity: c.severity,
          type: c.type,
          path: c.path,
          message: c.summary ? `${c.summary} ${c.message}` : c.message,
          accepted: c.severity === 'breaking' && step.change === 'approved-breaking',
        }))
      : [];
    return { semver: step.semver, change: step.change, fingerprint: step.fingerprint, changes, schemaText: pretty(step.schema) };
  });
}

/** npm package, install line and typed snippets, named exactly as `contracts generate` names them. */
function usageByEvent(catalog: Catalog): Map<string, Usage> {
  const out = new Map<string, Usage>();
  const byDomain = new Map<string, EventContract[]>();
  for (const e of catalog.events) byDomain.set(e.domain, [...(byDomain.get(e.domain) ?? []), e]);
  for (const [domain, events] of byDomain) {
    const pkg = packageNames(domain, catalog.config.packageScope);
    const names = eventNames(
      events.map((e) => e.eventType),
      reservedTypeNames(pkg),
    );
    for (const e of events) {
      const n = names.get(e.eventType);
      if (!n) continue;
      const example = e.examples[0] !== undefined ? JSON.stringify(e.examples[0], null, 2) : '{ /* … */ }';
      out.set(e.eventType, {
        packageName: pkg.packageName,
        install: `npm install ${pkg.packageName}`,
        publish: [
          `import { ${pkg.publisherFactory}, type ${n.dataType} } from '${pkg.packageName}';`,
          '',
          `const events = ${pkg.publisherFactory}({ source: 'my-service' });`,
          `const data: ${n.dataType} = ${example};`,
          `await events.${n.publishMethod}(data); // to topic ${JSON.stringify(e.topic)}`,
        ].join('\n'),
        consume: [
          `import { ${pkg.consumerFactory} } from '${pkg.packageName}';`,
          '',
          `const consumer = ${pkg.consumerFactory}({ groupId: 'my-service' });`,
          `consumer.on(${JSON.stringify(e.eventType)}, async (event) => {`,
          `  // event.data is a ${n.dataType}`,
          '});',
          'await consumer.start();',
        ].join('\n'),
      });
    }
  }
  return out;
}

/** Sorted keys, 2-space indent: stable text for the raw view and the diff. */
function pretty(value: JsonObject): string {
  return JSON.stringify(canonicalize(value), null, 2);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
