/**
 * Context-specific escapers for values that come from schemas (untrusted text) and land in
 * generated code. Templates never print a schema value raw: the view model passes each value
 * through the escaper for the context it lands in. Every escaper is total (never throws) and
 * deterministic.
 */

/** ECMAScript reserved words, strict-mode reserved words and TS contextual names we never emit as bindings. */
const RESERVED = new Set([
  'arguments',
  'await',
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'eval',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'implements',
  'import',
  'in',
  'instanceof',
  'interface',
  'let',
  'new',
  'null',
  'package',
  'private',
  'protected',
  'public',
  'return',
  'static',
  'super',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  'yield',
  // TypeScript type names that cannot be declared as types.
  'any',
  'boolean',
  'never',
  'number',
  'object',
  'string',
  'symbol',
  'undefined',
  'unknown',
  'bigint',
  // Names that are legal but dangerous as property/binding names in generated JS.
  '__proto__',
  'constructor',
  'prototype',
]);

/** ASCII identifier; we never emit non-ASCII identifiers (homoglyphs, normalisation differences). */
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A string literal (JS or TS, single place of truth): JSON.stringify plus U+2028/U+2029, which
 * JSON allows raw but older parsers and some tooling treat as line terminators. The result is
 * also safe inside template positions that expect a quoted literal.
 */
export function stringLiteral(value: string): string {
  return JSON.stringify(value)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Text inside a block comment (`/* … *\/`, including JSDoc): neutralises the terminator `*\/`
 * (and a stray `/*` opener, which some tools warn about), turns every line break into a new
 * comment line prefixed with ` * `, and drops other control characters.
 */
export function blockComment(value: string): string {
  return normaliseNewlines(value)
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/\*\//g, '*\\/')
    .replace(/\/\*/g, '/\\*')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n * ');
}

/** Text inside a `//` line comment: any line break becomes a space, control characters are dropped. */
export function lineComment(value: string): string {
  return normaliseNewlines(value)
    .replace(/\n/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();
}

/**
 * Text inside Markdown (README): no raw HTML, no line breaks that would end a table cell or
 * start a new block. Backticks are kept out of code spans by `markdownCode`.
 */
export function markdownText(value: string): string {
  return lineComment(value).replace(/[\\`*_{}[\]<>|#]/g, (c) => `\\${c}`);
}

/** A Markdown inline code span that cannot be broken out of (backticks and newlines removed). */
export function markdownCode(value: string): string {
  return '`' + lineComment(value).replace(/`/g, "'").replace(/\|/g, '\\|') + '`';
}

/** Whether `name` can be used as-is as a binding (variable, function, type) name. */
export function isSafeIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && !RESERVED.has(name);
}

/**
 * An identifier for a binding: the name itself when safe, otherwise a deterministic rename.
 * Unsafe characters become `_`, a leading digit gets a `_` prefix, and reserved words get a `_`
 * suffix. Renames carry a short hash of the original when characters were replaced, so two
 * different inputs never map to the same identifier.
 */
export function identifier(name: string): string {
  if (isSafeIdentifier(name)) return name;
  let out = name.replace(/[^A-Za-z0-9_$]/g, '_');
  if (out === '' || /^[0-9]/.test(out)) out = `_${out}`;
  if (out !== name) out = `${out}_${shortHash(name)}`;
  if (RESERVED.has(out)) out = `${out}_`;
  return out;
}

/**
 * A property key in an object literal or type literal: bare when it is an identifier-shaped
 * name (reserved words are fine as property names, except `__proto__`, which would set the
 * prototype in an object literal), otherwise a string literal.
 */
export function propertyKey(name: string): string {
  if (IDENTIFIER.test(name) && name !== '__proto__') return name;
  return name === '__proto__' ? `[${stringLiteral(name)}]` : stringLiteral(name);
}

function normaliseNewlines(value: string): string {
  return value.replace(/\r\n?|\u2028|\u2029/g, '\n');
}

/** 32-bit FNV-1a, base36: stable across runs and platforms, used only to disambiguate renames. */
export function shortHash(value: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}
