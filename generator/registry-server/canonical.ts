import { createHash } from 'node:crypto';
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { SchemaMetadata, SchemaReference } from './records.js';
import { byEntryKey } from '../core/order.js';

/** Raised when schema text is not strict JSON; the message names the offset and the problem. */
export class SchemaSyntaxError extends Error {
  override name = 'SchemaSyntaxError';
}

/**
 * Confluent's canonical form of a JSON Schema: compact JSON that keeps the author's key order
 * and number spelling (`JsonSchema.canonicalString`). With `normalize`, object keys are sorted
 * (`JsonSchema.normalize()`), which makes key order irrelevant to identity.
 */
export function canonicalSchemaText(text: string, options: { normalize?: boolean } = {}): string {
  const depth = nestingDepth(text);
  if (depth > MAX_NESTING) {
    throw new SchemaSyntaxError(`schema text nests ${depth} levels deep; the limit is ${MAX_NESTING}`);
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first || !root) {
    const where = first ? ` at offset ${first.offset}: ${printParseErrorCode(first.error)}` : '';
    throw new SchemaSyntaxError(`schema text is not valid JSON${where}`);
  }
  return print(root, text, options.normalize === true);
}

/** Deeper schemas are refused before anything recursive touches them (Jackson's own limit is 500-1000). */
export const MAX_NESTING = 200;

/** Bracket depth of JSON text, counted without recursion (strings skipped). */
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth -= 1;
  }
  return max;
}

function print(node: Node, text: string, sortKeys: boolean): string {
  switch (node.type) {
    case 'object': {
      const members = (node.children ?? []).map((prop) => {
        const [keyNode, valueNode] = prop.children as [Node, Node];
        return [String(keyNode.value), valueNode] as const;
      });
      // Last duplicate wins, as in Jackson and JSON.parse.
      const unique = new Map<string, Node>();
      for (const [key, value] of members) {
        unique.delete(key);
        unique.set(key, value);
      }
      const keys = [...unique.keys()];
      if (sortKeys) keys.sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${print(unique.get(k) as Node, text, sortKeys)}`).join(',')}}`;
    }
    case 'array':
      return `[${(node.children ?? []).map((c) => print(c, text, sortKeys)).join(',')}]`;
    case 'number':
      return text.slice(node.offset, node.offset + node.length);
    default:
      return JSON.stringify(node.value);
  }
}

/** References in canonical order when normalising: sorted by name, then subject, then version, de-duplicated. */
export function normalizeReferences(references: readonly SchemaReference[]): SchemaReference[] {
  const seen = new Map<string, SchemaReference>();
  for (const r of references) seen.set(`${r.name}\u0000${r.subject}\u0000${r.version}`, r);
  return [...seen.entries()].sort(byEntryKey).map(([, r]) => r);
}

/** The content address of a schema: its canonical text plus its references and metadata. Same address, same id. */
export function contentKey(schema: string, references: readonly SchemaReference[], metadata?: SchemaMetadata): string {
  const hash = createHash('sha256');
  hash.update(schema);
  for (const r of references) hash.update(`\u0000${r.name}\u0000${r.subject}\u0000${r.version}`);
  // Only when present, so addresses of schemas without metadata (and logs written before it was kept) are unchanged.
  if (metadata) for (const k of Object.keys(metadata.properties).sort()) hash.update(`\u0001${k}\u0000${metadata.properties[k]}`);
  return hash.digest('base64url');
}
