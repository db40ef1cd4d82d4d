/**
 * The lint rule table, assembled from one file per rule family. Ids are stable (config refers to them);
 * messages may change. The order is the documented order (`contracts lint --list-rules`, README).
 */
import type { LoadRuleId } from '../../load/index.js';
import { LOAD_RULES } from '../../load/index.js';
import type { LintRule, LintRuleRow } from '../context.js';
import { CONTRACT_METADATA_RULES, CONTRACT_PAYLOAD_RULES } from './contract.js';
import { LAYOUT_RULES } from './layout.js';
import { MIGRATION_RULES } from './migration.js';
import { REFS_RULES } from './refs.js';
import { SCHEMA_STYLE_RULES } from './schema-style.js';
import { VALIDITY_RULES } from './validity.js';

export { KNOWN_EXTENSIONS, KNOWN_FORMATS } from './schema-style.js';
export { MIGRATION_RULES } from './migration.js';
export { q } from './shared.js';

/** Rows for what the loader reports: documented and configurable like every other rule. */
const LOAD_ROWS: readonly LintRuleRow<LoadRuleId>[] = LOAD_RULES.map((r) => ({
  ...r,
  stage: 'load' as const,
  generate: 'refuse' as const,
  check: () => undefined,
}));

type IdOf<T extends readonly { id: string }[]> = T[number]['id'];

/** Every rule id: config keys, `--list-rules`, diagnostics' `ruleId` all come from this union. */
export type LintRuleId =
  | LoadRuleId
  | IdOf<typeof LAYOUT_RULES>
  | IdOf<typeof VALIDITY_RULES>
  | IdOf<typeof CONTRACT_PAYLOAD_RULES>
  | IdOf<typeof SCHEMA_STYLE_RULES>
  | IdOf<typeof REFS_RULES>
  | IdOf<typeof CONTRACT_METADATA_RULES>
  | IdOf<typeof MIGRATION_RULES>;

export const LINT_RULES: readonly LintRule[] = [
  ...LOAD_ROWS,
  ...LAYOUT_RULES,
  ...VALIDITY_RULES,
  ...CONTRACT_PAYLOAD_RULES,
  ...SCHEMA_STYLE_RULES,
  ...REFS_RULES,
  ...CONTRACT_METADATA_RULES,
  ...MIGRATION_RULES,
];
