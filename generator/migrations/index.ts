/**
 * The migrations stage: typed upcasts/downcasts between adjacent majors, written as code in `migrations/`.
 *
 *   files ← loadMigrations · type check ← typeCheckMigrations (generate) · JS ← transpileMigration
 *   · modules ← importMigrations (lint/check run them against the examples)
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { typeCheckMigrations, transpileMigration, type PackageDeclarations } from './compile.js';
import type { MigrationFile } from './files.js';

export { loadMigrations, parseMigrationPath, MIGRATIONS_DIR, type MigrationFile, type LoadedMigrations } from './files.js';
export { typeCheckMigrations, transpileMigration, type PackageDeclarations } from './compile.js';
export { importMigrations, type RunnableMigration } from './run.js';

export interface CompiledMigrations {
  /** Package-relative files: `migrations/<action>.v<N>-to-v<M>.js` and `migrations/index.js`. */
  files: { path: string; contents: string }[];
  diagnostics: Diagnostic[];
}

/**
 * One package's migrations, type-checked against its generated declarations and transpiled; `migrations/index.js`
 * lists them with the sunsets of the majors they connect (the runtime builds `onLatest` and bridges from it).
 */
export function compileMigrations(options: {
  root: string;
  banner: string;
  migrations: readonly MigrationFile[];
  declarations: PackageDeclarations;
  /** eventType → x-sunset, for the package's deprecated events. */
  sunsets: ReadonlyMap<string, string>;
}): CompiledMigrations {
  const { migrations, banner } = options;
  const known = migrations.filter((m) => options.declarations.dataTypes.has(m.from) && options.declarations.dataTypes.has(m.to));
  const diagnostics = typeCheckMigrations(options.root, known, options.declarations);
  const files: CompiledMigrations['files'] = [];
  const entries = { upcast: [] as string[], downcast: [] as string[] };
  const imports: string[] = [];
  known.forEach((m, i) => {
    const js = transpileMigration(m);
    diagnostics.push(...js.diagnostics);
    const rel = `${m.action}.v${m.fromMajor}-to-v${m.toMajor}.js`;
    files.push({ path: `migrations/${rel}`, contents: `${banner}\n// Compiled from ${m.file}.\n${js.code.trimEnd()}\n` });
    imports.push(`import m${i} from ${JSON.stringify(`./${rel}`)};`);
    entries[m.kind].push(`  Object.freeze({ from: ${JSON.stringify(m.from)}, to: ${JSON.stringify(m.to)}, migrate: m${i}, file: ${JSON.stringify(m.file)} }),`);
  });
  const sunsets = [...options.sunsets].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([t, d]) => `  ${JSON.stringify(t)}: ${JSON.stringify(d)},`);
  const list = (name: string, rows: string[]): string => (rows.length === 0 ? `  ${name}: Object.freeze([]),` : `  ${name}: Object.freeze([\n${rows.map((r) => `  ${r}`).join('\n')}\n  ]),`);
  files.push({
    path: 'migrations/index.js',
    contents: [
      banner,
      ...imports,
      '',
      '/** The migrations of this package (migrations/ in the contracts repository) and the sunsets they bridge to. */',
      'export const MIGRATIONS = Object.freeze({',
      list('upcasts', entries.upcast),
      list('downcasts', entries.downcast),
      `  sunsets: Object.freeze({ __proto__: null${sunsets.length ? `,\n${sunsets.map((s) => `  ${s}`).join('\n')}\n  ` : ' '}}),`,
      '});',
      '',
    ].join('\n'),
  });
  return { files, diagnostics };
}
