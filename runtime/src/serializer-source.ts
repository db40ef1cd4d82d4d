/**
 * Generate-time compiler: JSON Schema (the STRICT producer-side contract of `data`) → source of an ESM module exporting
 * `serialize(data): string`, a serializer specialised to the schema (about 3× JSON.stringify on typical events).
 * It writes only the properties the schema declares, in declaration order (required first), so it also enforces
 * "producers emit only declared fields". Local `#/…` $refs are followed. Subschemas it does not specialise
 * (combinators, remote $refs, maps, tuples, type unions, enum/const of mixed value types without a type) are written
 * with JSON.stringify, which is always correct for validated data.
 *
 * Schema text is untrusted: every name from the schema reaches the output only as a JSON string literal (JSON.stringify
 * output is a valid JS string literal), and property names inherited from Object.prototype (`__proto__`,
 * `constructor`, …) make their object fall back to JSON.stringify.
 *
 * Exported from `@event-contracts/runtime/codegen` (not from the runtime root): generated code never compiles
 * schemas at run time.
 */

export interface SerializerSourceOptions {
  /** Module specifier the generated module imports the JSON helpers from. @default '@event-contracts/runtime' */
  runtimeSpecifier?: string;
  /** Name of the exported function. @default 'serialize' */
  exportName?: string;
}

type Schema = Record<string, unknown>;

const isSchema = (x: unknown): x is Schema => typeof x === 'object' && x !== null && !Array.isArray(x);
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const ANNOTATIONS = new Set(['description', 'title', '$comment', 'examples', 'deprecated', 'readOnly', 'writeOnly', 'default']);
const UNSPECIALISED = [
  '$ref',
  '$dynamicRef',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'if',
  'then',
  'else',
  'dependentSchemas',
  'patternProperties',
  'prefixItems',
  'unevaluatedProperties',
  'unevaluatedItems',
  'propertyNames',
  'contains',
];

export function serializerModuleSource(schema: unknown, options: SerializerSourceOptions = {}): string {
  const exportName = options.exportName ?? 'serialize';
  if (!IDENTIFIER.test(exportName)) throw new Error(`exportName ${JSON.stringify(exportName)} is not a JavaScript identifier.`);
  const specifier = options.runtimeSpecifier ?? '@event-contracts/runtime';
  const functions: string[] = [];

  /** An expression writing `value` (a JS expression) as JSON. */
  // schema node → its function, so shared and recursive $refs reuse one
  const named = new Map<Schema, string>();
  const namedArrays = new Map<Schema, string>();

  /** A local `$ref` ('#/…' JSON pointer into the root, alone in its schema) → the target schema; else undefined. */
  function resolveLocal(s: Schema): Schema | undefined {
    const ref = s['$ref'];
    if (typeof ref !== 'string' || !ref.startsWith('#') || Object.keys(s).some((k) => k !== '$ref' && !ANNOTATIONS.has(k))) return undefined;
    let node: unknown = schema;
    for (const raw of ref.slice(1).split('/').slice(1)) {
      const token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      if (!isSchema(node) || !Object.prototype.hasOwnProperty.call(node, token)) return undefined;
      node = node[token];
    }
    return isSchema(node) ? node : undefined;
  }

  function expr(s: unknown, value: string, depth = 0): string {
    if (isSchema(s) && '$ref' in s && depth < 32) {
      const target = resolveLocal(s);
      if (target) return expr(target, value, depth + 1);
    }
    if (!isSchema(s) || UNSPECIALISED.some((k) => k in s)) return `$a(${value})`;
    // An untyped enum/const whose values are all strings (or all numbers) is written like its type.
    const values = Array.isArray(s['enum']) ? s['enum'] : 'const' in s ? [s['const']] : undefined;
    if (s['type'] === undefined && values !== undefined && values.length > 0) {
      if (values.every((v) => typeof v === 'string')) return `$s(${value})`;
      if (values.every((v) => typeof v === 'number')) return `$n(${value})`;
    }
    switch (s['type']) {
      case 'string':
        return `$s(${value})`;
      case 'number':
      case 'integer':
        return `$n(${value})`;
      case 'boolean':
        return `(${value} === true ? 'true' : ${value} === false ? 'false' : $a(${value}))`;
      case 'null':
        return `'null'`;
      case 'object':
        return objectFn(s, value);
      case 'array':
        return isSchema(s['items']) ? `${arrayFn(s['items'])}(${value})` : `$a(${value})`;
      default:
        return `$a(${value})`;
    }
  }

  function objectFn(s: Schema, value: string): string {
    const props = s['properties'];
    const extra = s['additionalProperties'];
    if (!isSchema(props) || (extra !== undefined && typeof extra !== 'boolean')) return `$a(${value})`;
    const names = Object.keys(props);
    if (names.some((n) => n in Object.prototype)) return `$a(${value})`;
    const required = new Set(Array.isArray(s['required']) ? s['required'].filter((r): r is string => typeof r === 'string') : []);
    const known = named.get(s);
    if (known) return `${known}(${value})`;
    const name = `o${functions.length}`;
    named.set(s, name);
    functions.push(''); // reserve the slot: nested functions get later numbers
    const slot = functions.length - 1;
    // Required properties first (static separators), then optional ones with a leading comma.
    const req = names.filter((n) => required.has(n));
    const opt = names.filter((n) => !required.has(n));
    const lines: string[] = [`function ${name}(v) {`, `  if (v === null || typeof v !== 'object' || Array.isArray(v)) return $a(v);`];
    if (req.length > 0) {
      const parts = req.map((n, i) => `${JSON.stringify(`${i === 0 ? '{' : ','}${JSON.stringify(n)}:`)} + ${expr(props[n], `v[${JSON.stringify(n)}]`)}`);
      lines.push(`  let r = ${parts.join(' +\n    ')};`);
      for (const n of opt) {
        const access = `v[${JSON.stringify(n)}]`;
        lines.push(`  if (${access} !== undefined) r += ${JSON.stringify(`,${JSON.stringify(n)}:`)} + ${expr(props[n], access)};`);
      }
      lines.push(`  return r + '}';`);
    } else {
      lines.push(`  let r = '';`);
      for (const n of opt) {
        const access = `v[${JSON.stringify(n)}]`;
        lines.push(`  if (${access} !== undefined) r += ${JSON.stringify(`,${JSON.stringify(n)}:`)} + ${expr(props[n], access)};`);
      }
      lines.push(`  return r === '' ? '{}' : '{' + r.slice(1) + '}';`);
    }
    lines.push('}');
    functions[slot] = lines.join('\n');
    return `${name}(${value})`;
  }

  function arrayFn(items: Schema): string {
    const known = namedArrays.get(items);
    if (known) return known;
    const name = `a${functions.length}`;
    namedArrays.set(items, name);
    functions.push('');
    const slot = functions.length - 1;
    functions[slot] = [
      `function ${name}(v) {`,
      `  if (!Array.isArray(v)) return $a(v);`,
      `  let r = '[';`,
      `  for (let i = 0; i < v.length; i++) {`,
      `    if (i > 0) r += ',';`,
      `    r += ${expr(items, 'v[i]')};`,
      `  }`,
      `  return r + ']';`,
      `}`,
    ].join('\n');
    return name;
  }

  const body = expr(schema, 'data');
  return [
    '// Generated by @event-contracts/runtime/codegen serializerModuleSource. Do not edit.',
    `import { jsonString as $s, jsonNumber as $n, jsonAny as $a } from ${JSON.stringify(specifier)};`,
    '',
    ...functions.map((f) => `${f}\n`),
    `export function ${exportName}(data) {`,
    `  return ${body};`,
    '}',
    '',
  ].join('\n');
}
