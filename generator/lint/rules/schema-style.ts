/** Rules on how schemas are written: extensions, code-generation keywords, patterns, content model, formats. */
import type { JsonObject } from '../../core/json.js';
import { isJsonObject } from '../../core/json.js';
import { escapePointerToken } from '../../core/json-pointer.js';
import type { LintRuleRow } from '../context.js';
import { eachSubschema, q, typesOf } from './shared.js';

/** `x-` keywords with a meaning; the first four only at the root of an event contract. */
export const KNOWN_EXTENSIONS: Readonly<Record<string, 'event-root' | 'root'>> = {
  'x-partition-key': 'event-root',
  'x-topic': 'event-root',
  'x-sunset': 'event-root',
  'x-owner': 'root',
};

/** Formats ajv-formats validates (what generated validators check). Anything else is unchecked. */
export const KNOWN_FORMATS = new Set([
  'date',
  'time',
  'date-time',
  'iso-time',
  'iso-date-time',
  'duration',
  'uri',
  'uri-reference',
  'uri-template',
  'url',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'regex',
  'uuid',
  'json-pointer',
  'json-pointer-uri-fragment',
  'relative-json-pointer',
  'byte',
  'int32',
  'int64',
  'float',
  'double',
  'password',
  'binary',
]);

const isObjectSchema = (schema: JsonObject): boolean =>
  typesOf(schema).includes('object') || (schema.type === undefined && (isJsonObject(schema.properties) || isJsonObject(schema.patternProperties)));

const COMPOSITION = new Set(['allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else']);

export const SCHEMA_STYLE_RULES = [
  {
    id: 'UNKNOWN_EXTENSION',
    stage: 'lint',
    generate: 'tolerate',
    severity: 'warning',
    purpose:
      "Only known `x-` keywords (x-partition-key, x-topic, x-sunset at an event's root; x-owner at a file's root) are used: a typo would silently do nothing.",
    check(ctx, report) {
      eachSubschema(ctx, (f, schema, pointer) => {
        for (const key of Object.keys(schema)) {
          if (!key.startsWith('x-')) continue;
          const where = KNOWN_EXTENSIONS[key];
          const at = `${pointer}/${escapePointerToken(key)}`;
          if (!where || !Object.prototype.hasOwnProperty.call(KNOWN_EXTENSIONS, key)) {
            report({
              file: f.file,
              pointer: at,
              message: `Keyword ${q(key)} in ${q(f.file)} is not a known extension (${Object.keys(KNOWN_EXTENSIONS).join(', ')}); nothing reads it. Fix the spelling or remove it.`,
            });
          } else if (pointer !== '' || (where === 'event-root' && !f.event)) {
            report({
              file: f.file,
              pointer: at,
              message: `\`${key}\` only has a meaning at the root of ${where === 'event-root' ? 'an event contract' : 'a schema file'}; here in ${q(f.file)} it does nothing. Move it to the root of the event's file or remove it.`,
            });
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
    purpose:
      'Code-generation keywords (`tsType`, `tsEnumNames`, any `ts…`) are refused: generators paste them verbatim into code, so a schema could inject code into every consumer.',
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
        report({
          file: f.file,
          pointer: `${pointer}/pattern`,
          message: `${q(pointer || '/')} in ${q(f.file)} has a \`pattern\` but no \`maxLength\`; matching unbounded input can be slow (ReDoS). Add \`"maxLength"\` with the longest legal value.`,
        });
      });
    },
  },
  {
    id: 'CONTENT_MODEL_UNSTATED',
    stage: 'lint',
    generate: 'tolerate',
    severity: 'error',
    purpose:
      'Every object schema states `additionalProperties` (or `unevaluatedProperties`): open or closed decides which later changes are compatible, so it must be a decision. Branches of allOf/anyOf/oneOf/if/then/else/not are exempt when their parent states it.',
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
        report({
          file: f.file,
          pointer: `${pointer}/format`,
          message: `Format ${q(schema.format)} in ${q(f.file)} is not one the validators know, so it would not be checked. Use a known format (uuid, date-time, date, email, uri, …) or a \`pattern\` with \`maxLength\`.`,
        });
      });
    },
  },
] as const satisfies readonly LintRuleRow[];
