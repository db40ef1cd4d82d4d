import type { Severity } from '../core/diagnostic.js';

export const REPORT_FORMATS = ['text', 'json', 'github', 'sarif', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** A rule as renderers describe it (SARIF `tool.driver.rules`, Markdown legend). */
export interface RuleDescriptor {
  id: string;
  /** One sentence: what the rule protects. */
  purpose: string;
  severity: Severity;
}

/** Who produced the diagnostics: named in SARIF, JSON and Markdown headings. */
export interface ToolInfo {
  /** @default "contracts" */
  name: string;
  version: string;
  /** The command that ran, e.g. `lint` or `check`: headings read "contracts lint". */
  command: string;
  informationUri?: string;
  /** Descriptors of the rules that may appear (ids not listed get a bare descriptor). */
  rules?: readonly RuleDescriptor[];
}
