/**
 * Data types from the contracts (json-schema-to-typescript 16.0.0, pinned). One compile per
 * package over a synthetic root whose `definitions` hold every event's `data` schema and every
 * shared schema they reach, so a shared definition is one named type that events refer to.
 * Remote and file `$ref` resolution is off; a resolver serving only what the catalog already
 * holds refuses anything else. Schemas arrive with `ts*` keywords stripped (schema-graph.ts),
 * and nested `title`s are turned into descriptions so type names come only from the contract
 * (event type and shared file name), never from free text.
 */
import { compile, type Options } from 'json-schema-to-typescript';
import { ContractsError } from '../core/errors.js';
import type { JsonObject } from '../core/json.js';
import { defineOwn, mapSchema } from './schema-graph.js';

import { ROOT_TYPE_NAME } from './names.js';

export { ROOT_TYPE_NAME };

export interface TypesInput {
  /** Definition name → schema (refs point to `#/definitions/<Name>`). */
  definitions: ReadonlyMap<string, JsonObject>;
}

const refuseExternal = {
  order: 1,
  canRead: true,
  read(file: { url: string }): never {
    throw new ContractsError(
      `Code generation met a \`$ref\` to ${JSON.stringify(file.url)} that the catalog does not hold; nothing is fetched.`,
      'Run `contracts lint` to see unresolved references.',
    );
  },
};

/** Compiles the TypeScript declarations of one package's data types (no banner). */
export async function compileDataTypes(input: TypesInput): Promise<string> {
  const definitions: JsonObject = {};
  for (const [name, schema] of input.definitions) defineOwn(definitions, name, { ...prepareForTypes(schema), title: name });
  const root: JsonObject = { title: ROOT_TYPE_NAME, type: 'object', properties: {}, additionalProperties: false, definitions };
  const options: Partial<Options> = {
    bannerComment: '',
    // prettier costs ~10 ms per event type; the output is indented by `indent` below instead.
    format: false,
    unreachableDefinitions: true,
    declareExternallyReferenced: true,
    additionalProperties: false,
    strictIndexSignatures: true,
    enableConstEnums: false,
    ignoreMinAndMaxItems: true,
    unknownAny: true,
    inferStringEnumKeysFromValues: false,
    cwd: '/nonexistent',
    $refOptions: { resolve: { http: false, file: false, catalog: refuseExternal } as never, continueOnError: false },
  };
  const raw = await compile(root as never, ROOT_TYPE_NAME, options);
  const text = indent(stripReferencedByNotes(raw.replace(new RegExp(`^export interface ${ROOT_TYPE_NAME} \\{\\s*\\}\\n`, 'm'), '')))
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  for (const name of input.definitions.keys()) {
    if (!new RegExp(`^export (interface|type) ${name}\\b`, 'm').test(text)) {
      throw new Error(`internal: json-schema-to-typescript did not emit a type named ${name}`);
    }
  }
  return `${text}\n`;
}

/**
 * Indents json-schema-to-typescript's unformatted output by brace depth (two spaces) and ends
 * members with `;`, which is what prettier changed for these declarations at a fraction of the
 * cost. Braces inside string literals and comments are not counted.
 */
export function indent(text: string): string {
  let depth = 0;
  let inComment = false;
  const lines = text.split('\n').map((l) => l.trim());
  const out: string[] = [];
  lines.forEach((line, i) => {
    if (line === '') {
      out.push('');
      return;
    }
    if (inComment || line.startsWith('/*')) {
      const body = line.startsWith('*') ? ` ${line}` : line;
      out.push(`${'  '.repeat(depth)}${body}`);
      inComment = !line.endsWith('*/');
      return;
    }
    const code = line.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
    const opens = (code.match(/[{(]/g) ?? []).length;
    const closes = (code.match(/[})]/g) ?? []).length;
    const leading = /^[})]+/.exec(code)?.[0].length ?? 0;
    // A member or alias ends here unless the next line continues it (`| …`, `& …`).
    const next = lines.slice(i + 1).find((l) => l !== '') ?? '';
    const after = depth + opens - closes;
    // `}` ends a member when it closes a nested type literal (still inside a declaration).
    const ends = (/[\w$"'\])]$/.test(code) || (code.endsWith('}') && after > 0)) && !/^[|&)\]]/.test(next);
    out.push(`${'  '.repeat(Math.max(0, depth - leading))}${line}${ends ? ';' : ''}`);
    depth = Math.max(0, after);
  });
  return out.join('\n');
}

/**
 * json-schema-to-typescript documents where a definition came from ("This interface was
 * referenced by `X`'s JSON-Schema via the `definition` "y"."): noise in a published package,
 * and it names the synthetic root. Those two lines are removed, then comments left empty.
 */
function stripReferencedByNotes(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (
      /^\s*\* (Items: )?This (interface|type) was referenced by `[^`]*`'s JSON-Schema$/.test(line) &&
      /^\s*\* via the `definition` /.test(lines[i + 1] ?? '')
    ) {
      i++;
      // drop a blank comment line left just before the note
      if (/^\s*\*\s*$/.test(out[out.length - 1] ?? '')) out.pop();
      continue;
    }
    out.push(line);
  }
  // empty doc comments `/**\n */` left behind
  return out.join('\n').replace(/^\s*\/\*\*\n\s*\*\/\n/gm, '');
}

/** Keywords a JSON pointer may pass through to reach a subschema. */
const CONTAINERS = ['definitions', '$defs', 'properties', 'patternProperties', 'items', 'prefixItems', 'allOf', 'anyOf', 'oneOf'];

/**
 * The resolver json-schema-to-typescript uses follows a `$ref` it meets on the way down a pointer,
 * so `#/definitions/Data/definitions/Thing` never arrives when `Data` itself is `{"$ref": …,
 * "definitions": …}` (a root `$ref`, the usual shape of schemas generated from code). Moving the
 * `$ref` into `allOf` keeps the type (a single-member intersection is the referenced type) and
 * makes every pointer through the node plain.
 */
function liftRef(node: JsonObject): void {
  if (typeof node.$ref !== 'string' || !CONTAINERS.some((k) => k in node)) return;
  const ref: JsonObject = { $ref: node.$ref };
  delete node.$ref;
  node.allOf = [ref, ...(Array.isArray(node.allOf) ? node.allOf : [])];
}

/** Nested titles become descriptions (type names come from the contract, not from free text); `$comment`s are dropped. */
function prepareForTypes(schema: JsonObject): JsonObject {
  return mapSchema(schema, (node) => {
    delete node.$comment;
    liftRef(node);
    // json-schema-to-typescript reads tuples in their draft-07 spelling only.
    if (Array.isArray(node.prefixItems)) {
      const rest = node.items;
      node.items = node.prefixItems;
      delete node.prefixItems;
      if (rest === undefined) delete node.additionalItems;
      else node.additionalItems = rest;
    }
    // Producers send only declared fields, so the published types are closed even where the schema is open.
    if (node.additionalProperties === true) delete node.additionalProperties;
    if (typeof node.title === 'string') {
      if (typeof node.description !== 'string') node.description = node.title;
      delete node.title;
    }
    return node;
  }) as JsonObject;
}
