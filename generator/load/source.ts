import type { JsonValue } from '../core/json.js';
import { quote } from '../core/quote.js';
import type { SourceFile, SourceLocation } from './catalog.js';
import { parseJson, type JsonNode } from './json-parser.js';
import { escapePointerToken, parsePointer } from '../core/json-pointer.js';

/** Limits that keep hostile files from costing memory, stack or time. */
export interface ParseLimits {
  /** @default 1048576 (1 MiB) */
  maxFileBytes: number;
  /** @default 64 */
  maxDepth: number;
}

export const DEFAULT_LIMITS: ParseLimits = { maxFileBytes: 1024 * 1024, maxDepth: 64 };

/** A problem found while parsing; the loader turns it into a Diagnostic (the file locates it). */
export interface ParseProblem {
  ruleId: 'JSON_ENCODING' | 'JSON_BOM' | 'JSON_SYNTAX' | 'JSON_TRAILING_COMMA' | 'JSON_DUPLICATE_KEY' | 'JSON_TOO_DEEP' | 'JSON_NUMBER_PRECISION';
  message: string;
  /** Offset in the text; the pointer is used when known (it reads better than an offset). */
  offset: number;
  pointer?: string;
}

export interface ParsedSource {
  file: SourceFile;
  problems: ParseProblem[];
}

/**
 * Parse JSON text strictly, recording a source map. Never throws: every problem becomes a
 * ParseProblem. `json` is undefined when the text is not strict JSON (syntax error, trailing
 * comma, too deep); duplicate keys, a BOM and imprecise numbers are reported but still parsed.
 */
export function parseSource(path: string, bytes: Uint8Array, limits: ParseLimits = DEFAULT_LIMITS): ParsedSource {
  const problems: ParseProblem[] = [];
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    problems.push({ ruleId: 'JSON_ENCODING', offset: 0, message: `${quote(path)} is not valid UTF-8. Save it as UTF-8.` });
    return { file: makeSourceFile(path, '', undefined, undefined), problems };
  }
  let bomLength = 0;
  if (text.charCodeAt(0) === 0xfeff) {
    problems.push({ ruleId: 'JSON_BOM', offset: 0, message: `${quote(path)} starts with a byte-order mark, which is not JSON. Save it as UTF-8 without BOM.` });
    bomLength = 1;
  }
  const body = bomLength ? ' ' + text.slice(1) : text; // keep offsets (and columns) stable

  // Fast path: when a cheap scan finds nothing the strict parser would report, JSON.parse gives the
  // same value, and the source map is built only when a diagnostic asks for a location.
  const fast = parseFast(body, limits.maxDepth);
  if (fast.ok) return { file: makeSourceFile(path, text, () => parseJson(body, limits.maxDepth).root, fast.json), problems };

  const parsed = parseJson(body, limits.maxDepth);
  if (parsed.problem) {
    const { kind, offset, detail } = parsed.problem;
    if (kind === 'too-deep') {
      problems.push({
        ruleId: 'JSON_TOO_DEEP',
        offset,
        message: `${quote(path)} nests deeper than ${limits.maxDepth} levels, so it was not read. Flatten the schema with \`$defs\` and \`$ref\`.`,
      });
    } else if (kind === 'trailing-comma') {
      problems.push({ ruleId: 'JSON_TRAILING_COMMA', offset, message: `${quote(path)} has a trailing comma, which is not JSON. Remove the comma.` });
    } else {
      problems.push({ ruleId: 'JSON_SYNTAX', offset, message: `${quote(path)} is not valid JSON: ${detail}. Fix the syntax at this position.` });
    }
    return { file: makeSourceFile(path, text, undefined, undefined), problems };
  }
  const json = toValue(parsed.root, '', body, path, problems);
  const root = parsed.root;
  return { file: makeSourceFile(path, text, () => root, json), problems };
}

/**
 * `JSON.parse`, accepted only when it is known to give exactly what the strict parser gives with
 * no problem: one pass over the text (outside strings) checks the nesting limit and that every
 * number literal is exact, and counts object members (one `:` each); the parsed value must then
 * hold as many keys, or some key was repeated. Anything else (a syntax error included) goes to
 * the strict parser, which reports it.
 */
function parseFast(text: string, maxDepth: number): { ok: true; json: JsonValue } | { ok: false } {
  let depth = 0;
  let members = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // string: skip to the closing quote (escaped characters skipped two at a time)
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return { ok: false };
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    } else if (c === 0x3a) {
      members++;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let j = i;
      let digits = 0;
      let plain = true;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (d >= 0x30 && d <= 0x39) digits++;
        else if (d === 0x65 || d === 0x45) plain = false;
        else if (d !== 0x2d && d !== 0x2b && d !== 0x2e) break;
      }
      if (!plain || digits > 15) {
        const literal = text.slice(i, j);
        if (!isExact(literal, Number(literal))) return { ok: false };
      }
      i = j - 1;
    }
  }
  let json: JsonValue;
  try {
    json = JSON.parse(text) as JsonValue;
  } catch {
    return { ok: false };
  }
  return countKeys(json) === members ? { ok: true, json } : { ok: false };
}

function countKeys(value: JsonValue): number {
  if (Array.isArray(value)) {
    let sum = 0;
    for (const item of value) sum += countKeys(item);
    return sum;
  }
  if (value === null || typeof value !== 'object') return 0;
  let sum = 0;
  for (const key in value) sum += 1 + countKeys(value[key] as JsonValue);
  return sum;
}

/**
 * Convert the tree into plain values. Objects get own data properties even for keys like
 * `__proto__` (never assignment, which would change the prototype). Duplicate keys: the
 * last one wins, as with JSON.parse, and each repeat is reported.
 */
function toValue(node: JsonNode, pointer: string, text: string, path: string, problems: ParseProblem[]): JsonValue {
  switch (node.type) {
    case 'object': {
      const out: Record<string, JsonValue> = {};
      const seen = new Set<string>();
      for (const { key, keyOffset, value } of node.members ?? []) {
        const childPointer = `${pointer}/${escapePointerToken(key)}`;
        if (seen.has(key)) {
          problems.push({
            ruleId: 'JSON_DUPLICATE_KEY',
            offset: keyOffset,
            pointer: childPointer,
            message: `Key ${quote(key)} appears more than once in the same object of ${quote(path)}; parsers disagree on which value wins. Keep one.`,
          });
        }
        seen.add(key);
        Object.defineProperty(out, key, {
          value: toValue(value, childPointer, text, path, problems),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    case 'array':
      return (node.items ?? []).map((child, i) => toValue(child, `${pointer}/${i}`, text, path, problems));
    case 'number': {
      const literal = text.slice(node.offset, node.offset + node.length);
      const value = Number(literal);
      if (!isExact(literal, value)) {
        const isBound = /\/(minimum|maximum|exclusiveMinimum|exclusiveMaximum)$/.test(pointer);
        problems.push({
          ruleId: 'JSON_NUMBER_PRECISION',
          offset: node.offset,
          pointer,
          message: `Number ${literal.length > 40 ? literal.slice(0, 40) + '…' : literal} in ${quote(path)} cannot be represented exactly (it reads as ${value}); parsers will disagree on its value. ${
            isBound
              ? `As a bound, use ${value < 0 ? '-' : ''}${Number.MAX_SAFE_INTEGER} (the largest integer every parser reads exactly) or leave the bound out.`
              : `Use a number within ±${Number.MAX_SAFE_INTEGER} or at most 15 significant digits (send larger values as strings).`
          }`,
        });
      }
      return value;
    }
    case 'string':
      return String(node.value);
    case 'boolean':
      return Boolean(node.value);
    case 'null':
    default:
      return null;
  }
}

/**
 * Integers are exact when they are safe integers; other literals when they are finite, do not
 * underflow to zero, and have at most 15 significant digits (what a double holds round-trip).
 */
function isExact(literal: string, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  if (!/[.eE]/.test(literal)) return Number.isSafeInteger(value);
  const mantissa = literal
    .replace(/^-/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '');
  const digits = mantissa.replace(/^0+/, '').replace(/0+$/, '');
  if (digits.length > 15) return false;
  return value !== 0 || digits.length === 0;
}

function makeSourceFile(path: string, text: string, tree: (() => JsonNode | undefined) | undefined, json: JsonValue | undefined): SourceFile {
  let lineStarts: number[] | undefined;
  let root: JsonNode | undefined;
  const position = (offset: number): SourceLocation => {
    if (!lineStarts) {
      lineStarts = [0];
      for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
    }
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (lineStarts[lo] ?? 0) + 1 };
  };
  return {
    path,
    text,
    json,
    locate(pointer: string): SourceLocation {
      if (!tree) return { line: 1, column: 1 };
      root ??= tree();
      if (!root) return { line: 1, column: 1 };
      return position(offsetOf(root, pointer));
    },
    position,
  };
}

/** Offset of the value at `pointer` (the key for object members), or of its nearest existing ancestor. */
function offsetOf(root: JsonNode, pointer: string): number {
  const tokens = parsePointer(pointer) ?? [];
  let node = root;
  let offset = root.offset;
  for (const token of tokens) {
    let next: JsonNode | undefined;
    let nextOffset = 0;
    if (node.type === 'object') {
      for (const m of node.members ?? []) {
        if (m.key === token) {
          next = m.value;
          nextOffset = m.keyOffset; // last one wins, like the value
        }
      }
    } else if (node.type === 'array' && /^(0|[1-9][0-9]*)$/.test(token)) {
      next = node.items?.[Number(token)];
      nextOffset = next?.offset ?? 0;
    }
    if (!next) break;
    node = next;
    offset = nextOffset;
  }
  return offset;
}
