/** The semver bump a revision implies for the generated package. `major` means a new `v<N+1>` event type. */
export type SemverBump = 'none' | 'patch' | 'minor' | 'major';

const SEMVER = /^(\d+)\.(\d+)\.(\d+)$/;

export interface Semver {
  major: number;
  minor: number;
  patch: number;
}

export function parseSemver(text: string): Semver | undefined {
  const m = SEMVER.exec(text);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

export function formatSemver(v: Semver): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

/** `1.2.3` bumped by `minor` is `1.3.0`; `major` is not applied here (a new major is a new event type). */
export function bumpSemver(text: string, bump: SemverBump): string {
  const v = parseSemver(text);
  if (!v) return text;
  if (bump === 'minor') return formatSemver({ major: v.major, minor: v.minor + 1, patch: 0 });
  if (bump === 'patch') return formatSemver({ ...v, patch: v.patch + 1 });
  return text;
}

export function initialSemver(majorVersion: number): string {
  return `${majorVersion}.0.0`;
}

export const BUMP_ORDER: Record<SemverBump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

export function maxBump(a: SemverBump, b: SemverBump): SemverBump {
  return BUMP_ORDER[a] >= BUMP_ORDER[b] ? a : b;
}

/** Orders semvers (`1.10.0` after `1.9.3`); unparsable text sorts first. */
export function compareSemver(a: string, b: string): number {
  const x = parseSemver(a);
  const y = parseSemver(b);
  if (!x || !y) return (x ? 1 : 0) - (y ? 1 : 0);
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch;
}

/** A package release: like `bumpSemver`, but `major` does apply (`1.4.2` → `2.0.0`). */
export function releaseSemver(text: string, bump: SemverBump): string {
  const v = parseSemver(text);
  if (v && bump === 'major') return formatSemver({ major: v.major + 1, minor: 0, patch: 0 });
  return bumpSemver(text, bump);
}
