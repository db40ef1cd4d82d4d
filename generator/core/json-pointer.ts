import type { JsonValue } from './json.js';
import { isJsonObject } from './json.js';

/** Escape one reference token (RFC 6901: `~` → `~0`, `/` → `~1`). */
export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Unescape one reference token (RFC 6901: `~1` → `/`, then `~0` → `~`). */
export function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Build a JSON pointer from tokens: `['properties', 'a/b']` → `/properties/a~1b`. */
export function toPointer(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => `/${escapePointerToken(t)}`).join('');
}

/** Append tokens to a pointer. */
export function childPointer(pointer: string, ...tokens: (string | number)[]): string {
  return pointer + toPointer(tokens);
}

/**
 * Split a JSON pointer into unescaped tokens; undefined when it is not a pointer
 * (non-empty and not starting with `/`, or a `~` not followed by 0 or 1).
 */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  const tokens: string[] = [];
  for (const raw of pointer.slice(1).split('/')) {
    if (/~[^01]|~$/.test(raw)) return undefined;
    tokens.push(unescapePointerToken(raw));
  }
  return tokens;
}

/** Decode a URI fragment (`#/a/b%20c`) into a JSON pointer; undefined when it is not a pointer fragment. */
export function fragmentToPointer(fragment: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(fragment);
  } catch {
    return undefined;
  }
  return parsePointer(decoded) ? decoded : undefined;
}

/** Encode a JSON pointer as a URI fragment (without the `#`). */
export function pointerToFragment(pointer: string): string {
  return pointer
    .split('/')
    .map((t) => encodeURIComponent(t).replace(/%24/g, '$').replace(/%7E/gi, '~'))
    .join('/');
}

/** Value at `pointer` inside `value` (own properties only), or undefined. */
export function getAtPointer(value: JsonValue | undefined, pointer: string): JsonValue | undefined {
  const tokens = parsePointer(pointer);
  if (!tokens) return undefined;
  let current: JsonValue | undefined = value;
  for (const token of tokens) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
      current = current[Number(token)];
    } else if (isJsonObject(current)) {
      current = Object.prototype.hasOwnProperty.call(current, token) ? current[token] : undefined;
    } else {
      return undefined;
    }
    if (current === undefined) return undefined;
  }
  return current;
}

/** The value a local `$ref` (`#/a/b%20c`) names inside `root`; undefined when it is not local, malformed or missing. */
export function localRefTarget(root: JsonValue, ref: string): JsonValue | undefined {
  if (!ref.startsWith('#')) return undefined;
  const pointer = fragmentToPointer(ref.slice(1));
  return pointer === undefined ? undefined : getAtPointer(root, pointer);
}

/** Follows local `$ref`s from `node` to the schema they name inside `root`; 32 hops at most, so a cycle ends. */
export function followLocalRefs(root: JsonValue, node: JsonValue | undefined): JsonValue | undefined {
  let current = node;
  for (let hops = 0; hops < 32 && isJsonObject(current) && typeof current.$ref === 'string' && current.$ref.startsWith('#'); hops++) {
    current = localRefTarget(root, current.$ref);
  }
  return current;
}
