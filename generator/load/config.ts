import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContractsConfig } from '../core/config.js';
import { DEFAULT_CONFIG } from '../core/config.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { JsonObject, JsonValue } from '../core/json.js';
import { isJsonObject } from '../core/json.js';
import { configValidator } from '../ajv/index.js';
import type { SourceFile } from './catalog.js';
import { quote } from '../core/quote.js';
import { escapePointerToken } from '../core/json-pointer.js';

/** File name of the shipped config schema (next to package.json). */
export const CONFIG_SCHEMA_FILE = 'contracts.config.schema.json';

let configSchema: JsonObject | undefined;

/** The shipped `contracts.config.schema.json`, found by walking up from this module (works from source and dist/). */
export function readConfigSchema(): JsonObject {
  if (configSchema) return configSchema;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, CONFIG_SCHEMA_FILE);
    if (existsSync(candidate)) {
      configSchema = JSON.parse(readFileSync(candidate, 'utf8')) as JsonObject;
      return configSchema;
    }
    dir = dirname(dir);
  }
  throw new Error(`${CONFIG_SCHEMA_FILE} is missing from the installed package`);
}

/**
 * Validate a parsed config file against the shipped schema and merge it over DEFAULT_CONFIG.
 * An invalid config yields CONFIG_INVALID diagnostics (pinned to the offending value) and the
 * defaults, so the rest of the run still says something useful.
 */
export async function resolveConfig(file: SourceFile | undefined): Promise<{ config: ContractsConfig; diagnostics: Diagnostic[] }> {
  if (!file || file.json === undefined) return { config: DEFAULT_CONFIG, diagnostics: [] };
  const validate = configValidator;
  if (!validate(file.json)) {
    const diagnostics = (validate.errors ?? []).map((e): Diagnostic => {
      let pointer = e.instancePath;
      let fact = `${pointer ? `\`${pointer}\`` : 'The config'} ${e.message ?? 'is invalid'}`;
      if (e.keyword === 'additionalProperties') {
        const extra = String((e.params as { additionalProperty?: string }).additionalProperty);
        pointer = `${pointer}/${escapePointerToken(extra)}`;
        fact = `Unknown setting \`${pointer}\``;
      } else if (e.keyword === 'enum') {
        fact += `: ${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).map((v) => quote(v)).join(', ')}`;
      }
      const at = file.locate(pointer);
      return {
        ruleId: 'CONFIG_INVALID',
        severity: 'error',
        message: `${fact} in \`${file.path}\`. Fix it (see \`${CONFIG_SCHEMA_FILE}\`); until then the defaults apply.`,
        file: file.path,
        pointer,
        line: at.line,
        column: at.column,
      };
    });
    return { config: DEFAULT_CONFIG, diagnostics };
  }
  return { config: mergeConfig(file.json as JsonObject), diagnostics: [] };
}

/** DEFAULT_CONFIG with the user's (valid) settings laid over it, one level deep per section. */
export function mergeConfig(user: JsonObject): ContractsConfig {
  const section = <T extends object>(base: T, over: JsonValue | undefined): T => (isJsonObject(over) ? ({ ...base, ...(over as object) } as T) : { ...base });
  const d = DEFAULT_CONFIG;
  const pick = <K extends keyof ContractsConfig>(key: K): ContractsConfig[K] => (user[key] as ContractsConfig[K] | undefined) ?? d[key];
  return {
    packageScope: pick('packageScope'),
    defaultDraft: pick('defaultDraft'),
    compatibility: {
      ...section(d.compatibility, user.compatibility),
      overrides: {
        ...(isJsonObject(user.compatibility) && isJsonObject(user.compatibility.overrides)
          ? (user.compatibility.overrides as ContractsConfig['compatibility']['overrides'])
          : {}),
      },
    },
    subjectNameStrategy: pick('subjectNameStrategy'),
    topics: section(d.topics, user.topics),
    rules: { ...(isJsonObject(user.rules) ? (user.rules as ContractsConfig['rules']) : {}) },
    registry: section(d.registry, user.registry),
    publish: section(d.publish, user.publish),
    asyncapi: {
      ...section(d.asyncapi, user.asyncapi),
      servers: {
        ...(isJsonObject(user.asyncapi) && isJsonObject(user.asyncapi.servers) ? (user.asyncapi.servers as ContractsConfig['asyncapi']['servers']) : {}),
      },
    },
  };
}
