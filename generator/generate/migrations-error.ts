import { ContractsError } from '../core/errors.js';
import type { Diagnostic } from '../core/diagnostic.js';

/** Migrations that do not type-check or transpile: nothing is generated; `contracts generate` exits 1 with file:line. */
export class MigrationsError extends ContractsError {
  override name = 'MigrationsError';
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(
      `${diagnostics.length} migration problem${diagnostics.length === 1 ? '' : 's'}; nothing was generated:\n${diagnostics.map((d) => `  ${d.file}${d.line ? `:${d.line}:${d.column}` : ''} ${d.ruleId}: ${d.message}`).join('\n')}`,
      'Fix the migrations in migrations/ (they are typed by the generated types: `(data: <From>, ctx: MigrationContext) => <To>`), then generate again.',
    );
  }
}
