/**
 * Finding migrations: `migrations/<domain>/<action>.v<N>-to-v<M>.ts`, M = N+1 (upcast) or N-1 (downcast).
 * Names are parsed here once; everything downstream works with `MigrationFile`.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';

export const MIGRATIONS_DIR = 'migrations';

const SEGMENT = '[a-z][a-z0-9-]*';
const FILE_RE = new RegExp(`^(${SEGMENT}(?:\\.${SEGMENT})*)\\.v([1-9][0-9]*)-to-v([1-9][0-9]*)\\.ts$`);

export interface MigrationFile {
  /** Repository-relative POSIX path, e.g. `migrations/order/placed.v1-to-v2.ts`. */
  file: string;
  domain: string;
  action: string;
  /** `order.placed` */
  family: string;
  /** `order.placed.v1` */
  from: string;
  /** `order.placed.v2` */
  to: string;
  fromMajor: number;
  toMajor: number;
  kind: 'upcast' | 'downcast';
  source: string;
}

export interface LoadedMigrations {
  migrations: MigrationFile[];
  diagnostics: Diagnostic[];
}

function problem(file: string, message: string): Diagnostic {
  return { ruleId: 'MIGRATION_NAME_INVALID', severity: 'error', message, file, pointer: '', line: 0, column: 0 };
}

/** Parses one repository-relative path; a Diagnostic when it is no migration name. */
export function parseMigrationPath(file: string): Omit<MigrationFile, 'source'> | Diagnostic {
  const parts = file.split('/');
  const fix = 'Name it migrations/<domain>/<action>.v<N>-to-v<N+1>.ts (upcast) or …v<N+1>-to-v<N>.ts (downcast).';
  if (parts.length !== 3 || parts[0] !== MIGRATIONS_DIR || !new RegExp(`^${SEGMENT}$`).test(parts[1]!)) {
    return problem(file, `\`${file}\` is not where migrations live. ${fix}`);
  }
  const m = FILE_RE.exec(parts[2]!);
  if (!m) return problem(file, `\`${file}\` is not a migration file name. ${fix}`);
  const [, action, a, b] = m as unknown as [string, string, string, string];
  const fromMajor = Number(a);
  const toMajor = Number(b);
  if (Math.abs(fromMajor - toMajor) !== 1) {
    return problem(file, `\`${file}\` migrates v${fromMajor} to v${toMajor}; migrations go between adjacent majors (chains are composed at run time). Split it into v${fromMajor}-to-v${fromMajor + Math.sign(toMajor - fromMajor)} steps.`);
  }
  const domain = parts[1]!;
  const family = `${domain}.${action}`;
  return { file, domain, action, family, from: `${family}.v${fromMajor}`, to: `${family}.v${toMajor}`, fromMajor, toMajor, kind: toMajor > fromMajor ? 'upcast' : 'downcast' };
}

/** Every `.ts` file under `migrations/`, parsed and read, sorted by path. A repository without the folder has none. */
export async function loadMigrations(root: string): Promise<LoadedMigrations> {
  const dir = path.join(root, MIGRATIONS_DIR);
  let entries: string[];
  try {
    entries = (await readdir(dir, { recursive: true })).map((e) => e.split(path.sep).join('/'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { migrations: [], diagnostics: [] };
    throw error;
  }
  const migrations: MigrationFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const entry of entries.sort()) {
    if (!entry.endsWith('.ts') || entry.endsWith('.d.ts')) continue;
    const file = `${MIGRATIONS_DIR}/${entry}`;
    const parsed = parseMigrationPath(file);
    if ('ruleId' in parsed) {
      diagnostics.push(parsed);
      continue;
    }
    migrations.push({ ...parsed, source: await readFile(path.join(root, file), 'utf8') });
  }
  return { migrations, diagnostics };
}
