import type { CliIO } from '../command.js';
import type { Catalog } from '../../load/index.js';

/**
 * Commands that build an artefact from the contracts refuse to run on a repository the loader
 * could not read: prints the first errors and returns true (the caller exits 1).
 */
export function refuseOnLoadErrors(catalog: Catalog, command: string, io: CliIO): boolean {
  const errors = catalog.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return false;
  io.stderr(`contracts ${command}: the contracts have ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was written.\n`);
  for (const d of errors.slice(0, 10)) io.stderr(`  ${d.file}${d.line ? `:${d.line}:${d.column}` : ''} ${d.ruleId}: ${d.message}\n`);
  if (errors.length > 10) io.stderr(`  … and ${errors.length - 10} more.\n`);
  io.stderr('  Run `contracts lint` for details, fix the schemas, then run again.\n');
  return true;
}
