/**
 * The schema model the differ walks: a port of how Confluent's Java loader (everit) classifies a JSON
 * Schema, because the diff rules are written against those classes (StringSchema, ObjectSchema,
 * CombinedSchema, …). Nodes are built lazily from the caller's JSON (never cloned) and cached per document.
 *
 * Classification of an object schema (everit `SchemaLoader.loadSchemaObject`), in extractor order:
 *   `$ref` (drafts 4–7: siblings ignored) → enum → allOf/anyOf/oneOf → not → const → `type`
 *   (a type array becomes an `anyOf` of one node per type) → keyword sniffing on the keywords the
 *   typed loader did not consume (array, object, number, string keywords; `if/then/else`).
 *   No extractor → EmptySchema; one → that node; several → a synthetic `allOf` of them. Annotations
 *   (`$id`, title, description, default) sit on the outer node.
 * 2019-09/2020-12 keywords are read as their draft-07 counterparts (see object.ts, array.ts).
 */
import { isJsonObject, type JsonObject } from '../core/json.js';
import { jsonEquals } from './canonical.js';

export type Criterion = 'allOf' | 'anyOf' | 'oneOf';
export const CRITERIA: readonly Criterion[] = ['allOf', 'anyOf', 'oneOf'];

/** everit schema classes. `true`/`false` are TrueSchema/FalseSchema; `empty` is EmptySchema (TrueSchema extends it). */
export type NodeKind =
  'true' | 'false' | 'empty' | 'ref' | 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array' | 'enum' | 'const' | 'not' | 'combined' | 'conditional';

/** Draft as a number: 4, 6, 7, 2019, 2020. */
export type Draft = 4 | 6 | 7 | 2019 | 2020;

export function detectDraft(root: unknown): Draft {
  const uri = isJsonObject(root) ? root.$schema : undefined;
  if (typeof uri !== 'string') return 7;
  if (uri.includes('draft-04') || uri.includes('draft-03')) return 4;
  if (uri.includes('draft-06')) return 6;
  if (uri.includes('draft-07')) return 7;
  if (uri.includes('2019-09')) return 2019;
  if (uri.includes('2020-12')) return 2020;
  return 7;
}

export interface Meta {
  id: unknown;
  title: unknown;
  description: unknown;
  default: unknown;
  hasDefault: boolean;
}
const NO_META: Meta = { id: undefined, title: undefined, description: undefined, default: undefined, hasDefault: false };

const STRING_KEYS = ['minLength', 'maxLength', 'pattern', 'format'];
const NUMBER_KEYS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'];
const OBJECT_KEYS_07 = [
  'properties',
  'required',
  'minProperties',
  'maxProperties',
  'dependencies',
  'patternProperties',
  'additionalProperties',
  'propertyNames',
];
const OBJECT_KEYS_2019 = [...OBJECT_KEYS_07, 'dependentRequired', 'dependentSchemas', 'unevaluatedProperties'];
const ARRAY_KEYS_04 = ['items', 'additionalItems', 'minItems', 'maxItems', 'uniqueItems'];
const ARRAY_KEYS_06 = [...ARRAY_KEYS_04, 'contains'];
const ARRAY_KEYS_2019 = [...ARRAY_KEYS_06, 'prefixItems', 'unevaluatedItems', 'minContains', 'maxContains'];
const CONDITIONAL_KEYS = ['if', 'then', 'else'];
const ANNOTATION_KEYS = new Set([
  '$schema',
  '$id',
  'id',
  '$comment',
  '$anchor',
  '$dynamicAnchor',
  '$recursiveAnchor',
  '$defs',
  'definitions',
  'title',
  'description',
  'default',
  'examples',
  'readOnly',
  'writeOnly',
  'deprecated',
  '$ref',
  '$dynamicRef',
  '$recursiveRef',
  '$vocabulary',
]);

/**
 * The reference of a schema object: `$ref`, or (2019-09/2020-12) `$recursiveRef`/`$dynamicRef`, which are
 * resolved statically (to the anchor or pointer they name) since schemas here are single documents.
 */
export function refOf(raw: JsonObject, draft: Draft): string | undefined {
  if (typeof raw.$ref === 'string') return raw.$ref;
  if (draft < 2019) return undefined;
  if (typeof raw.$dynamicRef === 'string') return raw.$dynamicRef;
  if (typeof raw.$recursiveRef === 'string') return raw.$recursiveRef;
  return undefined;
}

interface Spec {
  kind: NodeKind;
  criterion?: Criterion;
  /** For a combined spec: the raw subschemas, or the type names of a type array. */
  items?: readonly unknown[];
  types?: readonly Spec[];
  integer?: boolean;
}

/** One schema node (an everit `Schema`). `raw` is the caller's JSON object, shared, never mutated. */
export class SchemaNode {
  /** Resolved target of a `ref` node (set by refs.ts). */
  target: SchemaNode | undefined;
  /** Lazily computed type-specific views (object.ts, array.ts, …). */
  view: unknown;

  constructor(
    readonly kind: NodeKind,
    readonly doc: SchemaDocument,
    /** The JSON object this node reads its keywords from (null for boolean/invalid schemas). */
    readonly raw: JsonObject | null,
    readonly meta: Meta,
    readonly criterion: Criterion | null,
    readonly subs: readonly SchemaNode[],
    /** NumberSchema.requiresInteger */
    readonly integer: boolean,
    /** Virtual nodes are parts of a raw object (a type-array member, a synthetic allOf member). */
    readonly virtualTag: string,
  ) {}

  /** Structural equality (everit `Schema.equals`), for de-duplicating combined subschemas. */
  sameAs(other: SchemaNode): boolean {
    if (this === other) return true;
    if (this.kind !== other.kind || this.virtualTag !== other.virtualTag || this.integer !== other.integer) return false;
    if (this.raw === null || other.raw === null) return this.raw === other.raw;
    return jsonEquals(this.raw, other.raw);
  }

  get isCombined(): boolean {
    return this.kind === 'combined';
  }
}

/** The references and documents of one side of a comparison (original or update). */
export class Side {
  /** name/URI → referenced schema document (Confluent schema references). */
  readonly referenceDocs = new Map<string, SchemaDocument>();
  private readonly references: Map<string, unknown>;

  constructor(
    /** 'previous'/'next' or 'original'/'update': used in error messages. */
    readonly label: string,
    references: Readonly<Record<string, unknown>> | undefined,
  ) {
    this.references = new Map(Object.entries(references ?? {}));
  }

  /** Finds a referenced document by URI or name (as Confluent maps them: `name`, `mem://input/<name>`, `./<name>`). */
  lookupReference(uri: string, written: string): SchemaDocument | undefined {
    const wanted = new Set([uri, written, stripPrefix(uri), stripPrefix(written)]);
    for (const [name, value] of this.references) {
      const base = baseUriOf(name);
      if (!wanted.has(name) && !wanted.has(stripPrefix(name)) && !wanted.has(base)) continue;
      let doc = this.referenceDocs.get(name);
      if (!doc) {
        doc = new SchemaDocument(value, base, this, name);
        this.referenceDocs.set(name, doc);
      }
      return doc;
    }
    return undefined;
  }
}

/**
 * The base URI a referenced document's own `$ref`s resolve against. An absolute name is normalised the way
 * `new URL` writes it (`file://other.json` → `file://other.json/`): refs resolved against it come out in
 * that form, so the document must be indexed under it or its own `#/…` fragments would not be found.
 */
function baseUriOf(name: string): string {
  if (!isAbsoluteUri(name)) return MEM_BASE + stripPrefix(name);
  try {
    return new URL(name).href.split('#')[0]!;
  } catch {
    return name;
  }
}

export const MEM_BASE = 'mem://input/';
export const ROOT_BASE = 'mem://input/__root__.json';

function stripPrefix(s: string): string {
  const noFrag = s.split('#')[0] ?? '';
  if (noFrag.startsWith(MEM_BASE)) return noFrag.slice(MEM_BASE.length);
  if (noFrag.startsWith('./')) return noFrag.slice(2);
  return noFrag;
}

function isAbsoluteUri(s: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(s);
}

/** One JSON document (a schema or a referenced schema), with its node cache and lazy `$id`/anchor index. */
export class SchemaDocument {
  readonly draft: Draft;
  private readonly nodes = new Map<object, SchemaNode>();
  /** `$id`/anchor/`$ref` index, built by refs.ts. */
  index: unknown;
  /** Whether the document holds any `$ref` (set by refs.ts validateRefs; true until known). */
  hasRefs = true;
  private trueNode: SchemaNode | undefined;
  private falseNode: SchemaNode | undefined;
  private invalidNode: SchemaNode | undefined;

  constructor(
    readonly root: unknown,
    readonly baseUri: string,
    readonly side: Side,
    /** The reference name this document was supplied under (undefined for the compared schema itself). */
    readonly referenceName?: string,
  ) {
    this.draft = detectDraft(root);
  }

  get rootNode(): SchemaNode {
    return this.node(this.root);
  }

  /** The node for a schema value (object or boolean). Anything else is read as `{}` (it accepts everything). */
  node(value: unknown): SchemaNode {
    if (value === true) return (this.trueNode ??= new SchemaNode('true', this, null, NO_META, null, [], false, ''));
    if (value === false) return (this.falseNode ??= new SchemaNode('false', this, null, NO_META, null, [], false, ''));
    if (!isJsonObject(value)) return (this.invalidNode ??= new SchemaNode('empty', this, null, NO_META, null, [], false, ''));
    let node = this.nodes.get(value);
    if (!node) {
      node = this.build(value);
      this.nodes.set(value, node);
    }
    return node;
  }

  private build(raw: JsonObject): SchemaNode {
    const d = this.draft;
    const meta = readMeta(raw, d);
    const hasRef = refOf(raw, d) !== undefined;
    if (hasRef && (d < 2019 || !hasValidationSiblings(raw))) return new SchemaNode('ref', this, raw, meta, null, [], false, '');
    const specs = extract(raw, d);
    if (specs.length === 0) return new SchemaNode('empty', this, raw, meta, null, [], false, '');
    if (specs.length === 1) return this.fromSpec(raw, specs[0]!, meta, '');
    const subs = specs.map((s, i) => this.fromSpec(raw, s, NO_META, `${i}:${s.kind}${s.criterion ?? ''}`));
    return new SchemaNode('combined', this, raw, meta, 'allOf', subs, false, '');
  }

  private fromSpec(raw: JsonObject, spec: Spec, meta: Meta, tag: string): SchemaNode {
    if (spec.kind === 'combined') {
      const subs = spec.types
        ? spec.types.map((t) => new SchemaNode(t.kind, this, raw, NO_META, null, [], t.integer ?? false, `type:${t.kind}${t.integer ? ':int' : ''}`))
        : (spec.items ?? []).map((item) => this.node(item));
      return new SchemaNode('combined', this, raw, meta, spec.criterion ?? 'allOf', subs, false, tag);
    }
    return new SchemaNode(spec.kind, this, raw, meta, null, [], spec.integer ?? false, tag);
  }
}

function readMeta(raw: JsonObject, d: Draft): Meta {
  return {
    id: d === 4 ? raw.id : raw.$id,
    title: raw.title,
    description: raw.description,
    default: raw.default,
    hasDefault: Object.prototype.hasOwnProperty.call(raw, 'default'),
  };
}

function hasValidationSiblings(raw: JsonObject): boolean {
  for (const k of Object.keys(raw)) if (!ANNOTATION_KEYS.has(k)) return true;
  return false;
}

function typedSpec(t: string): Spec | undefined {
  switch (t) {
    case 'string':
    case 'boolean':
    case 'null':
    case 'object':
    case 'array':
    case 'number':
      return { kind: t };
    case 'integer':
      return { kind: 'number', integer: true };
    default:
      return undefined;
  }
}

const SNIFF_ORDER: ReadonlyArray<[number, NodeKind]> = [
  [1, 'array'],
  [2, 'object'],
  [4, 'number'],
  [8, 'string'],
  [16, 'conditional'],
];
const KIND_BIT: Partial<Record<NodeKind, number>> = { array: 1, object: 2, number: 4, string: 8, conditional: 16 };

/** keyword → [sniffed kind bit, first draft that knows it] */
const KEYWORD_BITS = new Map<string, [number, Draft]>([
  ...STRING_KEYS.map((k) => [k, [8, 4]] as [string, [number, Draft]]),
  ...NUMBER_KEYS.map((k) => [k, [4, 4]] as [string, [number, Draft]]),
  ...OBJECT_KEYS_2019.map((k) => [k, [2, OBJECT_KEYS_07.includes(k) ? 4 : 2019]] as [string, [number, Draft]]),
  ...ARRAY_KEYS_2019.map((k) => [k, [1, ARRAY_KEYS_04.includes(k) ? 4 : ARRAY_KEYS_06.includes(k) ? 6 : 2019]] as [string, [number, Draft]]),
  ...CONDITIONAL_KEYS.map((k) => [k, [16, 7]] as [string, [number, Draft]]),
]);

function extract(raw: JsonObject, d: Draft): Spec[] {
  const specs: Spec[] = [];
  if (refOf(raw, d) !== undefined) specs.push({ kind: 'ref' }); // 2019-09+ only (build() handles older drafts)
  if (Array.isArray(raw.enum)) specs.push({ kind: 'enum' });
  for (const c of CRITERIA) {
    const items = raw[c];
    if (Array.isArray(items)) specs.push({ kind: 'combined', criterion: c, items });
  }
  if (raw.not !== undefined && (isJsonObject(raw.not) || typeof raw.not === 'boolean')) specs.push({ kind: 'not' });
  if (d >= 6 && raw.const !== undefined) specs.push({ kind: 'const' });
  // A typed loader consumes the keywords of its type; the sniffer only sees the rest (everit).
  let consumed = 0;
  const type = raw.type;
  if (typeof type === 'string') {
    const spec = typedSpec(type);
    if (spec) {
      specs.push(spec);
      consumed |= KIND_BIT[spec.kind] ?? 0;
    }
  } else if (Array.isArray(type)) {
    const types: Spec[] = [];
    for (const t of type) {
      const spec = typeof t === 'string' ? typedSpec(t) : undefined;
      if (!spec) continue;
      types.push(spec);
      consumed |= KIND_BIT[spec.kind] ?? 0;
    }
    specs.push({ kind: 'combined', criterion: 'anyOf', types });
  }
  let present = 0;
  for (const key in raw) {
    const bits = KEYWORD_BITS.get(key);
    if (bits && d >= bits[1]) present |= bits[0];
  }
  present &= ~consumed;
  if (present !== 0) for (const [bit, kind] of SNIFF_ORDER) if (present & bit) specs.push({ kind });
  return specs;
}
