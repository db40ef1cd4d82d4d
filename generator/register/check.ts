/**
 * checkAgainstRegistry: for `contracts check --registry URL`. Judges every subject's candidate
 * schema against what is registered, twice: by the local engine (all live versions for a
 * transitive level) and by the registry itself (`POST /compatibility/subjects/{s}/versions
 * ?verbose=true`, the register-time check). A disagreement between the two is reported as such:
 * it means either the engine and that registry differ on a rule, or the registry judges the
 * subject at another level than the contracts configure.
 */
import type { SubjectNameStrategy } from '../core/config.js';
import type { Diagnostic, Severity } from '../core/diagnostic.js';
import type { Catalog } from '../load/index.js';
import type { RegistrationUnit } from '../registration/index.js';
import { buildRegistrationView } from '../registration/index.js';
import type { RegistryClientOptions, SchemaReference } from './client.js';
import { RegistryClient } from './client.js';
import { RegistryError } from './errors.js';
import type { CompatJudge } from './local-compat.js';
import { localJudge } from './local-compat.js';
import { bundleSchema } from './bundle.js';
import { findLive, localDocument, parseObject, registeredDocument } from './plan.js';
import type { RegistryState } from './state.js';
import { readRegistryState } from './state.js';

export interface Verdict {
  compatible: boolean;
  messages: string[];
}

export interface RegistryCheckItem {
  subject: string;
  kind: 'shared' | 'event';
  file: string;
  eventType?: string;
  /**
   * new-subject: nothing registered yet; registered: identical schema already registered;
   * compatible / incompatible: both verdicts agree; disagreement: they differ;
   * unavailable: the registry could not be asked (see `registry.error`).
   */
  status: 'new-subject' | 'registered' | 'compatible' | 'incompatible' | 'disagreement' | 'unavailable';
  /** Live registered versions judged against. */
  versions: number[];
  local?: Verdict;
  registry?: Verdict | { error: string };
  /** Level the registry applies to this subject (subject config or global). */
  registryLevel?: string;
  /** Level and policy the contracts configure. */
  configured: { level: string; policy: string };
}

export interface RegistryCheckReport {
  registryUrl: string;
  items: RegistryCheckItem[];
  /** One per problem, ready for the check stage's renderers. */
  diagnostics: Diagnostic[];
  /** No error diagnostics. */
  ok: boolean;
}

export interface CheckAgainstRegistryOptions {
  catalog: Catalog;
  /** A configured client (auth, TLS, retries). Either this or `registryUrl`. */
  client?: RegistryClient;
  /** Registry URL; a client is created (with `clientOptions`) and closed at the end. */
  registryUrl?: string;
  clientOptions?: Omit<RegistryClientOptions, 'url'>;
  /** @default catalog.config.subjectNameStrategy */
  subjectNameStrategy?: SubjectNameStrategy;
  /** @default the compat engine */
  judge?: CompatJudge;
}

export async function checkAgainstRegistry(options: CheckAgainstRegistryOptions): Promise<RegistryCheckReport> {
  if (options.client) return checkWith(options, options.client);
  if (!options.registryUrl) throw new TypeError('checkAgainstRegistry needs a client or a registryUrl');
  const client = new RegistryClient({ ...options.clientOptions, url: options.registryUrl });
  try {
    return await checkWith(options, client);
  } finally {
    client.close();
  }
}

async function checkWith(options: CheckAgainstRegistryOptions, client: RegistryClient): Promise<RegistryCheckReport> {
  const { catalog } = options;
  const view = buildRegistrationView(catalog, { subjectNameStrategy: options.subjectNameStrategy });
  const diagnostics: Diagnostic[] = [...view.diagnostics];
  const report = (items: RegistryCheckItem[]): RegistryCheckReport => ({
    registryUrl: client.url,
    items,
    diagnostics,
    ok: !diagnostics.some((d) => d.severity === 'error'),
  });

  let state;
  let globalLevel: string | undefined;
  try {
    state = await readRegistryState({ client, subjects: view.units.map((u) => u.subject) });
    globalLevel = (await client.getGlobalConfig()).level;
  } catch (error) {
    if (!(error instanceof RegistryError)) throw error;
    diagnostics.push(
      diag(
        catalog,
        'REGISTRY_UNREACHABLE',
        'error',
        '',
        `Could not read the registry at ${client.url}: ${error.message}. Check the URL and credentials (--registry, SCHEMA_REGISTRY_URL).`,
      ),
    );
    return report([]);
  }
  const context: UnitContext = { client, state, globalLevel, judge: options.judge ?? localJudge, units: new Map(view.units.map((u) => [u.subject, u])) };
  const items: RegistryCheckItem[] = [];
  for (const unit of view.units) {
    const item = await checkUnit(unit, context);
    items.push(item);
    diagnostics.push(...itemDiagnostics(catalog, unit, item));
  }
  return report(items);
}

/** What judging one subject needs: the registry, what it holds, and the other subjects of this run. */
interface UnitContext {
  client: RegistryClient;
  state: RegistryState;
  globalLevel: string | undefined;
  judge: CompatJudge;
  units: ReadonlyMap<string, RegistrationUnit>;
}

/** One subject: new, already registered, or judged by the local engine and by the registry. */
async function checkUnit(unit: RegistrationUnit, context: UnitContext): Promise<RegistryCheckItem> {
  const { client, state, units } = context;
  const subjectState = state.subjects.get(unit.subject);
  const live = subjectState?.versions ?? [];
  const item: RegistryCheckItem = {
    subject: unit.subject,
    kind: unit.kind,
    file: unit.file,
    eventType: unit.eventType,
    status: 'new-subject',
    versions: live.map((v) => v.version),
    registryLevel: subjectState?.config?.level ?? context.globalLevel,
    configured: unit.compatibility,
  };
  if (live.length === 0) return item;
  const { references, unregistered } = resolveReferences(unit, units, state);
  if (unregistered.length === 0 && findLive(live, unit.schemaText, references, unit.metadata)) {
    item.status = 'registered';
    return item;
  }
  const candidate = bundleSchema(
    unit.schema,
    unit.references.map((r) => ({ name: r.name, resolve: () => localDocument(r.name, r.subject, units) })),
  );
  const previous = live.flatMap((v) => {
    const parsed = parseObject(v.schema);
    return parsed
      ? [
          {
            version: v.version,
            schema: bundleSchema(
              parsed,
              v.references.map((r) => ({ name: r.name, resolve: () => registeredDocument(r, state) })),
            ),
          },
        ]
      : [];
  });
  item.local = context.judge({ candidate, previous, level: unit.compatibility.level, policy: unit.compatibility.policy, eventType: unit.eventType });
  if (unregistered.length > 0) {
    item.status = 'unavailable';
    item.registry = {
      error: `references ${unregistered.map((s) => `"${s}"`).join(', ')} whose current content is not registered, so the registry cannot resolve it`,
    };
    return item;
  }
  try {
    item.registry = await client.checkCompatibility(unit.subject, {
      schema: unit.schemaText,
      references,
      ...(unit.metadata ? { metadata: unit.metadata } : {}),
    });
    item.status = item.registry.compatible === item.local.compatible ? (item.local.compatible ? 'compatible' : 'incompatible') : 'disagreement';
  } catch (error) {
    if (!(error instanceof RegistryError)) throw error;
    item.status = 'unavailable';
    item.registry = { error: error.message };
  }
  return item;
}

/** References resolved to the registered version with the same content, when there is one. */
function resolveReferences(
  unit: RegistrationUnit,
  units: ReadonlyMap<string, RegistrationUnit>,
  state: RegistryState,
): { references: SchemaReference[]; unregistered: string[] } {
  const references: SchemaReference[] = [];
  const unregistered: string[] = [];
  for (const r of unit.references) {
    const refUnit = units.get(r.subject);
    const match = refUnit ? findLiveAnyRefs(state.subjects.get(r.subject)?.versions ?? [], refUnit.schemaText) : undefined;
    if (match) references.push({ name: r.name, subject: r.subject, version: match.version });
    else unregistered.push(r.subject);
  }
  return { references, unregistered };
}

function findLiveAnyRefs(live: Parameters<typeof findLive>[0], text: string): ReturnType<typeof findLive> {
  for (let i = live.length - 1; i >= 0; i--) {
    const v = live[i];
    if (v && findLive([v], text, v.references)) return v;
  }
  return undefined;
}

function itemDiagnostics(catalog: Catalog, unit: RegistrationUnit, item: RegistryCheckItem): Diagnostic[] {
  const name = unit.eventType ?? unit.file;
  const levelNote =
    item.registryLevel && item.registryLevel !== item.configured.level
      ? ` The registry judges subject "${item.subject}" at ${item.registryLevel}, the contracts configure ${item.configured.level}/${item.configured.policy}; \`contracts register\` sets the subject's level.`
      : '';
  const local = item.local;
  const registry = item.registry;
  if (!local) return [];
  const localText = local.messages.slice(0, 5).join('; ');
  if (item.status === 'incompatible') {
    return [
      diag(
        catalog,
        'REGISTRY_INCOMPATIBLE',
        'error',
        unit.file,
        `"${name}" is incompatible with the versions registered under subject "${item.subject}" (${item.versions.join(', ')}), by the local engine and by the registry: ${localText}. Make the change compatible, or publish it as a new major (a new event type).`,
      ),
    ];
  }
  if (item.status === 'disagreement' && registry && 'compatible' in registry) {
    const registryText = registry.messages.slice(0, 5).join('; ') || 'no details';
    const message = local.compatible
      ? `The registry refuses "${name}" under subject "${item.subject}" but the local engine finds it compatible (registry says: ${registryText}).${levelNote || ' This is a disagreement between the engine and this registry; registration will fail until it is resolved.'}`
      : `The local engine finds "${name}" incompatible with subject "${item.subject}" (${localText}) but the registry accepts it.${levelNote || ' This is a disagreement between the engine and this registry; the local gate stays authoritative.'}`;
    return [diag(catalog, 'REGISTRY_VERDICT_DISAGREES', 'error', unit.file, message)];
  }
  if (item.status === 'unavailable' && registry && 'error' in registry) {
    const severity: Severity = local.compatible ? 'warning' : 'error';
    return [
      diag(
        catalog,
        'REGISTRY_VERDICT_UNAVAILABLE',
        severity,
        unit.file,
        `The registry's verdict on "${name}" (subject "${item.subject}") is unavailable: ${registry.error}. The local engine finds it ${local.compatible ? 'compatible' : `incompatible: ${localText}`}.`,
      ),
    ];
  }
  return [];
}

function diag(catalog: Catalog, ruleId: string, severity: Severity, file: string, message: string): Diagnostic {
  const at = file ? catalog.files.get(file)?.locate('') : undefined;
  return { ruleId, severity, message, file, pointer: '', line: at?.line ?? 0, column: at?.column ?? 0 };
}
