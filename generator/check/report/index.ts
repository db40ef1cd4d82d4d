import type { DiffReport } from '../diff.js';
import { renderDiffGithub } from './github.js';
import { renderDiffJson } from './json.js';
import { renderDiffJunit } from './junit.js';
import { renderDiffMarkdown } from './markdown.js';
import { renderDiffSarif } from './sarif.js';
import { renderDiffText } from './text.js';

export const DIFF_FORMATS = ['text', 'markdown', 'github', 'sarif', 'json', 'junit'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export const DIFF_RENDERERS = {
  text: renderDiffText,
  markdown: renderDiffMarkdown,
  github: renderDiffGithub,
  sarif: renderDiffSarif,
  json: renderDiffJson,
  junit: renderDiffJunit,
} as const satisfies Record<DiffFormat, (report: DiffReport) => string>;

export function renderDiff(report: DiffReport, format: DiffFormat): string {
  return DIFF_RENDERERS[format](report);
}
export { renderDiffGithub, renderDiffJson, renderDiffJunit, renderDiffMarkdown, renderDiffSarif, renderDiffText };
