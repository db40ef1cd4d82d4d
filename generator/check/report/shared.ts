import type { DiffEvent, DiffMigration, DiffReport } from '../diff.js';
import type { JudgedChange } from '../model.js';

export const DIRECTION_READERS = {
  backward: 'new consumers reading earlier events',
  forward: 'deployed consumers reading new events',
} as const;

/** `1.2.0 → 1.3.0 (minor)`, `1.2.0 → major: needs order.placed.v2 or an approval`. */
export function versionText(e: DiffEvent): string {
  const next = `${e.eventType.replace(/\.v(\d+)$/, (_m, n: string) => `.v${Number(n) + 1}`)}`;
  switch (e.status) {
    case 'added':
      return `new: ${e.toSemver ?? ''}`;
    case 'new-major':
      return `new major: ${e.toSemver ?? ''}`;
    case 'removed':
      return `${e.fromSemver ?? '?'} → removed before sunset`;
    case 'retired':
      return `${e.fromSemver ?? '?'} → retired`;
    case 'unchanged':
      return e.fromSemver ?? 'unchanged';
    case 'modified':
      if (e.bump === 'major') return `${e.fromSemver ?? '?'} → major: needs \`${next}\` or an approval`;
      return `${e.fromSemver ?? '?'} → ${e.toSemver ?? '?'} (${e.bump})`;
  }
}

export function statusWord(e: DiffEvent): string {
  if (e.status === 'modified')
    return e.changes.some((c) => c.severity === 'breaking' && !c.accepted)
      ? 'breaking'
      : e.changes.some((c) => c.severity === 'breaking')
        ? 'breaking (approved)'
        : e.severity === 'documentation'
          ? 'documentation only'
          : 'compatible';
  return { added: 'new event type', 'new-major': 'new major', removed: 'removed (breaking)', retired: 'retired', unchanged: 'unchanged' }[e.status];
}

/** `#/properties/x` or, for a coarse change, `#/ (differs at #/anyOf/0/required/count)`. */
export function pathText(c: JudgedChange): string {
  return c.detailPath ? `${c.path} (differs at ${c.detailPath})` : c.path;
}

export function severityWord(c: JudgedChange): string {
  if (c.severity === 'breaking') return c.accepted ? 'breaking (approved)' : 'breaking';
  return c.severity === 'documentation' ? 'documentation only' : 'compatible';
}

export function counts(e: DiffEvent): { breaking: number; compatible: number; documentation: number } {
  return {
    breaking: e.changes.filter((c) => c.severity === 'breaking').length,
    compatible: e.changes.filter((c) => c.severity === 'compatible').length,
    documentation: e.changes.filter((c) => c.severity === 'documentation').length,
  };
}

export function changedEvents(report: DiffReport): DiffEvent[] {
  return report.events.filter((e) => e.status !== 'unchanged');
}

/** `added upcast order.placed.v1 → order.placed.v2` (the file is rendered by each format its own way). */
export function migrationText(m: DiffMigration): string {
  return `${m.status} ${m.direction} ${m.from} → ${m.to}`;
}
