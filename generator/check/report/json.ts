import type { DiffReport } from '../diff.js';

/** The DiffReport itself, stable key order as built, 2-space indented. */
export function renderDiffJson(report: DiffReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
