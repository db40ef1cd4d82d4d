/** The lint stage: rules as data over a loaded Catalog. */
export { lintCatalog, loadLintMigrations, type LintOptions } from './lint-catalog.js';
export { LINT_RULES, MIGRATION_RULES, KNOWN_EXTENSIONS, KNOWN_FORMATS, type LintRuleId } from './rules/index.js';
export type { LintRule, LintRuleRow, LintContext, LintMigrations, LintedFile, Finding, Report } from './context.js';
