import type { JsonObject, JsonValue } from '../core/json.js';
import { isJsonObject } from '../core/json.js';
import { getMetaValidator } from '../load/ajv.js';
import type { EventContract } from '../load/catalog.js';
import { idKeyword } from '../core/drafts.js';
import { eventTypeToPath } from '../load/layout.js';
import type { DeclaredId } from '../load/refs.js';
import { fileDraft } from '../load/refs.js';
import type { Draft } from '../core/config.js';
import { escapePointerToken, getAtPointer, parsePointer, toPointer } from '../core/json-pointer.js';
import { LOAD_RULES } from '../load/rules.js';
import { MIGRATION_RULES } from './migration-rules.js';
import { walkSchema } from '../load/walk-schema.js';
import { quote } from '../load/quote.js';
import type { LintContext, LintedFile, LintRule, Report } from './context.js';

/** `x-` keywords with a meaning; the first four only at the root of an event contract. */
export const KNOWN_EXTENSIONS: Readonly<Record<string, 'event-root' | 'root'>> = {
  'x-partition-key': 'event-root',
  'x-topic': 'event-root',
  'x-sunset': 'event-root',
  'x-owner': 'root',
};

/** Formats ajv-formats validates (what generated validators check). Anything else is unchecked. */
export const KNOWN_FORMATS = new Set([
  'date', 'time', 'date-time', 'iso-time', 'iso-date-time', 'duration', 'uri', 'uri-reference', 'uri-template', 'url',
  'email', 'hostname', 'ipv4', 'ipv6', 'regex', 'uuid', 'json-pointer', 'json-pointer-uri-fragment',
  'relative-json-pointer', 'byte', 'int32', 'int64', 'float', 'double', 'password', 'binary',
]);

/** Kafka's legal topic names. */
const TOPIC_RE = /^[a-zA-Z0-9._-]{1,249}$/;

/** Quote user-supplied text for a message (see load/quote.ts). */
export const q = quote;

const typesOf = (schema: JsonObject): string[] =>
  typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? schema.type.filter((t): t is string => typeof t === 'string') : [];

const isObjectSchema = (schema: JsonObject): boolean =>
  typesOf(schema).includes('object') || (schema.type === undefined && (isJsonObject(schema.properties) || isJsonObject(schema.patternProperties)));

const COMPOSITION = new Set(['allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else']);

/** Every subschema of every linted file. */
function eachSubschema(ctx: LintContext, visit: (f: LintedFile, schema: JsonObject, pointer: string, keyword: string, parent?: JsonObject) => void): void {
  for (const f of ctx.schemaFiles) walkSchema(f.schema, (v) => visit(f, v.schema, v.pointer, v.keyword, v.parent));
}

/** Follow local `#/…` refs inside a bundle (bounded: pure-ref cycles are a load diagnostic). */
function deref(bundle: JsonObject, schema: JsonValue | undefined): JsonValue | undefined {
  let current = schema;
  for (let i = 0; i < 32 && isJsonObject(current) && typeof current.$ref === 'string' && current.$ref.startsWith('#'); i++) {
    let pointer: string;
    try {
      pointer = decodeURIComponent(current.$ref.slice(1));
    } catch {
      return undefined;
    }
    current = getAtPointer(bundle, pointer);
  }
  return current;
}

/** The `allOf` members of an object schema, refs followed, nested `allOf`s flattened (bounded). */
function allOfParts(bundle: JsonObject, schema: JsonObject, depth = 0): JsonObject[] {
  if (depth > 8 || !Array.isArray(schema.allOf)) return [];
  return schema.allOf.flatMap((member) => {
    const part = deref(bundle, member);
    return isJsonObject(part) ? [part, ...allOfParts(bundle, part, depth + 1)] : [];
  });
}

function checkPartitionKey(ctx: LintContext, e: EventContract, report: Report): void {
  const raw = e.schema['x-partition-key'];
  if (raw === undefined) {
    report({
      file: e.file,
      pointer: '',
      message: `\`${e.eventType}\` has no \`x-partition-key\`. Add \`"x-partition-key": "/<id property>"\` naming the required string or integer property whose value keys the Kafka message (e.g. "/orderId").`,
    });
    return;
  }
  const at = '/x-partition-key';
  const tokens = typeof raw === 'string' ? parsePointer(raw) : undefined;
  if (typeof raw !== 'string' || !tokens || tokens.length === 0) {
    report({ file: e.file, pointer: at, message: `\`x-partition-key\` ${q(raw)} of \`${e.eventType}\` is not a JSON pointer to a property of \`data\`. Write it as "/<property>" (e.g. "/orderId").` });
    return;
  }
  if (ctx.hasLoadErrors(e.file)) return;
  const bundle = ctx.bundle(e);
  let schema = deref(bundle, bundle);
  for (const [i, token] of tokens.entries()) {
    const path = toPointer(tokens.slice(0, i + 1));
    // The object and the `allOf` members it is made of (every one of them applies).
    const parts = isJsonObject(schema) ? [schema, ...allOfParts(bundle, schema)] : [];
    const declaring = parts.find((p) => isJsonObject(p.properties) && Object.prototype.hasOwnProperty.call(p.properties, token));
    if (!declaring) {
      report({ file: e.file, pointer: at, message: `\`x-partition-key\` ${q(raw)} of \`${e.eventType}\` points at ${q(path)}, which is not declared in \`properties\`. Point it at a declared property.` });
      return;
    }
    if (!parts.some((p) => Array.isArray(p.required) && p.required.includes(token))) {
      report({ file: e.file, pointer: at, message: `\`x-partition-key\` ${q(raw)} of \`${e.eventType}\` points at ${q(path)}, which is optional; a message without it would have no key. Add ${q(token)} to \`required\`.` });
      return;
    }
    schema = deref(bundle, (declaring.properties as JsonObject)[token]);
  }
  const types = isJsonObject(schema) ? typesOf(schema) : [];
  if (types.length !== 1 || (types[0] !== 'string' && types[0] !== 'integer')) {
    report({
      file: e.file,
      pointer: at,
      message: `\`x-partition-key\` ${q(raw)} of \`${e.eventType}\` points at a property of type ${types.length ? types.map((t) => q(t)).join(' | ') : 'unstated'}; a Kafka key is one string or integer. Point it at a \`"type": "string"\` or \`"type": "integer"\` property.`,
    });
  }
}

function checkExamples(ctx: LintContext, e: EventContract, report: Report): void {
  if (!Array.isArray(e.schema.examples) || e.examples.length === 0) return; // EXAMPLE_MISSING
  if (ctx.hasLoadErrors(e.file)) return;
  const compiled = ctx.compile(e);
  if ('error' in compiled) return; // SCHEMA_INVALID reports why the schema does not compile
  const validate = compiled.validate;
  e.examples.forEach((example, i) => {
    if (validate(example)) return;
    for (const err of (validate.errors ?? []).slice(0, 20)) {
      let instancePath = err.instancePath;
      let fact = `${instancePath ? q(instancePath) : 'the payload'} ${err.message ?? 'is invalid'}`;
      if (err.keyword === 'additionalProperties') {
        const extra = String((err.params as { additionalProperty?: unknown }).additionalProperty);
        instancePath = `${instancePath}/${escapePointerToken(extra)}`;
        fact = `property ${q(extra)} is not allowed (closed content model)`;
      } else if (err.keyword === 'required') {
        fact = `${instancePath ? q(instancePath) : 'the payload'} lacks required property ${q((err.params as { missingProperty?: unknown }).missingProperty)}`;
      } else if (err.keyword === 'enum') {
        fact += ` (${((err.params as { allowedValues?: unknown[] }).allowedValues ?? []).map((v) => quote(v)).join(', ')})`;
      }
      report({
        file: e.file,
        pointer: `/examples/${i}${instancePath}`,
        message: `Example ${i} of \`${e.eventType}\` does not validate: ${fact}. Fix the example or the schema.`,
      });
    }
  });
}

function checkMetaSchema(ctx: LintContext, f: LintedFile, report: Report): void {
  const validate = getMetaValidator(f.draft);
  if (!validate(f.schema)) {
    const byPath = new Map<string, string[]>();
    for (const err of validate.errors ?? []) {
      if (err.keyword === 'anyOf' || err.keyword === 'oneOf' || err.keyword === '$ref' || err.keyword === 'if') continue;
      let message = err.message ?? 'is invalid';
      if (err.keyword === 'enum') message += ` (${((err.params as { allowedValues?: unknown[] }).allowedValues ?? []).map((v) => quote(v)).join(', ')})`;
      const list = byPath.get(err.instancePath) ?? [];
      if (!list.includes(message)) list.push(message);
      byPath.set(err.instancePath, list);
    }
    for (const [pointer, messages] of byPath) {
      report({
        file: f.file,
        pointer,
        message: `${q(pointer || '/')} in ${q(f.file)} is not valid ${f.draft} JSON Schema: it ${messages.join(' or ')}. Fix the keyword's value (see the ${f.draft} specification).`,
      });
    }
    return;
  }
  // Meta-schemas do not check `format: "regex"`; a pattern that is no regular expression is pinned here.
  let badPattern = false;
  walkSchema(f.schema, ({ schema, pointer }) => {
    const candidates: [string, unknown][] = [[`${pointer}/pattern`, schema.pattern]];
    if (isJsonObject(schema.patternProperties)) {
      for (const key of Object.keys(schema.patternProperties)) candidates.push([`${pointer}/patternProperties/${escapePointerToken(key)}`, key]);
    }
    for (const [at, source] of candidates) {
      if (typeof source !== 'string') continue;
      try {
        new RegExp(source, 'u');
      } catch (error) {
        badPattern = true;
        report({ file: f.file, pointer: at, message: `Pattern ${q(source)} in ${q(f.file)} is not a regular expression (${(error as Error).message.replace(/^Invalid regular expression: /, '').slice(0, 120)}). Fix it: patterns are ECMA-262 regular expressions with the \`u\` flag.` });
      }
    }
  });
  // Valid against the meta-schema but still not compilable by ajv.
  if (badPattern || !f.event || ctx.hasLoadErrors(f.file)) return;
  const compiled = ctx.compile(f.event);
  if ('error' in compiled) {
    report({
      file: f.file,
      pointer: '',
      message: `\`${f.event.eventType}\` does not compile as ${f.draft} JSON Schema: ${compiled.error.message.slice(0, 200)}. Fix the schema so a validator can be generated from it.`,
    });
  }
}

/** Rows for what the loader reports: documented and configurable like every other rule. */
const LOAD_ROWS: LintRule[] = LOAD_RULES.map((r) => ({ ...r, stage: 'load' as const, generate: 'refuse' as const, check: () => undefined }));

/** The lint rule table. Ids are stable (config refers to them); messages may change. */
export const LINT_RULES: readonly LintRule[] = [
  ...LOAD_ROWS,
  {
    id: 'EVENT_ID_PATH',
    stage: 'lint',
    generate: 'tolerate',
    severity: 'warning',
    purpose: 'A contract\'s `$id` ends with its layout path (`…/<domain>/<action>.v<N>.json`) so ids and files cannot drift apart.',
    check(ctx, report) {
      for (const e of ctx.catalog.events) {
        // The id keyword of the file's draft: `$id` means nothing in draft-04 (`id` does).
        const keyword = idKeyword(e.draft);
        const id = e.schema[keyword];
        if (typeof id !== 'string') continue;
        const tail = `/${e.domain}/${e.action}.v${e.version}`;
        const path = id.replace(/[?#].*$/, '');
        if (!path.endsWith(`${tail}.json`) && !path.endsWith(tail)) {
          report({ file: e.file, pointer: `/${keyword}`, message: `\`${keyword}\` ${q(id)} of \`${e.file}\` does not end with \`${tail}.json\`, so it names a different event than the file. Make it end with \`${tail}.json\`.` });
        }
      }
    },
  },
  {
    id: 'VERSION_GAP',
    stage: 'lint',
    generate: 'tolerate',
    severity: 'error',
    purpose: 'Versions of an event are consecutive from v1: a gap means a file was deleted or misnumbered, and consumers pinned to it lose their contract.',
    check(ctx, report) {
      const byName = new Map<string, EventContract[]>();
      for (const e of ctx.catalog.events) {
        const name = `${e.domain}.${e.action}`;
        byName.set(name, [...(byName.get(name) ?? []), e]);
      }
      for (const [name, events] of byName) {
        const have = new Set(events.map((e) => e.version));
        for (const e of [...events].sort((a, b) => a.version - b.version)) {
          const missing: number[] = [];
          for (let v = e.version - 1; v >= 1 && !have.has(v); v--) missing.unshift(v);
          if (missing.length === 0) continue;
          if (missing.length > 20) missing.splice(3, missing.length - 6, NaN);
          const list = missing.map((v) => (Number.isNaN(v) ? '…' : `v${v}`)).join(', ');
          report({
            file: e.file,
            pointer: '',
            message: `\`${name}\` has v${e.version} but no ${list} (${eventTypeToPath(`${name}.v${missing[0]}`)}); versions are consecutive from v1. Restore the missing file (keep retired versions with \`"deprecated": true\` and \`x-sunset\`) or renumber this one.`,
          });
        }
      }
    },
  },
  {
    id: 'SCHEMA_INVALID',
    stage: 'lint',
    generate: 'refuse',
    severity: 'error',
    purpose: 'Each schema is valid against the meta-schema of its draft and compiles, so every tool reads it the same way.',
    check(ctx, report) {
      for (const f of ctx.schemaFiles) checkMetaSchema(ctx, f, report);
    },
  },
  {
    id: 'DATA_NOT_OBJECT',
    stage: 'lint',
    generate: 'refuse',
    severity: 'error',
    purpose: 'The `data` payload is a JSON object (`"type": "object"`), so it can grow fields and carry a partition key.',
    check(ctx, report) {
      for (const e of ctx.catalog.events) {
        // A root `$ref` (common in schemas generated from code) declares what its target declares.
        const root = typeof e.schema.$ref === 'string' && !ctx.hasLoadErrors(e.file) ? deref(ctx.bundle(e), ctx.bundle(e)) : e.schema;
        const types = isJsonObject(root) ? typesOf(root) : [];
        if (types.length === 1 && types[0] === 'object') continue;
        const viaRef = root !== e.schema;
        report({
          file: e.file,
          pointer: viaRef ? '/$ref' : e.schema.type === undefined ? '' : '/type',
          message: viaRef
            ? `The root \`$ref\` of \`${e.eventType}\` points at a schema that is ${types.length ? `of type ${types.map((t) => q(t)).join(' | ')}` : 'not declared an object'}; event data is always one JSON object. Point it at an object schema (\`"type": "object"\` there).`
            : `The root of \`${e.eventType}\` is ${types.length ? `of type ${types.map((t) => q(t)).join(' | ')}` : 'not declared an object'}; event data is always one JSON object. Set \`"type": "object"\` at the root.`,
        });
      }
    },
  },
  {
    id: 'PARTITION_KEY',
    stage: 'lint',
    generate: 'refuse',
    severity: 'error',
    purpose: '`x-partition-key` is present and points at a required string or integer property of `data`: it becomes the Kafka message key, which decides ordering.',
    check(ctx, report) {
      for (const e of ctx.catalog.events) checkPartitionKey(ctx, e, report);
    },
  },
  {
    id: 'EXAMPLE_MISSING',
    stage: 'lint',
    generate: 'tolerate',
    severity: 'error',
    purpose: 'Every contract carries at least one example payload in `examples`: it documents the event and tests the schema.',
    check(ctx, report) {
      for (const e of ctx.catalog.events) {
        if (Array.isArray(e.schema.examples) && e.schema.examples.length > 0) continue;
        report({
          file: e.file,
          pointer: e.schema.examples === undefined ? '' : '/examples',
          message: `\`${e.eventType}\` has no example${e.schema.examples === undefined ? '' : ' (`examples` must be a non-empty array of payloads)'}. Add \`"examples": [{…}]\` with at least one realistic \`data\` payload.`,
        });
      }
    },
  },
  {
    id: 'EXAMPLE_INVALID',
    stage: 'lint',
    generate: 'tolerate',
    severity: 'error',
    purpose: 'Every example validates against its schema (formats included), so documentation and schema agree.',
    check(ctx, report) {
      for (const e of ctx.catalog.events) checkExamples(ctx, e, report);
    },
  },
  {
    id: 'UNKNOWN_EXTENSION',
    stage: 'lint',
    generate: 'tolerate',
    severity: 'warning',
    purpose: 'Only known `x-` keywords (x-partition-key, x-topic, x-sunset at an event\'s root; x-owner at a file\'s root) are used: a typo would silently do nothing.',
    check(ctx, report) {
      eachSubschema(ctx, (f, schema, pointer) => {
        for (const key of Object.keys(schema)) {
          if (!key.startsWith('x-')) continue;
          const where = KNOWN_EXTENSIONS[key];
          const at = `${pointer}/${escapePointerToken(key)}`;
          if (!where || !Object.prototype.hasOwnProperty.call(KNOWN_EXTENSIONS, key)) {
            report({ file: f.file, pointer: at, message: `Keyword ${q(key)} in ${q(f.file)} is not a known extension (${Object.keys(KNOWN_EXTENSIONS).join(', ')}); nothing reads it. Fix the spelling or remove it.` });
          } else if (pointer !== '' || (where === 'event-root' && !f.event)) {
            report({ file: f.file, pointer: at, message: `\`${key}\` only has a meaning at the root of ${where === 'event-root' ? 'an event contract' : 'a schema file'}; here in ${q(f.file)} it does nothing. Move it to the root of the event's file or remove it.` });
          }
        }
      });
    },
  },
  {
    id: 'CODEGEN_KEYWORD',
    stage: 'lint',
    generate: 'tolerate',
    severity: 'error',
    purpose: 'Code-generation keywords (`tsType`, `tsEnumNames`, any `ts…`) are refused: generators paste them verbatim into code, so a schema could inject code into every consumer.',
    check(ctx, report) {
      eachSubschema(ctx, (f, schema, pointer) => {
        for (const key of Object.keys(schema)) {
          if (!/^ts[A-Z]/.test(key)) continue;
          report({
            file: f.file,
            pointer: `${pointer}/${escapePointerToken(key)}`,
            message: `Keyword ${q(key)} in ${q(f.file)} would be pasted verbatim into generated TypeScript. Remove it: types are derived from the schema itself.`,
          });
        }
      });
    },
  },
  {
    id: 'PATTERN_WITHOUT_MAX_LENGTH',
    stage: 'lint',
    generate: 'tolerate',
    severity: 'error',
    purpose: 'Every `pattern` comes with a `maxLength`: a regular expression on unbounded hostile input can take very long to evaluate.',
    check(ctx, report) {
      eachSubschema(ctx, (f, schema, pointer) => {
        if (typeof schema.pattern !== 'string' || typeof schema.maxLength === 'number') return;
        report({ file: f.file, pointer: `${pointer}/pattern`, message: `${q(pointer || '/')} in ${q(f.file)} has a \`pattern\` but no \`maxLength\`; matching unbounded input can be slow (ReDoS). Add \`"maxLength"\` with the longest legal value.` });
      });
    },
  },
  {
    id: 'CONTENT_MODEL_UNSTATED',
    stage: 'lint',
    generate: 'tolerate',
    severity: 'error',
    purpose: 'Every object schema states `additionalProperties` (or `unevaluatedProperties`): open or closed decides which later changes are compatible, so it must be a decision. Branches of allOf/anyOf/oneOf/if/then/else/not are exempt when their parent states it.',
    check(ctx, report) {
      eachSubschema(ctx, (f, schema, pointer, keyword, parent) => {
        if (!isObjectSchema(schema)) return;
        if (schema.additionalProperties !== undefined || schema.unevaluatedProperties !== undefined) return;
        // Beside a `$ref` the content model is the target's (checked where the target is defined).
        if (typeof schema.$ref === 'string') return;
        if (COMPOSITION.has(keyword) && parent && (parent.additionalProperties !== undefined || parent.unevaluatedProperties !== undefined)) return;
        report({
          file: f.file,
          pointer: pointer,
          message: `${pointer ? `Object schema ${q(pointer)}` : 'The root object schema'} in ${q(f.file)} does not state its content model. Add \`"additionalProperties": false\` (closed: new fields need a new version) or \`true\` (open: optional fields can be added compatibly).`,
        });
      });
    },
  },
  {
    id: 'UNKNOWN_FORMAT',
    stage: 'lint',
    generate: 'tolerate',
    severity: 'error',
    purpose: 'Only formats the generated validators check are used; an unknown `format` is silently not validated.',
    check(ctx, report) {
      eachSubschema(ctx, (f, schema, pointer) => {
        if (schema.format === undefined || (typeof schema.format === 'string' && KNOWN_FORMATS.has(schema.format))) return;
        report({ file: f.file, pointer: `${pointer}/format`, message: `Format ${q(schema.format)} in ${q(f.file)} is not one the validators know, so it would not be checked. Use a known format (uuid, date-time, date, email, uri, …) or a \`pattern\` with \`maxLength\`.` });
      });
    },
  },
  {
    id: 'ID_COLLISION',
    stage: 'lint',
    generate: 'refuse',
    severity: 'error',
    purpose: 'Each `$id` is declared once in the repository; two schemas with one id make `$ref` resolution ambiguous.',
    check(ctx, report) {
      for (const [uri, declared] of ctx.catalog.ids ?? new Map<string, readonly DeclaredId[]>()) {
        if (declared.length < 2 || uri.startsWith('repo:')) continue;
        for (const d of declared) {
          const others = declared.filter((o) => o !== d).map((o) => (o.pointer ? `${o.file}#${o.pointer}` : o.file));
          const isAnchor = uri.includes('#');
          const json = ctx.catalog.files.get(d.file)?.json;
          const node = getAtPointer(json, d.pointer);
          const key = isJsonObject(node) && node.$anchor !== undefined && isAnchor ? '$anchor' : isJsonObject(node) && node.$id === undefined && node.id !== undefined ? 'id' : '$id';
          report({ file: d.file, pointer: `${d.pointer}/${key}`, message: `${isAnchor ? 'Anchor' : '`$id`'} ${q(uri)} is also declared in ${others.map((o) => `\`${o}\``).join(', ')}; references to it are ambiguous. Give each schema its own id.` });
        }
      }
    },
  },
  {
    id: 'MIXED_DRAFT_REFERENCE',
    stage: 'lint',
    // The validators of one event compile with one draft's semantics: a reference across drafts would be misread.
    generate: 'refuse',
    severity: 'error',
    purpose: 'A schema and the files its `$ref`s reach use one draft: registry clients compile a registered schema and its references with the validator of the root\'s draft, which cannot load another draft\'s meta-schema.',
    check(ctx, report) {
      const draftOf = (file: string): Draft => fileDraft(ctx.catalog.files.get(file)?.json, ctx.catalog.config.defaultDraft);
      const seen = new Set<string>();
      for (const edge of ctx.catalog.refs ?? []) {
        const target = edge.target?.file;
        if (target === undefined || target === edge.file || seen.has(`${edge.file}\u0000${target}`)) continue;
        const [from, to] = [draftOf(edge.file), draftOf(target)];
        if (from === to) continue;
        seen.add(`${edge.file}\u0000${target}`);
        report({
          file: edge.file,
          pointer: `${edge.pointer}/$ref`,
          message: `${q(edge.file)} (${from}) references ${q(target)}, which is ${to}: other teams' decoders compile the registered schema and its references with one ${from} validator, which cannot load ${to}'s meta-schema. Use one draft for both: change \`$schema\` in one of the files (with \`$defs\` ↔ \`definitions\`), or copy the definition.`,
        });
      }
    },
  },
  {
    id: 'DEPRECATED_WITHOUT_SUNSET',
    stage: 'lint',
    generate: 'tolerate',
    severity: 'warning',
    purpose: 'A deprecated event names the date it stops being produced (`x-sunset`), so consumers can plan their migration.',
    check(ctx, report) {
      for (const e of ctx.catalog.events) {
        if (e.schema.deprecated === true && e.schema['x-sunset'] === undefined) {
          report({ file: e.file, pointer: '/deprecated', message: `\`${e.eventType}\` is deprecated but has no \`x-sunset\`. Add \`"x-sunset": "YYYY-MM-DD"\`, the date producers stop emitting it.` });
        }
      }
    },
  },
  {
    id: 'SUNSET_INVALID',
    stage: 'lint',
    generate: 'tolerate',
    severity: 'error',
    purpose: '`x-sunset` is a real calendar date (YYYY-MM-DD) on a deprecated event.',
    check(ctx, report) {
      for (const e of ctx.catalog.events) {
        const sunset = e.schema['x-sunset'];
        if (sunset === undefined) continue;
        if (typeof sunset !== 'string' || !isCalendarDate(sunset)) {
          report({ file: e.file, pointer: '/x-sunset', message: `\`x-sunset\` ${q(sunset)} of \`${e.eventType}\` is not a calendar date. Write it as "YYYY-MM-DD" (e.g. "2027-06-30").` });
        } else if (e.schema.deprecated !== true) {
          report({ file: e.file, pointer: '/x-sunset', message: `\`${e.eventType}\` has \`x-sunset\` ${q(sunset)} but is not deprecated. Add \`"deprecated": true\`, or remove \`x-sunset\`.` });
        }
      }
    },
  },
  {
    id: 'TOPIC_INVALID',
    stage: 'lint',
    generate: 'refuse',
    severity: 'error',
    purpose: 'The topic (`x-topic`, or the configured pattern applied) is a legal Kafka topic name.',
    check(ctx, report) {
      for (const e of ctx.catalog.events) {
        const raw = e.schema['x-topic'];
        const topic = raw === undefined ? e.topic : raw;
        if (typeof topic === 'string' && TOPIC_RE.test(topic) && topic !== '.' && topic !== '..') continue;
        report({
          file: e.file,
          pointer: raw === undefined ? '' : '/x-topic',
          message: `Topic ${q(topic)} of \`${e.eventType}\` is not a legal Kafka topic name. Use 1 to 249 characters from [a-zA-Z0-9._-]${raw === undefined ? ' (fix `topics.pattern` in contracts.config.json)' : ''}.`,
        });
      }
    },
  },
  {
    id: 'OWNER_MISSING',
    stage: 'lint',
    generate: 'tolerate',
    severity: 'info',
    purpose: 'An event names the team that owns it (`x-owner`), so consumers know whom to ask.',
    check(ctx, report) {
      for (const e of ctx.catalog.events) {
        if (typeof e.schema['x-owner'] === 'string' && e.schema['x-owner'] !== '') continue;
        report({ file: e.file, pointer: e.schema['x-owner'] === undefined ? '' : '/x-owner', message: `\`${e.eventType}\` names no owner. Add \`"x-owner": "<team>"\`.` });
      }
    },
  },
  ...MIGRATION_RULES,
];

function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}
