/**
 * Loading migrations as functions (for the gate to run them against the examples): transpiled in memory and
 * imported from a `data:` URL, so nothing is written and no generated package is needed.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { transpileMigration } from './compile.js';
import type { MigrationFile } from './files.js';

export interface RunnableMigration extends MigrationFile {
  /** The default export; undefined when the file did not transpile or load (see the diagnostics). */
  migrate?: (data: unknown, ctx: unknown) => unknown;
}

export async function importMigrations(migrations: readonly MigrationFile[]): Promise<{ migrations: RunnableMigration[]; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const out: RunnableMigration[] = [];
  for (const m of migrations) {
    const js = transpileMigration(m);
    diagnostics.push(...js.diagnostics);
    if (js.diagnostics.length > 0) {
      out.push(m);
      continue;
    }
    try {
      const mod = (await import(`data:text/javascript;base64,${Buffer.from(js.code).toString('base64')}`)) as { default?: unknown };
      if (typeof mod.default !== 'function') {
        diagnostics.push({ ruleId: 'MIGRATION_TYPE_ERROR', severity: 'error', message: `\`${m.file}\` has no default-exported function; export the ${m.kind} as \`export default function ${m.kind}(data, ctx) { … }\`.`, file: m.file, pointer: '', line: 1, column: 1 });
        out.push(m);
      } else {
        out.push({ ...m, migrate: mod.default as RunnableMigration['migrate'] });
      }
    } catch (error) {
      diagnostics.push({ ruleId: 'MIGRATION_TYPE_ERROR', severity: 'error', message: `\`${m.file}\` failed to load: ${error instanceof Error ? error.message : String(error)}.`, file: m.file, pointer: '', line: 1, column: 1 });
      out.push(m);
    }
  }
  return { migrations: out, diagnostics };
}
