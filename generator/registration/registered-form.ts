/**
 * The registered form of a schema: what other teams' default decoders compile.
 *
 * Confluent's `JsonDeserializer` and `@kafkajs/confluent-schema-registry` compile the registered
 * schema with a default (strict) ajv instance, which refuses every keyword it does not know
 * (`x-owner`, …) and every `format` it has no implementation for (ajv core ships none). So the
 * registered schema keeps only the standard keywords ajv knows for its draft; everything else
 * (the contract's `x-` keywords, `format`, vendor keywords) is moved out, without loss:
 *
 * - the contract's root `x-` keywords become Confluent schema metadata properties (`owner`,
 *   `partitionKey`, `sunset`, `topic`), where registries keep such facts;
 * - every removed keyword is recorded under the `event-contracts.annotations` property
 *   (pointer → keywords, canonical JSON), so `pull` can restore the contract as written.
 *
 * `format` is an annotation by default in 2019-09 and 2020-12; the generated package's own
 * validators still check formats (they are compiled from the contract, not from this form).
 * Pure, no I/O.
 */
import type { Draft } from '../core/config.js';
import type { JsonObject, JsonValue } from '../core/json.js';
import { isJsonObject } from '../core/json.js';
import { escapePointerToken, parsePointer } from '../core/json-pointer.js';
import { SCHEMA_ARRAY_KEYWORDS, SCHEMA_KEYWORDS, SCHEMA_MAP_KEYWORDS } from '../core/schema-keywords.js';

/** Confluent's schema `metadata` (only `properties` is used): string → string. */
export interface SchemaMetadata {
  properties: Record<string, string>;
}

/** Metadata property holding every keyword removed from the registered form (pointer → keywords). */
export const ANNOTATIONS_PROPERTY = 'event-contracts.annotations';

/** Root `x-` keywords of a contract and the metadata property each becomes. */
export const METADATA_PROPERTIES: Readonly<Record<string, string>> = {
  'x-owner': 'owner',
  'x-partition-key': 'partitionKey',
  'x-sunset': 'sunset',
  'x-topic': 'topic',
};

const DRAFT_07 = [
  '$schema',
  '$id',
  '$ref',
  '$comment',
  'title',
  'description',
  'default',
  'readOnly',
  'writeOnly',
  'examples',
  'deprecated',
  'multipleOf',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'additionalItems',
  'items',
  'maxItems',
  'minItems',
  'uniqueItems',
  'contains',
  'maxProperties',
  'minProperties',
  'required',
  'additionalProperties',
  'definitions',
  'properties',
  'patternProperties',
  'dependencies',
  'propertyNames',
  'const',
  'enum',
  'type',
  'contentMediaType',
  'contentEncoding',
  'if',
  'then',
  'else',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
];
const DRAFT_2019 = [
  ...DRAFT_07,
  '$anchor',
  '$recursiveRef',
  '$recursiveAnchor',
  '$defs',
  '$vocabulary',
  'dependentRequired',
  'dependentSchemas',
  'unevaluatedItems',
  'unevaluatedProperties',
  'maxContains',
  'minContains',
  'contentSchema',
];

/**
 * Keywords a default ajv instance of the draft compiles in strict mode (`format` is not among
 * them: ajv core validates no format and refuses unknown ones).
 */
const STANDARD_KEYWORDS: Record<Draft, ReadonlySet<string>> = {
  'draft-04': new Set([
    ...DRAFT_07.filter((k) => k !== '$id' && k !== 'const' && k !== 'contains' && k !== 'propertyNames' && k !== 'if' && k !== 'then' && k !== 'else'),
    'id',
  ]),
  'draft-06': new Set(DRAFT_07.filter((k) => k !== 'if' && k !== 'then' && k !== 'else' && k !== 'contentMediaType' && k !== 'contentEncoding')),
  'draft-07': new Set(DRAFT_07),
  '2019-09': new Set(DRAFT_2019),
  '2020-12': new Set([
    ...DRAFT_2019.filter((k) => k !== '$recursiveRef' && k !== '$recursiveAnchor' && k !== 'additionalItems'),
    '$dynamicRef',
    '$dynamicAnchor',
    'prefixItems',
  ]),
};

/** Keywords whose value is one subschema, an array of them, or a name → subschema map (walk-schema's lists). */
const ONE: ReadonlySet<string> = new Set(SCHEMA_KEYWORDS);
const MANY: ReadonlySet<string> = new Set(SCHEMA_ARRAY_KEYWORDS);
const MAP: ReadonlySet<string> = new Set(SCHEMA_MAP_KEYWORDS);

/** Removed keywords by pointer (relative to the schema given), each with its value. */
export type Annotations = Record<string, JsonObject>;

/**
 * A copy of `schema` with only the draft's standard keywords, and what was removed. Data
 * positions (`const`, `enum`, `default`, `examples`) are copied as they are.
 */
export function toRegisteredForm(schema: JsonObject, draft: Draft): { schema: JsonObject; annotations: Annotations } {
  const keep = STANDARD_KEYWORDS[draft];
  const annotations: Annotations = {};
  const visit = (node: JsonValue, pointer: string): JsonValue => {
    if (!isJsonObject(node)) return node;
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      const at = `${pointer}/${escapePointerToken(key)}`;
      if (!keep.has(key)) {
        (annotations[pointer] ??= {})[key] = value;
        continue;
      }
      if (ONE.has(key) && isJsonObject(value)) out[key] = visit(value, at);
      else if (MANY.has(key) && Array.isArray(value)) out[key] = value.map((v, i) => visit(v, `${at}/${i}`));
      else if (MAP.has(key) && isJsonObject(value)) {
        const map: JsonObject = {};
        for (const [name, sub] of Object.entries(value)) map[name] = visit(sub, `${at}/${escapePointerToken(name)}`);
        out[key] = map;
      } else out[key] = value;
    }
    return out;
  };
  return { schema: visit(schema, '') as JsonObject, annotations };
}

/** Put removed keywords back (used by `pull`). Pointers that no longer resolve are ignored. */
export function restoreAnnotations(schema: JsonObject, annotations: Annotations): JsonObject {
  const out = structuredClone(schema);
  for (const [pointer, keywords] of Object.entries(annotations)) {
    let node: JsonValue | undefined = out;
    for (const token of parsePointer(pointer) ?? [undefined]) {
      if (token === undefined || (!isJsonObject(node) && !Array.isArray(node))) {
        node = undefined;
        break;
      }
      node = Array.isArray(node) ? node[Number(token)] : node[token];
    }
    if (isJsonObject(node)) Object.assign(node, keywords);
  }
  return out;
}

/** Annotations recorded in a registered schema's metadata, or undefined. */
export function annotationsOf(metadata: SchemaMetadata | undefined): Annotations | undefined {
  const text = metadata?.properties[ANNOTATIONS_PROPERTY];
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as JsonValue;
    return isJsonObject(parsed) ? (parsed as Annotations) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Metadata of a registered schema: the contract's root `x-` keywords under their property
 * names (other root `x-` keywords verbatim), strings as they are, other values as JSON, plus
 * the annotations record. Undefined when there is nothing to say.
 */
export function registrationMetadata(contractRoot: JsonObject, annotations: Annotations, canonicalText: (v: JsonValue) => string): SchemaMetadata | undefined {
  const properties: Record<string, string> = {};
  for (const [key, value] of Object.entries(contractRoot)) {
    if (!key.startsWith('x-')) continue;
    properties[METADATA_PROPERTIES[key] ?? key] = typeof value === 'string' ? value : canonicalText(value);
  }
  if (Object.keys(annotations).length > 0) properties[ANNOTATIONS_PROPERTY] = canonicalText(annotations);
  if (Object.keys(properties).length === 0) return undefined;
  const sorted: Record<string, string> = {};
  for (const key of Object.keys(properties).sort()) sorted[key] = properties[key] as string;
  return { properties: sorted };
}
