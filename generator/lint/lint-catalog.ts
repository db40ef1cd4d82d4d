import type { RuleSetting } from '../core/config.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { normalizeDiagnostics } from '../core/diagnostic.js';
import type { JsonObject } from '../core/json.js';
import { isJsonObject } from '../core/json.js';
import { compileSchema } from '../ajv/index.js';
import { bundleEventSchema, CONFIG_FILE, applyRuleSettings } from '../load/index.js';
import type { Catalog, EventContract } from '../load/index.js';
import type { LintContext, LintedFile, LintMigrations, LintRuleRow } from './context.js';
import { LINT_RULES, q } from './rules/index.js';
import { importMigrations, loadMigrations } from '../migrations/index.js';
import { escapePointerToken } from '../core/json-pointer.js';
import { byField } from '../core/order.js';

export interface LintOptions {
  /** Rule id → severity or `off`, laid over the config's `rules`. */
  rules?: Record<string, RuleSetting>;
  /** The rule table to run. @default LINT_RULES */
  table?: readonly LintRuleRow[];
  /** Where compiled validators are cached between runs (the CLI uses `node_modules/.cache/event-contracts`). @default no cache */
  cacheDir?: string;
  /** The migrations (loadLintMigrations) and what reading them found; the migration rules need them. @default none */
  migrations?: LintMigrations & { diagnostics: readonly Diagnostic[] };
}

/**
 * Run every lint rule over a loaded catalog. Returns the loader's diagnostics and the rules'
 * findings, severities as configured (`off` dropped), sorted and de-duplicated. Never throws:
 * a rule that crashes becomes one INTERNAL_RULE_ERROR diagnostic and the other rules still run.
 */
export function lintCatalog(catalog: Catalog, options: LintOptions = {}): Diagnostic[] {
  const table = options.table ?? LINT_RULES;
  const settings: Record<string, RuleSetting> = { ...catalog.config.rules, ...options.rules };
  const ctx = createContext(catalog, options.cacheDir);
  if (options.migrations) ctx.migrations = { files: options.migrations.files, now: options.migrations.now };
  const found: Diagnostic[] = [...catalog.diagnostics, ...(options.migrations?.diagnostics ?? []), ...unknownRuleIds(catalog, table)];
  for (const rule of table) {
    if (rule.stage === 'load' || settings[rule.id] === 'off') continue;
    try {
      rule.check(ctx, ({ file, pointer, message }) => {
        const at = catalog.files.get(file)?.locate(pointer) ?? { line: 0, column: 0 };
        found.push({ ruleId: rule.id, severity: rule.severity, message, file, pointer, line: at.line, column: at.column });
      });
    } catch (error) {
      found.push({
        ruleId: 'INTERNAL_RULE_ERROR',
        severity: 'error',
        message: `Rule ${rule.id} crashed (${error instanceof Error ? error.message : String(error)}); its findings are missing and the other rules ran. This is a bug in event-contracts: please report it with the schema that triggers it.`,
        file: '',
        pointer: '',
        line: 0,
        column: 0,
      });
    }
  }
  return normalizeDiagnostics(applyRuleSettings(found, settings));
}

/** Reads, transpiles and loads the repository's migrations for the migration rules (lint and check use it). */
export async function loadLintMigrations(root: string, now: Date = new Date()): Promise<NonNullable<LintOptions['migrations']>> {
  const loaded = await loadMigrations(root);
  const imported = await importMigrations(loaded.migrations);
  return { files: imported.migrations, now, diagnostics: [...loaded.diagnostics, ...imported.diagnostics] };
}

function createContext(catalog: Catalog, cacheDir: string | undefined): LintContext {
  const loadErrorFiles = new Set(catalog.diagnostics.filter((d) => d.severity === 'error' && d.file).map((d) => d.file));
  const bundles = new Map<string, JsonObject>();
  const compiled = new Map<string, ReturnType<LintContext['compile']>>();
  const schemaFiles: LintedFile[] = [
    ...catalog.events.map((event) => ({ file: event.file, schema: event.schema, draft: event.draft, event })),
    ...catalog.shared.map((s) => ({ file: s.file, schema: s.schema, draft: s.draft ?? catalog.config.defaultDraft })),
  ].sort(byField('file'));
  const bundle = (event: EventContract): JsonObject => {
    let b = bundles.get(event.eventType);
    if (!b) {
      b = bundleEventSchema(catalog, event.eventType);
      bundles.set(event.eventType, b);
    }
    return b;
  };
  // A file has load errors when it, or a file its refs reach, failed to load soundly.
  const reaches = (file: string, seen = new Set<string>()): boolean => {
    if (loadErrorFiles.has(file)) return true;
    seen.add(file);
    return (catalog.refs ?? []).some((r) => r.file === file && r.target && !seen.has(r.target.file) && reaches(r.target.file, seen));
  };
  return {
    catalog,
    schemaFiles,
    bundle,
    hasLoadErrors: (file) => reaches(file),
    compile(event) {
      let c = compiled.get(event.eventType);
      if (!c) {
        try {
          c = { validate: compileSchema(event.draft, bundle(event), cacheDir ? { cacheDir } : {}) };
        } catch (error) {
          c = { error: error instanceof Error ? error : new Error(String(error)) };
        }
        compiled.set(event.eventType, c);
      }
      return c;
    },
  };
}

/** Config `rules` naming no rule: probably a typo that silently configures nothing. */
function unknownRuleIds(catalog: Catalog, table: readonly LintRuleRow[]): Diagnostic[] {
  const known = new Set([...table.map((r) => r.id), 'INTERNAL_RULE_ERROR']);
  const file = catalog.files.get(CONFIG_FILE);
  const rules = isJsonObject(file?.json) && isJsonObject(file.json.rules) ? file.json.rules : {};
  return Object.keys(rules)
    .filter((id) => !known.has(id))
    .map((id) => {
      const pointer = `/rules/${escapePointerToken(id)}`;
      const at = file?.locate(pointer) ?? { line: 0, column: 0 };
      return {
        ruleId: 'CONFIG_INVALID',
        severity: 'warning' as const,
        message: `\`rules\` in \`${CONFIG_FILE}\` names ${q(id)}, which is no rule, so the setting does nothing. Use a rule id from \`contracts lint --help\` / the README rules table.`,
        file: CONFIG_FILE,
        pointer,
        line: at.line,
        column: at.column,
      };
    });
}
