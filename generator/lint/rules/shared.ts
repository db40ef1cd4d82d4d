/** Helpers the lint rule families share (one home each). */
import type { JsonObject } from '../../core/json.js';
import { isJsonObject } from '../../core/json.js';
import { followLocalRefs } from '../../core/json-pointer.js';
import { walkSchema } from '../../core/walk-schema.js';
import { quote } from '../../core/quote.js';
import type { LintContext, LintedFile } from '../context.js';

/** Quote user-supplied text for a message (see core/quote.ts). */
export const q = quote;

export const typesOf = (schema: JsonObject): string[] =>
  typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? schema.type.filter((t): t is string => typeof t === 'string') : [];

/** Every subschema of every linted file. */
export function eachSubschema(
  ctx: LintContext,
  visit: (f: LintedFile, schema: JsonObject, pointer: string, keyword: string, parent?: JsonObject) => void,
): void {
  for (const f of ctx.schemaFiles) walkSchema(f.schema, (v) => visit(f, v.schema, v.pointer, v.keyword, v.parent));
}

/** The `allOf` members of an object schema, refs followed, nested `allOf`s flattened (bounded). */
export function allOfParts(bundle: JsonObject, schema: JsonObject, depth = 0): JsonObject[] {
  if (depth > 8 || !Array.isArray(schema.allOf)) return [];
  return schema.allOf.flatMap((member) => {
    const part = followLocalRefs(bundle, member);
    return isJsonObject(part) ? [part, ...allOfParts(bundle, part, depth + 1)] : [];
  });
}
