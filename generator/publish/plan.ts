/**
 * The pure half of `contracts publish`. `planVersions` decides, from the repository alone (release
 * record, lock, current contracts), each package's next version and why: the same inputs give the
 * same versions on any clone, offline. `planPublish` then compares the packed tarballs with what
 * the registry holds and picks one action per package. No I/O.
 */
import {
  BUMP_ORDER,
  compareSemver,
  diffRepository,
  parseSemver,
  releaseSemver,
  type Approval,
  type ComparisonCache,
  type CurrentEvent,
  type DiffEvent,
  type PastEvent,
  type SemverBump,
} from '../check/index.js';
import { LOCK_FILE, RELEASES_FILE, type LockFile, type ReleaseEntry, type ReleasesFile } from '../records/index.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { normalizeDiagnostics } from '../core/diagnostic.js';
import type { LocalPackage, PublishItem, PublishPlan, Reason, RegistryPackageState, StagedPackage, VersionPlan } from './model.js';
import { RELEASE_RULES, type ReleaseReason } from './rules.js';

export interface PlanVersionsInput {
  /** The runtime first, then the generated packages. */
  packages: readonly LocalPackage[];
  releases: ReleasesFile;
  lock: LockFile | undefined;
  /** Every current event type (check's `currentEvents`). */
  current: readonly CurrentEvent[];
  approvals: readonly Approval[];
  now: Date;
  cache: ComparisonCache;
}

export function planVersions(input: PlanVersionsInput): { versions: VersionPlan[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const versions = input.packages.map((pkg) =>
    pkg.kind === 'runtime' ? runtimeVersion(pkg, input.releases, diagnostics) : generatedVersion(pkg, input, diagnostics),
  );
  return { versions, diagnostics: normalizeDiagnostics(diagnostics) };
}

function runtimeVersion(pkg: LocalPackage, releases: ReleasesFile, diagnostics: Diagnostic[]): VersionPlan {
  const rec = releases.packages[pkg.name];
  const version = pkg.version ?? '0.0.0';
  const release = { version, content: pkg.content, changelog: rec?.changelog ?? [] };
  if (rec && rec.content === pkg.content && rec.version === version)
    return { package: pkg, previousVersion: rec.version, version, bump: 'none', reasons: [], changelog: release.changelog, release, changed: false };
  if (rec && compareSemver(version, rec.version) <= 0) {
    diagnostics.push(
      problem(
        'PUBLISH_RUNTIME_NOT_BUMPED',
        `${pkg.name} changed since ${rec.version} was released, but runtime/package.json still says ${version}. Raise its version (a major when the API changed incompatibly) and regenerate: the generated packages follow with a caret range.`,
      ),
    );
  }
  const bump = bumpBetween(rec?.version, version);
  const reasons: Reason[] = [
    {
      reason: rec ? 'generator-output' : 'first-release',
      kind: 'RUNTIME_RELEASE',
      path: '#',
      message: rec ? `Runtime ${rec.version} → ${version}.` : `First release of the runtime (${version}).`,
    },
  ];
  return changedPlan(pkg, rec, version, bump, reasons, (changelog) => ({ ...release, changelog }));
}

function generatedVersion(pkg: LocalPackage, input: PlanVersionsInput, diagnostics: Diagnostic[]): VersionPlan {
  const rec = input.releases.packages[pkg.name];
  const eventTypes = Object.keys(pkg.events ?? {}).sort();
  const current = input.current.filter((e) => eventTypes.includes(e.eventType));
  for (const e of current) {
    const recorded = input.lock?.events[e.eventType]?.revisions.some((r) => r.fingerprint === e.fingerprint);
    if (!recorded)
      diagnostics.push(
        problem(
          'PUBLISH_LOCK_MISSING',
          `\`${e.eventType}\` (${e.file}) is not recorded in ${LOCK_FILE} at its current revision, so its compatibility verdict is unknown. Run \`contracts lock\` and commit ${LOCK_FILE}, then publish.`,
          e.file,
        ),
      );
  }
  const releaseOf = (version: string, changelog: ReleaseEntry[]) => ({
    version,
    content: pkg.content,
    events: pkg.events ?? {},
    runtime: pkg.runtimeRange ?? '',
    changelog,
  });
  if (rec && rec.content === pkg.content && rec.runtime === pkg.runtimeRange) {
    return {
      package: pkg,
      previousVersion: rec.version,
      version: rec.version,
      bump: 'none',
      reasons: [],
      changelog: rec.changelog,
      release: releaseOf(rec.version, rec.changelog),
      changed: false,
    };
  }
  const reasons = rec
    ? changedReasons(pkg, rec.events ?? {}, rec.runtime ?? '', current, input, diagnostics)
    : eventTypes.map((t) => reason('first-release', `\`${t}\` in the first release.`, t, 'EVENT_TYPE_ADDED'));
  let bump: SemverBump | 'initial' = rec ? 'none' : 'initial';
  for (const r of reasons) {
    const rule = RELEASE_RULES[r.reason].bump;
    if (bump !== 'initial' && rule !== 'initial' && BUMP_ORDER[rule] > BUMP_ORDER[bump]) bump = rule;
  }
  const version = rec ? releaseSemver(rec.version, bump === 'initial' ? 'none' : bump) : '1.0.0';
  return changedPlan(pkg, rec, version, bump, reasons, (changelog) => releaseOf(version, changelog));
}

/** The plan of a package that changed: a changelog entry for `version` on top of the released ones. */
function changedPlan(
  pkg: LocalPackage,
  rec: ReleasesFile['packages'][string] | undefined,
  version: string,
  bump: VersionPlan['bump'],
  reasons: Reason[],
  release: (changelog: ReleaseEntry[]) => VersionPlan['release'],
): VersionPlan {
  const entry: ReleaseEntry = { version, bump, changes: reasons.map(toChange) };
  const changelog = [entry, ...(rec?.changelog ?? [])];
  return {
    package: pkg,
    ...(rec ? { previousVersion: rec.version } : {}),
    version,
    bump,
    reasons,
    changelog,
    release: release(changelog),
    changed: true,
  };
}

/**
 * Why a released package differs now: the PR report's diff between the contracts it was built from
 * (their revisions in the lock) and the current ones, judged by RELEASE_RULES; the runtime range
 * and the generator when no contract changed.
 */
function changedReasons(
  pkg: LocalPackage,
  released: Record<string, string>,
  releasedRuntime: string,
  current: readonly CurrentEvent[],
  input: PlanVersionsInput,
  diagnostics: Diagnostic[],
): Reason[] {
  const past = new Map<string, PastEvent>();
  for (const [eventType, fingerprint] of Object.entries(released)) {
    const entry = input.lock?.events[eventType];
    const revision = entry?.revisions.find((r) => r.fingerprint === fingerprint);
    if (!entry || !revision) {
      diagnostics.push(
        problem(
          'PUBLISH_LOCK_MISSING',
          `${RELEASES_FILE} says ${pkg.name} was released with \`${eventType}\` at ${fingerprint.slice(0, 19)}…, a revision ${LOCK_FILE} does not record. Restore ${LOCK_FILE} from git (revisions are only ever appended).`,
        ),
      );
      continue;
    }
    past.set(eventType, {
      eventType,
      file: entry.file,
      schema: revision.schema,
      fingerprint,
      deprecated: entry.deprecated,
      ...(entry.sunset ? { sunset: entry.sunset } : {}),
    });
  }
  const report = diffRepository({
    current,
    lock: input.lock,
    baseline: { ref: `${pkg.name}@released`, commit: '', how: RELEASES_FILE, events: past },
    approvals: input.approvals,
    now: input.now,
    cache: input.cache,
  });
  const reasons = report.events.flatMap((e) => eventReasons(e, diagnostics));
  if (reasons.length === 0) {
    if (caretMajor(releasedRuntime) !== caretMajor(pkg.runtimeRange ?? ''))
      reasons.push(
        reason('runtime-major', `Depends on @event-contracts/runtime ${pkg.runtimeRange} (was ${releasedRuntime || 'none'}).`, undefined, 'RUNTIME_MAJOR'),
      );
    else
      reasons.push(
        reason(
          'generator-output',
          `Regenerated by a newer generator${releasedRuntime !== pkg.runtimeRange ? ` (runtime ${pkg.runtimeRange})` : ''}; the contracts did not change.`,
          undefined,
          'GENERATOR_OUTPUT_CHANGED',
        ),
      );
  }
  return reasons;
}

function eventReasons(e: DiffEvent, diagnostics: Diagnostic[]): Reason[] {
  switch (e.status) {
    case 'unchanged':
      return [];
    case 'added':
      return [reason('event-type-added', `New event type \`${e.eventType}\`.`, e.eventType, 'EVENT_TYPE_ADDED')];
    case 'new-major':
      return [
        reason('event-type-added', `New major \`${e.eventType}\` (the earlier major stays in the package until its sunset).`, e.eventType, 'EVENT_TYPE_ADDED'),
      ];
    case 'retired':
    case 'removed':
      return [
        reason('event-type-removed', `\`${e.eventType}\` was removed${e.status === 'retired' ? ' after its sunset' : ''}.`, e.eventType, 'EVENT_TYPE_REMOVED'),
      ];
    case 'modified':
      return e.changes.map((c) => {
        if (c.severity === 'breaking' && !c.accepted) {
          diagnostics.push(
            problem(
              'PUBLISH_UNAPPROVED_BREAK',
              `\`${e.eventType}\` has a breaking change that is not approved (${c.type} at ${c.path}). Run \`contracts check\`: fix it, or add \`${e.eventType.replace(/\.v(\d+)$/, (_m, n: string) => `.v${Number(n) + 1}`)}\`, or approve it.`,
              c.file,
            ),
          );
        }
        const kind: ReleaseReason =
          c.severity === 'breaking' ? 'approved-breaking-change' : c.severity === 'compatible' ? 'compatible-change' : 'documentation-change';
        return { reason: kind, eventType: e.eventType, kind: c.type, path: c.path, message: c.message };
      });
  }
}

export interface PlanPublishInput {
  versions: readonly VersionPlan[];
  staged: ReadonlyMap<string, StagedPackage>;
  /** Per package name; undefined when no registry is configured (pack only). */
  registry?: { url: string; state: ReadonlyMap<string, RegistryPackageState> };
  releases: ReleasesFile;
  tag: string;
  diagnostics: readonly Diagnostic[];
}

/** One action per package: publish, already-published, conflict, registry-ahead, or pack (no registry). */
export function planPublish(input: PlanPublishInput): PublishPlan {
  const diagnostics = [...input.diagnostics];
  const items = input.versions.map((v): PublishItem => {
    const staged = input.staged.get(v.package.name)!;
    const base = {
      name: v.package.name,
      kind: v.package.kind,
      dir: v.package.dir,
      version: v.version,
      bump: v.bump,
      reasons: v.reasons,
      integrity: staged.integrity,
      tarball: staged.tarball,
      plan: v,
    };
    const withPrevious = (previous: string | undefined) => (previous ? { previousVersion: previous } : {});
    if (!input.registry) return { ...base, ...withPrevious(v.previousVersion), action: 'pack' };
    const state = input.registry.state.get(v.package.name) ?? { versions: [] };
    const latest = [...state.versions].sort(compareSemver).pop();
    const rec = input.releases.packages[v.package.name];
    if (state.versions.includes(v.version)) {
      // Ours when the bytes match, or when this exact content was recorded as published with these bytes.
      const ours = state.integrity === staged.integrity || (!v.changed && rec?.version === v.version && rec.integrity === state.integrity);
      if (ours) return { ...base, ...withPrevious(latest), action: 'already-published' };
      const message = `${v.package.name}@${v.version} is already on ${input.registry.url} with different content (registry ${short(state.integrity)}, planned ${short(staged.integrity)}); a published version is never overwritten. If another run published it, restore ${RELEASES_FILE} from the commit that recorded it and run again; otherwise change nothing on the registry and ask its owner.`;
      diagnostics.push(problem('PUBLISH_CONFLICT', message));
      return { ...base, ...withPrevious(latest), action: 'conflict', problem: message };
    }
    if (latest && compareSemver(latest, v.version) > 0) {
      const message = `${input.registry.url} has ${v.package.name}@${latest}, above the planned ${v.version}: ${RELEASES_FILE} is behind the registry (versions never go down). Commit the ${RELEASES_FILE} written by the run that published ${latest}, then publish again.`;
      diagnostics.push(problem('PUBLISH_REGISTRY_AHEAD', message));
      return { ...base, ...withPrevious(latest), action: 'registry-ahead', problem: message };
    }
    return { ...base, ...withPrevious(latest ?? v.previousVersion), action: 'publish' };
  });
  return { ...(input.registry ? { registry: input.registry.url } : {}), tag: input.tag, items, diagnostics: normalizeDiagnostics(diagnostics) };
}

function reason(kind: ReleaseReason, message: string, eventType: string | undefined, changeKind: string): Reason {
  return { reason: kind, ...(eventType ? { eventType } : {}), kind: changeKind, path: '#', message };
}

function toChange(r: Reason): ReleaseEntry['changes'][number] {
  return { eventType: r.eventType ?? '*', kind: r.kind, path: r.path, message: r.message };
}

/** The bump between two released versions of the runtime (its version is set by hand). */
function bumpBetween(from: string | undefined, to: string): SemverBump | 'initial' {
  const a = from ? parseSemver(from) : undefined;
  const b = parseSemver(to);
  if (!a || !b) return 'initial';
  return b.major !== a.major ? 'major' : b.minor !== a.minor ? 'minor' : b.patch !== a.patch ? 'patch' : 'none';
}

/** The part of a caret range that must match: `^2.1.0` → `2`, `^0.3.1` → `0.3`, `^0.0.4` → `0.0.4`. */
export function caretMajor(range: string): string {
  const v = parseSemver(range.replace(/^\^/, ''));
  if (!v) return range;
  return v.major > 0 ? String(v.major) : v.minor > 0 ? `0.${v.minor}` : `0.0.${v.patch}`;
}

function short(integrity: string | undefined): string {
  return integrity ? `${integrity.slice(0, 19)}…` : 'unknown';
}

function problem(ruleId: string, message: string, file: string = RELEASES_FILE): Diagnostic {
  return { ruleId, severity: 'error', message, file, pointer: '', line: 0, column: 0 };
}
