/**
 * The real-world robustness run over one contracts repository (issue 11): lint (no crash, no false
 * positive for the rules with an independent oracle), generate (every event type whose files load
 * without error), `tsc --strict` over every generated package in one program, and the generated
 * validators against plain ajv (the draft's own class, schema as written) on labelled documents,
 * examples and generated instances. Returns counts and every violation as a readable line; the
 * tests assert the violation lists are empty and print the counts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from '../../../generator/core/diagnostic.js';
import type { JsonObject, JsonValue } from '../../../generator/core/json.js';
import { isJsonObject } from '../../../generator/core/json.js';
import { planPackages } from '../../../generator/generate/index.js';
import { strictTypecheck } from '../../support/typecheck.js';
import { lintCatalog, LINT_RULES } from '../../../generator/lint/index.js';
import { AJV_OPTIONS, createAjv, type AjvInstance } from '../../../generator/ajv/index.js';
import { bundleEventSchema } from '../../../generator/load/bundle.js';
import type { Catalog } from '../../../generator/load/catalog.js';
import { getAtPointer } from '../../../generator/core/json-pointer.js';
import { loadCatalog } from '../../../generator/load/index.js';
import { LOAD_RULES } from '../../../generator/load/rules.js';
import { instancesOf, UNDECLARED } from './instances.js';

/** Labelled documents per event type (see test/fixtures/real-world/README.md). */
export type Documents = Record<string, { pass?: JsonValue[]; fail?: JsonValue[]; extra?: JsonValue[]; extraFail?: JsonValue[] }>;

export interface CorpusReport {
  schemas: number;
  lintFindings: Record<string, number>;
  generated: number;
  packages: number;
  /** Validator calls compared with plain ajv, per kind of instance. */
  instances: { declared: number; extra: number; documents: number };
  agreements: { tolerantEqualsPlain: number; strictEqualsPlain: number; strictWithinPlain: number; tolerantCoversStrict: number; extraIgnored: number };
  /** Every broken promise, one line each. */
  violations: { lint: string[]; generate: string[]; tsc: string[]; validators: string[] };
  timings: Record<string, number>;
}

type Validate = ((value: unknown) => boolean) & { errors?: unknown };

export async function runCorpus(root: string, options: { documents?: Documents; instancesPerEvent?: number } = {}): Promise<CorpusReport> {
  const timings: Record<string, number> = {};
  const time = async <T>(name: string, fn: () => Promise<T> | T): Promise<T> => {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      timings[name] = Math.round(performance.now() - start);
    }
  };
  const catalog = await time('load', () => loadCatalog({ root }));
  const diagnostics = await time('lint', () => lintCatalog(catalog));
  const report: CorpusReport = {
    schemas: catalog.events.length,
    lintFindings: {},
    generated: 0,
    packages: 0,
    instances: { declared: 0, extra: 0, documents: 0 },
    agreements: { tolerantEqualsPlain: 0, strictEqualsPlain: 0, strictWithinPlain: 0, tolerantCoversStrict: 0, extraIgnored: 0 },
    violations: { lint: [], generate: [], tsc: [], validators: [] },
    timings,
  };
  for (const d of diagnostics) report.lintFindings[d.ruleId] = (report.lintFindings[d.ruleId] ?? 0) + 1;
  const plain = new Map<string, AjvInstance>();
  const plainValidator = (draft: string, schema: JsonObject): Validate => {
    let ajv = plain.get(draft);
    if (!ajv) plain.set(draft, (ajv = createAjv(draft as never, { ...AJV_OPTIONS, allErrors: false })));
    return ajv.compile(schema) as Validate;
  };
  report.violations.lint = lintFalsePositives(catalog, diagnostics, plainValidator);

  // Generation: every event type, except where the schema cannot be read or resolved (a remote `$ref` is
  // never fetched, by design). Findings that leave a usable schema (an imprecise number, a duplicate key)
  // do not stop the robustness run; the CLI refuses them all (see generate's rule).
  const unusable = new Set<string>(
    LOAD_RULES.map((r) => r.id).filter((id) => !['JSON_NUMBER_PRECISION', 'JSON_DUPLICATE_KEY', 'FILE_NAME', 'CONFIG_INVALID'].includes(id)),
  );
  unusable.add('SCHEMA_INVALID');
  const blocked = new Set(diagnostics.filter((d) => d.severity === 'error' && unusable.has(d.ruleId)).map((d) => d.file));
  const eligible: Catalog = { ...catalog, events: catalog.events.filter((e) => !blocked.has(e.file)) };
  const plan = await time('generate', async () => {
    try {
      return await planPackages({ catalog: eligible });
    } catch (error) {
      report.violations.generate.push(error instanceof Error ? error.message : String(error));
      return undefined;
    }
  });
  if (!plan) return report;
  report.packages = plan.packages.length;
  report.generated = plan.packages.reduce((n, p) => n + p.eventTypes.length, 0);

  const out = mkdtempSync(path.join(tmpdir(), 'contracts-robustness-'));
  try {
    for (const pkg of plan.packages) {
      for (const file of pkg.files) {
        mkdirSync(path.dirname(path.join(out, pkg.dir, file.path)), { recursive: true });
        writeFileSync(path.join(out, pkg.dir, file.path), file.contents);
      }
    }
    report.violations.tsc = await time('tsc', () =>
      strictTypecheck(
        out,
        plan.packages.map((p) => p.dir),
      ),
    );
    await time('validators', async () => {
      for (const pkg of plan.packages) {
        for (const eventType of pkg.eventTypes) {
          const event = eligible.events.find((e) => e.eventType === eventType)!;
          const mod = (await import(pathToFileURL(path.join(out, pkg.dir, 'validators', `${eventType}.js`)).href)) as { strict: Validate; tolerant: Validate };
          const bundle = bundleEventSchema(eligible, eventType);
          compareValidators(eventType, bundle, plainValidator(event.draft, bundle), mod, options, event.examples, report);
        }
      }
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return report;
}

/** Lint findings an independent oracle shows to be wrong, and crashes. */
function lintFalsePositives(catalog: Catalog, diagnostics: readonly Diagnostic[], plainValidator: (draft: string, s: JsonObject) => Validate): string[] {
  const known = new Set<string>(LINT_RULES.map((r) => r.id));
  const loadRules = new Set<string>(LOAD_RULES.map((r) => r.id));
  const loadErrors = new Set(diagnostics.filter((d) => loadRules.has(d.ruleId) && d.severity === 'error').map((d) => d.file));
  const out: string[] = [];
  for (const d of diagnostics) {
    const where = `${d.ruleId} ${d.file}#${d.pointer}`;
    if (d.ruleId === 'INTERNAL_RULE_ERROR' || !known.has(d.ruleId)) out.push(`${where}: ${d.message}`);
    const event = catalog.events.find((e) => e.file === d.file);
    if (d.ruleId === 'DATA_NOT_OBJECT' && event && !loadErrors.has(d.file)) {
      // True when the schema as written accepts some value that is not an object (one of these, or its generated sample).
      const bundle = bundleEventSchema(catalog, event.eventType);
      const validate = plainValidator(event.draft, bundle);
      const candidates: JsonValue[] = [null, 'x', 1, 1.5, true, [], instancesOf(bundle, 1)[0]!.doc];
      const accepted = candidates.some((v) => !isJsonObject(v) && validate(v));
      // …or when the root (refs followed) states a `type` that admits a non-object (a valid sample can be out of reach: patterns).
      const rootTypes = rootTypeOf(bundle);
      if (!accepted && !(rootTypes !== undefined && rootTypes.some((t) => t !== 'object')))
        out.push(`${where}: the schema accepts none of ${JSON.stringify(candidates)} and its root type is ${JSON.stringify(rootTypes)}`);
    }
    if (d.ruleId === 'EVENT_ID_PATH' && event?.draft === 'draft-04' && d.pointer === '/$id') out.push(`${where}: \`$id\` is not a keyword in draft-04`);
    if (d.ruleId === 'CONTENT_MODEL_UNSTATED') {
      const node = getAtPointer(catalog.files.get(d.file)?.json, d.pointer);
      if (!isJsonObject(node) || '$ref' in node || 'additionalProperties' in node || 'unevaluatedProperties' in node)
        out.push(`${where}: the node has a \`$ref\` or states its content model`);
    }
  }
  return out;
}

function rootTypeOf(bundle: JsonObject): string[] | undefined {
  let node: JsonValue | undefined = bundle;
  for (let i = 0; i < 16 && isJsonObject(node) && typeof node.$ref === 'string' && node.$ref.startsWith('#'); i++)
    node = getAtPointer(bundle, decodeURIComponent(node.$ref.slice(1)));
  if (!isJsonObject(node)) return undefined;
  return typeof node.type === 'string' ? [node.type] : Array.isArray(node.type) ? (node.type as string[]) : undefined;
}

/** Keywords that see property names an undeclared property could change the verdict through. */
const NAME_SENSITIVE = ['propertyNames', 'maxProperties', 'minProperties', 'patternProperties'];

function nameSensitive(schema: JsonValue): boolean {
  if (Array.isArray(schema)) return schema.some(nameSensitive);
  if (!isJsonObject(schema)) return false;
  if (NAME_SENSITIVE.some((k) => k in schema) || isJsonObject(schema.additionalProperties) || isJsonObject(schema.unevaluatedProperties)) return true;
  return Object.entries(schema).some(([k, v]) => k !== 'examples' && k !== 'enum' && k !== 'const' && k !== 'default' && nameSensitive(v));
}

function compareValidators(
  eventType: string,
  bundle: JsonObject,
  plain: Validate,
  mod: { strict: Validate; tolerant: Validate },
  options: { documents?: Documents; instancesPerEvent?: number },
  examples: readonly JsonValue[],
  report: CorpusReport,
): void {
  const v = report.violations.validators;
  const verdicts = (doc: JsonValue) => ({ p: plain(doc), s: mod.strict(doc), t: mod.tolerant(doc) });
  const show = (doc: JsonValue) => JSON.stringify(doc).slice(0, 300);
  const always = (how: string, doc: JsonValue, r: { p: boolean; s: boolean; t: boolean }) => {
    if (r.s && !r.p) v.push(`${eventType} ${how}: strict accepts what plain ajv rejects: ${show(doc)}`);
    else report.agreements.strictWithinPlain++;
    if (r.s && !r.t) v.push(`${eventType} ${how}: tolerant rejects what strict accepts: ${show(doc)}`);
    else report.agreements.tolerantCoversStrict++;
  };
  // Instances whose property names all come from the schema: tolerant must agree with plain ajv.
  const declared = (how: string, doc: JsonValue) => {
    const r = verdicts(doc);
    always(how, doc, r);
    report.instances.declared++;
    if (r.t !== r.p) v.push(`${eventType} ${how}: tolerant ${r.t} but plain ajv ${r.p}: ${show(doc)}`);
    else report.agreements.tolerantEqualsPlain++;
    if (r.s === r.p) report.agreements.strictEqualsPlain++;
    return r;
  };
  const labelled = options.documents?.[eventType];
  const expect = (how: string, doc: JsonValue, want: { p?: boolean; s?: boolean; t?: boolean }) => {
    report.instances.documents++;
    const r = verdicts(doc);
    always(how, doc, r);
    for (const key of ['p', 's', 't'] as const) {
      if (want[key] !== undefined && r[key] !== want[key])
        v.push(`${eventType} ${how}: ${{ p: 'plain ajv', s: 'strict', t: 'tolerant' }[key]} says ${r[key]}, the label ${want[key]}: ${show(doc)}`);
    }
  };
  labelled?.pass?.forEach((doc, i) => expect(`pass[${i}]`, doc, { p: true, s: true, t: true }));
  labelled?.fail?.forEach((doc, i) => expect(`fail[${i}]`, doc, { p: false, s: false, t: false }));
  labelled?.extra?.forEach((doc, i) => expect(`extra[${i}]`, doc, { s: false, t: true }));
  labelled?.extraFail?.forEach((doc, i) => expect(`extraFail[${i}]`, doc, { s: false, t: false }));
  examples.forEach((doc, i) => declared(`examples[${i}]`, doc));
  const sensitive = nameSensitive(bundle);
  for (const instance of instancesOf(bundle, options.instancesPerEvent ?? 40)) {
    if (instance.base === undefined) {
      declared(instance.how, instance.doc);
      continue;
    }
    report.instances.extra++;
    const r = verdicts(instance.doc);
    always(instance.how, instance.doc, r);
    // An undeclared name changes nothing for the tolerant side (unless a keyword reads names).
    if (sensitive) continue;
    if (r.t !== plain(instance.base))
      v.push(`${eventType} ${instance.how}: tolerant ${r.t} with \`${UNDECLARED}\` added, plain ajv ${!r.t} without: ${show(instance.doc)}`);
    else report.agreements.extraIgnored++;
  }
}

/** One line for the test output. */
export function summary(name: string, r: CorpusReport): string {
  const a = r.agreements;
  return [
    `${name}: ${r.schemas} schemas, ${r.generated} generated in ${r.packages} packages (tsc --strict: ${r.violations.tsc.length} errors),`,
    `lint findings ${JSON.stringify(r.lintFindings)} (${r.violations.lint.length} false positives),`,
    `validator calls: ${r.instances.declared} declared-only + ${r.instances.extra} with an undeclared property + ${r.instances.documents} labelled;`,
    `tolerant = plain ajv on ${a.tolerantEqualsPlain}/${r.instances.declared} declared-only, undeclared ignored on ${a.extraIgnored}, strict = plain on ${a.strictEqualsPlain}/${r.instances.declared},`,
    `strict ⊆ plain on ${a.strictWithinPlain}, tolerant ⊇ strict on ${a.tolerantCoversStrict}; ${Object.values(r.violations).flat().length} violations;`,
    `ms ${JSON.stringify(r.timings)}`,
  ].join(' ');
}
