/**
 * The pure publish planner, one case per version rule (publish/rules.ts) and per action: given the
 * release record, the lock and the current contracts, the version, bump and reasons it plans; given
 * the registry's state, the action it picks.
 */
import { describe, expect, it } from 'vitest';
import { schemaFingerprint } from '../../../generator/check/canonical.js';
import { compatCompare } from '../../../generator/check/repository.js';
import { ComparisonCache } from '../../../generator/check/revisions.js';
import type { LockFile } from '../../../generator/records/index.js';
import type { CurrentEvent } from '../../../generator/check/model.js';
import { emptyReleases, type ReleasesFile } from '../../../generator/records/index.js';
import type { JsonObject } from '../../../generator/core/json.js';
import type { LocalPackage, VersionPlan } from '../../../generator/publish/model.js';
import { caretMajor, planPublish, planVersions } from '../../../generator/publish/plan.js';
import { RELEASE_RULES } from '../../../generator/publish/rules.js';

const NOW = new Date('2027-01-01T00:00:00Z');
const base = (extra: JsonObject = {}, doc = 'An order was placed.'): JsonObject => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  description: doc,
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 64 }, ...extra },
  additionalProperties: false,
});

function current(eventType: string, schema: JsonObject): CurrentEvent {
  const [domain, ...rest] = eventType.split('.');
  return {
    eventType,
    domain: domain!,
    action: rest.slice(0, -1).join('.'),
    version: Number(rest.at(-1)!.slice(1)),
    file: `schemas/${domain}/${rest.join('.')}.json`,
    schema,
    fingerprint: schemaFingerprint(schema),
    deprecated: false,
    level: 'FULL_TRANSITIVE',
    policy: 'LENIENT',
  };
}

/** A lock holding every given revision of each event type (oldest first). */
function lockOf(revisions: Record<string, JsonObject[]>, meta: Record<string, { deprecated?: boolean; sunset?: string }> = {}): LockFile {
  const events: LockFile['events'] = {};
  for (const [eventType, schemas] of Object.entries(revisions)) {
    events[eventType] = {
      file: current(eventType, schemas[0]!).file,
      deprecated: meta[eventType]?.deprecated ?? false,
      ...(meta[eventType]?.sunset ? { sunset: meta[eventType]!.sunset! } : {}),
      revisions: schemas.map((schema, i) => ({
        semver: `1.${i}.0`,
        fingerprint: schemaFingerprint(schema),
        change: i === 0 ? 'initial' : 'compatible',
        schema,
      })),
    };
  }
  return { lockfileVersion: 1, events };
}

function generated(events: CurrentEvent[], content = 'sha256:content', runtimeRange = '^0.1.0'): LocalPackage {
  return {
    name: '@acme/order-events',
    kind: 'generated',
    sourceDir: '/nowhere',
    dir: 'order-events',
    content,
    events: Object.fromEntries(events.map((e) => [e.eventType, e.fingerprint])),
    runtimeRange,
  };
}

function released(version: string, events: Record<string, JsonObject>, content = 'sha256:released', runtime = '^0.1.0'): ReleasesFile {
  return {
    releasesVersion: 1,
    packages: {
      '@acme/order-events': {
        version,
        content,
        integrity: 'sha512-released',
        events: Object.fromEntries(Object.entries(events).map(([t, s]) => [t, schemaFingerprint(s)])),
        runtime,
        changelog: [{ version, bump: 'initial', changes: [] }],
      },
    },
  };
}

function plan(pkg: LocalPackage, releases: ReleasesFile, lock: LockFile, now: CurrentEvent[]): { version: VersionPlan; diagnostics: string[] } {
  const result = planVersions({ packages: [pkg], releases, lock, current: now, approvals: [], now: NOW, cache: new ComparisonCache(compatCompare) });
  return { version: result.versions[0]!, diagnostics: result.diagnostics.map((d) => d.ruleId) };
}

const V1 = base();
const placed = current('order.placed.v1', V1);

describe('planVersions: one case per rule', () => {
  const cases: {
    name: string;
    given: () => { pkg: LocalPackage; releases: ReleasesFile; lock: LockFile; now: CurrentEvent[] };
    want: { version: string; bump: string; reasons: string[]; kinds?: string[] };
  }[] = [
    {
      name: 'first release → 1.0.0',
      given: () => ({ pkg: generated([placed]), releases: emptyReleases(), lock: lockOf({ 'order.placed.v1': [V1] }), now: [placed] }),
      want: { version: '1.0.0', bump: 'initial', reasons: ['first-release'] },
    },
    {
      name: 'a new event type → minor',
      given: () => {
        const shipped = current('order.shipped.v1', base());
        return {
          pkg: generated([placed, shipped]),
          releases: released('1.0.0', { 'order.placed.v1': V1 }),
          lock: lockOf({ 'order.placed.v1': [V1], 'order.shipped.v1': [base()] }),
          now: [placed, shipped],
        };
      },
      want: { version: '1.1.0', bump: 'minor', reasons: ['event-type-added'], kinds: ['EVENT_TYPE_ADDED'] },
    },
    {
      name: 'a new major v2 of an event type → minor',
      given: () => {
        const v2 = current('order.placed.v2', base({ total: { type: 'integer' } }));
        return {
          pkg: generated([placed, v2]),
          releases: released('1.3.2', { 'order.placed.v1': V1 }),
          lock: lockOf({ 'order.placed.v1': [V1], 'order.placed.v2': [v2.schema] }),
          now: [placed, v2],
        };
      },
      want: { version: '1.4.0', bump: 'minor', reasons: ['event-type-added'] },
    },
    {
      name: 'a compatible change (new optional field) → minor',
      given: () => {
        const next = current('order.placed.v1', base({ note: { type: 'string', maxLength: 10 } }));
        return {
          pkg: generated([next]),
          releases: released('1.0.0', { 'order.placed.v1': V1 }),
          lock: lockOf({ 'order.placed.v1': [V1, next.schema] }),
          now: [next],
        };
      },
      want: { version: '1.1.0', bump: 'minor', reasons: ['compatible-change'], kinds: ['OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL'] },
    },
    {
      name: 'documentation only → patch',
      given: () => {
        const next = current('order.placed.v1', base({}, 'An order was placed by a customer.'));
        return {
          pkg: generated([next]),
          releases: released('1.2.0', { 'order.placed.v1': V1 }),
          lock: lockOf({ 'order.placed.v1': [V1, next.schema] }),
          now: [next],
        };
      },
      want: { version: '1.2.1', bump: 'patch', reasons: ['documentation-change'] },
    },
    {
      name: 'an event type removed after its sunset → major',
      given: () => {
        const v2 = current('order.placed.v2', base({ total: { type: 'integer' } }));
        return {
          pkg: generated([v2]),
          releases: released('1.4.0', { 'order.placed.v1': V1, 'order.placed.v2': v2.schema }),
          lock: lockOf({ 'order.placed.v1': [V1], 'order.placed.v2': [v2.schema] }, { 'order.placed.v1': { deprecated: true, sunset: '2026-06-01' } }),
          now: [v2],
        };
      },
      want: { version: '2.0.0', bump: 'major', reasons: ['event-type-removed'], kinds: ['EVENT_TYPE_REMOVED'] },
    },
    {
      name: 'generated code changed, contracts did not → patch',
      given: () => ({
        pkg: generated([placed], 'sha256:new-generator'),
        releases: released('1.1.0', { 'order.placed.v1': V1 }),
        lock: lockOf({ 'order.placed.v1': [V1] }),
        now: [placed],
      }),
      want: { version: '1.1.1', bump: 'patch', reasons: ['generator-output'] },
    },
    {
      name: 'a new runtime major in the dependency range → major',
      given: () => ({
        pkg: generated([placed], 'sha256:new-runtime', '^0.2.0'),
        releases: released('1.1.0', { 'order.placed.v1': V1 }),
        lock: lockOf({ 'order.placed.v1': [V1] }),
        now: [placed],
      }),
      want: { version: '2.0.0', bump: 'major', reasons: ['runtime-major'] },
    },
    {
      name: 'several changes: the highest bump wins (compatible + docs → minor)',
      given: () => {
        const next = current('order.placed.v1', base({ note: { type: 'string', maxLength: 10 } }, 'Documented.'));
        return {
          pkg: generated([next]),
          releases: released('1.0.0', { 'order.placed.v1': V1 }),
          lock: lockOf({ 'order.placed.v1': [V1, next.schema] }),
          now: [next],
        };
      },
      want: { version: '1.1.0', bump: 'minor', reasons: ['compatible-change', 'documentation-change'] },
    },
  ];

  it.each(cases)('$name', ({ given, want }) => {
    const { pkg, releases, lock, now } = given();
    const { version, diagnostics } = plan(pkg, releases, lock, now);
    expect(diagnostics).toEqual([]);
    expect({ version: version.version, bump: version.bump }).toEqual({ version: want.version, bump: want.bump });
    expect([...new Set(version.reasons.map((r) => r.reason))].sort()).toEqual([...want.reasons].sort());
    if (want.kinds) expect(version.reasons.map((r) => r.kind)).toEqual(want.kinds);
    expect(version.changelog[0]).toMatchObject({ version: want.version });
    expect(version.changed).toBe(true);
  });

  it('every rule of the table is exercised above (a new row needs a case)', () => {
    const covered = new Set(cases.flatMap((c) => c.want.reasons));
    expect(Object.keys(RELEASE_RULES).filter((r) => !covered.has(r))).toEqual(['approved-breaking-change']);
  });

  it('the exact content last released repeats its version and is not changed', () => {
    const { version } = plan(generated([placed], 'sha256:released'), released('1.2.0', { 'order.placed.v1': V1 }), lockOf({ 'order.placed.v1': [V1] }), [
      placed,
    ]);
    expect(version).toMatchObject({ version: '1.2.0', bump: 'none', changed: false, reasons: [] });
  });

  it('a contract not recorded in the lock is PUBLISH_LOCK_MISSING', () => {
    const next = current('order.placed.v1', base({ note: { type: 'string' } }));
    const { diagnostics } = plan(generated([next]), released('1.0.0', { 'order.placed.v1': V1 }), lockOf({ 'order.placed.v1': [V1] }), [next]);
    expect(diagnostics).toEqual(['PUBLISH_LOCK_MISSING']);
  });

  it('a changed runtime under a released version is PUBLISH_RUNTIME_NOT_BUMPED', () => {
    const runtime: LocalPackage = {
      name: '@event-contracts/runtime',
      kind: 'runtime',
      sourceDir: '/r',
      dir: 'runtime',
      content: 'sha512-new',
      version: '0.1.0',
    };
    const releases: ReleasesFile = {
      releasesVersion: 1,
      packages: { '@event-contracts/runtime': { version: '0.1.0', content: 'sha512-old', integrity: 'sha512-old', changelog: [] } },
    };
    const result = planVersions({
      packages: [runtime],
      releases,
      lock: lockOf({}),
      current: [],
      approvals: [],
      now: NOW,
      cache: new ComparisonCache(compatCompare),
    });
    expect(result.diagnostics.map((d) => d.ruleId)).toEqual(['PUBLISH_RUNTIME_NOT_BUMPED']);
  });

  it('caret ranges: the part that must match', () => {
    expect(['^2.1.0', '^0.3.1', '^0.0.4', 'x'].map(caretMajor)).toEqual(['2', '0.3', '0.0.4', 'x']);
  });
});

describe('planPublish: one action per package', () => {
  const { version } = plan(generated([placed]), emptyReleases(), lockOf({ 'order.placed.v1': [V1] }), [placed]);
  const staged = new Map([
    ['@acme/order-events', { name: '@acme/order-events', version: '1.0.0', tarball: '/t/acme-order-events-1.0.0.tgz', integrity: 'sha512-ours' }],
  ]);
  const actionFor = (state: { versions: string[]; integrity?: string } | undefined) =>
    planPublish({
      versions: [version],
      staged,
      releases: emptyReleases(),
      tag: 'latest',
      diagnostics: [],
      ...(state ? { registry: { url: 'http://127.0.0.1:1/', state: new Map([['@acme/order-events', state]]) } } : {}),
    });

  it.each([
    ['no registry configured → pack', undefined, 'pack', []],
    ['not on the registry → publish', { versions: [] }, 'publish', []],
    ['same version, same bytes → already-published', { versions: ['1.0.0'], integrity: 'sha512-ours' }, 'already-published', []],
    ['same version, other bytes → conflict', { versions: ['1.0.0'], integrity: 'sha512-theirs' }, 'conflict', ['PUBLISH_CONFLICT']],
    ['a higher version on the registry → registry-ahead', { versions: ['1.0.1'] }, 'registry-ahead', ['PUBLISH_REGISTRY_AHEAD']],
  ] as const)('%s', (_name, state, action, rules) => {
    const p = actionFor(state as { versions: string[]; integrity?: string } | undefined);
    expect(p.items[0]!.action).toBe(action);
    expect(p.diagnostics.map((d) => d.ruleId)).toEqual(rules);
  });
});
