import { compareCodePoints as cmp } from './order.js';
/**
 * The one type for every user-facing problem. Stages produce Diagnostics; only the
 * edge (cli/ and report/) renders them. Line/column come from the loader's source map.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface RelatedLocation {
  message: string;
  file: string;
  pointer: string;
  line: number;
  column: number;
}

export interface Diagnostic {
  /** Stable SCREAMING_SNAKE id (lint rule id, loader problem id or compatibility change type). */
  ruleId: string;
  severity: Severity;
  /** States the fact, names the thing, says what would make it right. */
  message: string;
  /** Repository-relative POSIX path ('' when the problem has no file). */
  file: string;
  /** JSON pointer inside the file ('' for the document root). */
  pointer: string;
  /** 1-based; 0 when unknown. */
  line: number;
  /** 1-based; 0 when unknown. */
  column: number;
  related?: RelatedLocation[];
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Sort by file, line, column, rule id, message; drop exact duplicates. Done once, before rendering. */
export function normalizeDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const key = `${d.file}\u0000${d.pointer}\u0000${d.ruleId}\u0000${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out.sort(
    (a, b) =>
      cmp(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      cmp(a.ruleId, b.ruleId) ||
      cmp(a.message, b.message),
  );
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
