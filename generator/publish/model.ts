/** Types of the publish stage, shared by its plan, apply and renderers. */
import type { SemverBump } from '../check/index.js';
import type { PackageRelease, ReleaseEntry } from '../records/index.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { ReleaseReason } from './rules.js';

/** A package as found on disk, before versions are planned. */
export interface LocalPackage {
  name: string;
  kind: 'runtime' | 'generated';
  /** Absolute folder holding the package's files (generated/<dir> or the runtime). */
  sourceDir: string;
  /** Folder name used for staging (`order-events`, `runtime`). */
  dir: string;
  /** sha256 of the files with the version left out (generated) or of the packed runtime. */
  content: string;
  /** Runtime: its own version (hand-maintained in runtime/package.json). */
  version?: string;
  /** Generated: eventType → fingerprint of the contract it is generated from. */
  events?: Record<string, string>;
  /** Generated: the runtime range it depends on. */
  runtimeRange?: string;
}

export interface Reason {
  reason: ReleaseReason;
  eventType?: string;
  /** Change kind for the changelog (Confluent change type, or the reason in capitals). */
  kind: string;
  path: string;
  message: string;
}

/** What the repository alone says about a package's next release (offline, pure). */
export interface VersionPlan {
  package: LocalPackage;
  previousVersion?: string;
  version: string;
  bump: SemverBump | 'initial';
  reasons: Reason[];
  /** Full changelog, newest first, including the planned entry when the package changed. */
  changelog: ReleaseEntry[];
  /** The release record as it will be after this version is published. */
  release: Omit<PackageRelease, 'integrity'>;
  /** False when the package is exactly what was last released (the version repeats, nothing new). */
  changed: boolean;
}

/** A tarball packed for a planned version. */
export interface StagedPackage {
  name: string;
  version: string;
  /** Absolute path of the `.tgz`. */
  tarball: string;
  integrity: string;
}

/** What the target registry holds of one package (undefined state = no registry configured). */
export interface RegistryPackageState {
  versions: string[];
  /** Integrity of the planned version when the registry has it. */
  integrity?: string;
}

export type PublishAction = 'publish' | 'already-published' | 'conflict' | 'registry-ahead' | 'pack';

export interface PublishItem {
  name: string;
  kind: LocalPackage['kind'];
  dir: string;
  /** Latest version on the registry (or in the release record when no registry was read). */
  previousVersion?: string;
  version: string;
  bump: VersionPlan['bump'];
  reasons: Reason[];
  action: PublishAction;
  integrity: string;
  tarball: string;
  /** Conflicts and disagreements, one sentence with the fix. */
  problem?: string;
  plan: VersionPlan;
}

export interface PublishPlan {
  /** Registry URL, or undefined for pack-only (no registry configured). */
  registry?: string;
  tag: string;
  items: PublishItem[];
  diagnostics: Diagnostic[];
}

export type PublishOutcome =
  | { status: 'published' }
  | { status: 'already-published' }
  | { status: 'packed' }
  | { status: 'refused'; reason: string }
  | { status: 'failed'; reason: 'auth' | 'network' | 'conflict' | 'npm'; message: string }
  | { status: 'skipped'; reason: string };

export interface PublishResult {
  items: { item: PublishItem; outcome: PublishOutcome }[];
  /** True when nothing is left to do. */
  complete: boolean;
  /** Whether contracts.releases.json was rewritten. */
  recorded: boolean;
}
