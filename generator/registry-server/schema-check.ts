import { createRequire } from 'node:module';
import type { Ajv, AnySchemaObject } from 'ajv';
import type { Ajv2019 } from 'ajv/dist/2019.js';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { Draft } from '../core/config.js';
import { DRAFT_URI, DRAFTS, draftFromSchemaUri } from '../core/drafts.js';
import { escapePointerToken } from '../core/json-pointer.js';

// ajv is loaded on first use, per dialect: it is most of this server's start-up time otherwise.
const require = createRequire(import.meta.url);
const ajvClass = () => (require('ajv') as { Ajv: typeof Ajv }).Ajv;
const ajv2019Class = () => (require('ajv/dist/2019.js') as { Ajv2019: typeof Ajv2019 }).Ajv2019;
const ajv2020Class = () => (require('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020 }).Ajv2020;
const ajvDraft04Class = () => (require('ajv-draft-04') as { default: typeof Ajv }).default;

type Validator = Pick<Ajv, 'validateSchema' | 'errorsText' | 'errors'>;

const VALIDATORS: Record<Draft, () => Validator> = {
  'draft-04': () => new (ajvDraft04Class())({ strict: false, validateFormats: false }),
  'draft-06': () => {
    const ajv = new (ajvClass())({ strict: false, validateFormats: false });
    ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as AnySchemaObject);
    return ajv;
  },
  'draft-07': () => new (ajvClass())({ strict: false, validateFormats: false }),
  '2019-09': () => new (ajv2019Class())({ strict: false, validateFormats: false }),
  '2020-12': () => new (ajv2020Class())({ strict: false, validateFormats: false }),
};
const instances = new Map<Draft, Validator>();

function validatorFor(draft: Draft): Validator {
  let ajv = instances.get(draft);
  if (!ajv) {
    ajv = VALIDATORS[draft]();
    instances.set(draft, ajv);
  }
  return ajv;
}

/**
 * Checks that a parsed schema is a JSON Schema: an object or boolean that validates against the
 * meta-schema of its `$schema` dialect (draft-07 when absent), for every supported draft
 * (draft-04, -06, -07, 2019-09, 2020-12). An unknown `$schema` is a problem too: nothing could
 * check the schema, and later versions would be judged against whatever was stored (the loader
 * refuses it in contracts for the same reason). Returns a problem or undefined.
 * Nothing is compiled and no `$ref` is followed: schema text is untrusted input.
 */
export function jsonSchemaProblem(schema: unknown): string | undefined {
  if (typeof schema === 'boolean') return undefined;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return `a JSON Schema must be an object or a boolean, got ${Array.isArray(schema) ? 'an array' : schema === null ? 'null' : typeof schema}`;
  }
  const dialect = (schema as { $schema?: unknown }).$schema;
  if (dialect !== undefined && typeof dialect !== 'string') return '"$schema" must be a string';
  // http/https and a trailing `#` are accepted for every draft (core/drafts, as the loader does).
  const draft = dialect === undefined ? 'draft-07' : draftFromSchemaUri(dialect);
  if (!draft) {
    const shown = JSON.stringify((dialect as string).length > 120 ? `${(dialect as string).slice(0, 120)}…` : dialect);
    return `"$schema" ${shown} names no supported JSON Schema draft, so the schema cannot be checked. Use one of ${DRAFTS.map((d) => DRAFT_URI[d]).join(', ')}, or leave "$schema" out for draft-07`;
  }
  const ajv = validatorFor(draft);
  // Validated under the draft's canonical URI: ajv knows each meta-schema by one spelling only.
  const spelled = dialect === undefined ? schema : { ...(schema as object), $schema: DRAFT_URI[draft] };
  if (ajv.validateSchema(spelled as AnySchemaObject) === true) return undefined;
  return `it does not conform to the ${dialect ?? 'draft-07'} meta-schema: ${ajv.errorsText(ajv.errors, { dataVar: 'schema' })}`;
}

/**
 * The first `$ref` that can be resolved neither inside the (references-inlined) schema nor by a
 * reference: a remote URL or a pointer to nothing. Such a schema would need a fetch, which this
 * registry never does. Returns a problem or undefined. Conservative: when nested `$id`s change
 * the base URI, local pointers are not checked.
 */
export function unresolvableRef(schema: unknown): string | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  const rootId = typeof (schema as { $id?: unknown }).$id === 'string' ? (schema as { $id: string }).$id : undefined;
  const ids = new Set<string>();
  const anchors = new Set<string>();
  const refs: { ref: string; at: string }[] = [];
  let nestedIds = false;
  const walk = (node: unknown, at: string, depth: number): void => {
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      node.forEach((child, i) => walk(child, `${at}/${i}`, depth + 1));
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') refs.push({ ref: value, at });
      else if (key === '$id' && typeof value === 'string') {
        if (depth > 0) nestedIds = true;
        ids.add(absolute(value, rootId));
        if (value.startsWith('#')) anchors.add(value.slice(1));
      } else if ((key === '$anchor' || key === '$dynamicAnchor') && typeof value === 'string') anchors.add(value);
      else if (key !== 'const' && key !== 'enum' && key !== 'default' && key !== 'examples') walk(value, `${at}/${escapePointerToken(key)}`, depth + 1);
    }
  };
  walk(schema, '', 0);
  for (const { ref, at } of refs) {
    const hash = ref.indexOf('#');
    const base = hash < 0 ? ref : ref.slice(0, hash);
    const fragment = hash < 0 ? '' : ref.slice(hash + 1);
    if (base !== '' && !ids.has(absolute(base, rootId))) {
      return `$ref "${ref}" at #${at} names neither a definition in this schema nor one of its references, and remote schemas are never fetched. Register the referenced schema and list it in "references" (name "${base}")`;
    }
    if (base === '' && fragment !== '' && !nestedIds) {
      if (fragment.startsWith('/') ? pointerMissing(schema, fragment) : !anchors.has(fragment)) {
        return `$ref "${ref}" at #${at} points at nothing in this schema`;
      }
    }
  }
  return undefined;
}

function absolute(uri: string, base: string | undefined): string {
  try {
    return new URL(uri, base).href.replace(/#$/, '');
  } catch {
    return uri.replace(/#$/, '');
  }
}

function pointerMissing(root: unknown, pointer: string): boolean {
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    let token: string;
    try {
      token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      return true;
    }
    if (typeof node !== 'object' || node === null || !Object.prototype.hasOwnProperty.call(node, token)) return true;
    node = (node as Record<string, unknown>)[token];
  }
  return false;
}
