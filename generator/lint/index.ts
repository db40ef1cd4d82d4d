/** The lint stage: rules as data over a loaded Catalog. */
export { lintCatalog, type LintOptions } from './lint-catalog.js';
export { LINT_RULES, KNOWN_EXTENSIONS, KNOWN_FORMATS } from './rules.js';
export type { LintRule, LintContext, LintedFile, Finding, Report } from './context.js';
