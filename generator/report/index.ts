/** Renderers for diagnostics: text, json, github, sarif, markdown. Shared by every command that reports diagnostics. */
export {
  renderDiagnostics,
  renderText,
  renderJson,
  renderGithub,
  renderSarif,
  renderMarkdown,
  summarize,
  summaryLine,
  MARKDOWN_MAX_ROWS,
  fingerprint,
  escapeGithubData,
  escapeGithubProperty,
  type Summary,
} from './render.js';
export { REPORT_FORMATS, type ReportFormat, type RuleDescriptor, type ToolInfo } from './types.js';
export { visible } from './escape.js';
