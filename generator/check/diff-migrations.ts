/**
 * The migrations part of the review report: which `migrations/<domain>/<action>.v<N>-to-v<M>.ts`
 * files were added, changed or removed between the git base and the working tree. Pure.
 */
import type { MigrationFile } from '../migrations/index.js';
import { byField } from '../core/order.js';

export interface DiffMigration {
  /** `migrations/order/placed.v1-to-v2.ts` */
  file: string;
  /** The newer of the two majors it connects (the major it comes with), e.g. `order.placed.v2`. */
  eventType: string;
  /** `order.placed.v1` */
  from: string;
  /** `order.placed.v2` */
  to: string;
  direction: 'upcast' | 'downcast';
  status: 'added' | 'changed' | 'removed';
}

type Side = Pick<MigrationFile, 'file' | 'from' | 'to' | 'kind' | 'source' | 'fromMajor' | 'toMajor'>;

function entry(m: Side, status: DiffMigration['status']): DiffMigration {
  return { file: m.file, eventType: m.fromMajor > m.toMajor ? m.from : m.to, from: m.from, to: m.to, direction: m.kind, status };
}

/** Every migration whose file is new, gone, or whose text differs; unchanged ones are left out. Sorted by file. */
export function diffMigrations(current: readonly Side[], base: readonly Side[]): DiffMigration[] {
  const before = new Map(base.map((m) => [m.file, m]));
  const now = new Set(current.map((m) => m.file));
  const out: DiffMigration[] = [];
  for (const m of current) {
    const old = before.get(m.file);
    if (!old) out.push(entry(m, 'added'));
    else if (old.source !== m.source) out.push(entry(m, 'changed'));
  }
  for (const m of base) if (!now.has(m.file)) out.push(entry(m, 'removed'));
  return out.sort(byField('file'));
}
