import type { RuleSetting } from '../core/config.js';
import type { Diagnostic, Severity } from '../core/diagnostic.js';

/**
 * Problems the loader itself finds while reading the repository. They are rows of the same
 * rule table as lint rules (lint/rules/index.ts lists them with `stage: 'load'`), so their
 * severity is configured the same way (`rules` in contracts.config.json).
 */
export interface LoadRule {
  id: string;
  purpose: string;
  severity: Severity;
}

export const LOAD_RULES = [
  {
    id: 'CONFIG_INVALID',
    severity: 'error',
    purpose: '`contracts.config.json` must be valid against `contracts.config.schema.json`; an invalid config is ignored (defaults apply).',
  },
  {
    id: 'FILE_NAME',
    severity: 'error',
    purpose:
      'Schema files follow `schemas/<domain>/<action>.v<N>.json` (lowercase `[a-z][a-z0-9-]*` segments, N without leading zeros) or live in a `_`-prefixed folder of shared definitions.',
  },
  { id: 'FILE_UNREADABLE', severity: 'error', purpose: 'A schema file could not be read (permissions, symlink leaving the repository, not a regular file).' },
  { id: 'FILE_TOO_LARGE', severity: 'error', purpose: 'A schema file over the size limit (1 MiB) is not read: schemas that large are a mistake or an attack.' },
  { id: 'JSON_ENCODING', severity: 'error', purpose: 'Schema files are UTF-8.' },
  { id: 'JSON_BOM', severity: 'error', purpose: 'A byte-order mark is not JSON (RFC 8259 §8.1); some registries and parsers reject it.' },
  { id: 'JSON_SYNTAX', severity: 'error', purpose: 'The file must be strict JSON (no comments, no single quotes, nothing after the value).' },
  { id: 'JSON_TRAILING_COMMA', severity: 'error', purpose: 'Trailing commas are not JSON; other tools (the registry) reject them.' },
  { id: 'JSON_DUPLICATE_KEY', severity: 'error', purpose: 'Duplicate keys are ambiguous: parsers disagree on which one wins.' },
  { id: 'JSON_TOO_DEEP', severity: 'error', purpose: 'Nesting deeper than the limit (64) is not read: it is an attack, not a contract.' },
  { id: 'JSON_NUMBER_PRECISION', severity: 'error', purpose: 'A number that a double cannot hold exactly means different things to different parsers.' },
  { id: 'SCHEMA_NOT_OBJECT', severity: 'error', purpose: 'A schema file holds one JSON object.' },
  { id: 'SCHEMA_DRAFT_UNKNOWN', severity: 'error', purpose: '`$schema` names a supported draft (04, 06, 07, 2019-09, 2020-12).' },
  { id: 'REF_REMOTE', severity: 'error', purpose: 'A `$ref` to the network is never fetched: contracts are self-contained in the repository.' },
  { id: 'REF_OUTSIDE_ROOT', severity: 'error', purpose: 'A `$ref` leaving the repository root is not read.' },
  { id: 'REF_UNRESOLVED', severity: 'error', purpose: 'Every `$ref` resolves to a repository file, a `$defs`/`definitions` entry or a declared `$id`.' },
  { id: 'REF_CYCLE', severity: 'error', purpose: 'A chain of `$ref`s that comes back to itself without any structure in between describes nothing.' },
] as const satisfies readonly LoadRule[];

export type LoadRuleId = (typeof LOAD_RULES)[number]['id'];

const DEFAULT_SEVERITY = new Map<string, Severity>(LOAD_RULES.map((r) => [r.id, r.severity]));

/**
 * Apply `rules` settings from the config: a configured severity replaces the default,
 * `off` drops the diagnostic. Unknown ids keep their severity.
 */
export function applyRuleSettings(diagnostics: readonly Diagnostic[], settings: Readonly<Record<string, RuleSetting>>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const setting = Object.prototype.hasOwnProperty.call(settings, d.ruleId) ? settings[d.ruleId] : undefined;
    if (setting === 'off') continue;
    out.push(setting ? { ...d, severity: setting } : d);
  }
  return out;
}

export function loadRuleSeverity(id: LoadRuleId): Severity {
  return DEFAULT_SEVERITY.get(id) ?? 'error';
}
