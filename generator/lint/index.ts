/** The lint stage: rules as data over a loaded Catalog. */
export { lintCatalog, loadLintMigrations, type LintOptions } from './lint-catalog.js';
export { MIGRATION_RULES } from './migration-rules.js';
export { LINT_RULES, KNOWN_EXTENSIONS, KNOWN_FORMATS } from './rules.js';
export type { LintRule, LintContext, LintMigrations, LintedFile, Finding, Report } from './context.js';
