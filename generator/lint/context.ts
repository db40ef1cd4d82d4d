import type { Diagnostic, Severity } from '../core/diagnostic.js';
import type { JsonObject } from '../core/json.js';
import type { Catalog, EventContract } from '../load/index.js';
import type { Draft } from '../core/config.js';
import type { ValidateFunction } from '../ajv/index.js';
import type { RunnableMigration } from '../migrations/index.js';
import type { LintRuleId } from './rules/index.js';

/** One schema file lint looks at: an event contract or a shared definition. */
export interface LintedFile {
  file: string;
  schema: JsonObject;
  draft: Draft;
  /** Set for event contracts. */
  event?: EventContract;
}

/** What a check reads. Everything is computed from the catalog; helpers are memoized per run. */
export interface LintContext {
  catalog: Catalog;
  /** Events and shared definitions that parsed as objects, sorted by file. */
  schemaFiles: readonly LintedFile[];
  /** Self-contained schema of an event (memoized bundleEventSchema). */
  bundle(event: EventContract): JsonObject;
  /** The event's bundle compiled by ajv for its draft (memoized): a validator, or why it does not compile. */
  compile(event: EventContract): { validate: ValidateFunction } | { error: Error };
  /** Whether loading reported an error for this file (checks that need a sound schema skip it). */
  hasLoadErrors(file: string): boolean;
  /** The repository's migrations, loaded as functions (migration rules report nothing without them). */
  migrations?: LintMigrations;
}

/** What the migration rules read: the loaded migrations and the date sunsets are judged at. */
export interface LintMigrations {
  files: readonly RunnableMigration[];
  now: Date;
}

/** A finding, before the rule table adds id and severity and the source map adds line/column. */
export interface Finding {
  file: string;
  pointer: string;
  message: string;
}

export type Report = (finding: Finding) => void;

/**
 * One row of the rule table: a stable id that config refers to, what the rule protects, its
 * default severity, and a small check that reads the context and reports. Checks never throw
 * on purpose; a crash is turned into an INTERNAL_RULE_ERROR diagnostic by lintCatalog.
 */
export interface LintRuleRow<Id extends string = string> {
  id: Id;
  purpose: string;
  severity: Severity;
  /** `load`: found while reading (the loader reports it; the row makes it documented and configurable). */
  stage: 'load' | 'lint';
  /**
   * What `contracts generate` does when the rule reports an error: `refuse` when the generated code
   * would be wrong with it (it cannot read, resolve or compile the schema, or would key, route or
   * type messages wrongly), `tolerate` when the finding is authoring policy the code does not depend on.
   */
  generate: 'refuse' | 'tolerate';
  check(ctx: LintContext, report: Report): void;
}

/** A row of the assembled table: its id is one of the known ids (the rows are typed with `as const satisfies`). */
export type LintRule = LintRuleRow<LintRuleId>;

export type { Diagnostic, LintRuleId };
