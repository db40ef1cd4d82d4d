/**
 * A strict RFC 8259 JSON parser that keeps offsets (the loader's source map). Written for the
 * loader instead of a general-purpose library: it stops at the first problem (later ones are
 * noise after a syntax error), checks the nesting limit while descending (recursion never goes
 * deeper than the limit, so hostile nesting cannot overflow the stack), and reports trailing
 * commas as such. Loads in a fraction of the time of a UMD bundle, which matters for CLI start.
 */

export interface JsonNode {
  type: 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';
  offset: number;
  length: number;
  /** Decoded string, boolean, or null; numbers keep their text (see `offset`/`length`). */
  value?: string | boolean | null;
  /** Object members in document order (duplicates included). */
  members?: { key: string; keyOffset: number; value: JsonNode }[];
  items?: JsonNode[];
}

export type JsonProblemKind = 'syntax' | 'trailing-comma' | 'too-deep';

export interface JsonParseProblem {
  kind: JsonProblemKind;
  offset: number;
  /** For `syntax`: what is wrong, as a phrase ("expected `:`"). */
  detail: string;
}

export type JsonParseResult = { root: JsonNode; problem?: undefined } | { root?: undefined; problem: JsonParseProblem };

class Stop extends Error {
  constructor(readonly problem: JsonParseProblem) {
    super(problem.detail);
  }
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export function parseJson(text: string, maxDepth: number): JsonParseResult {
  let pos = 0;
  const fail = (detail: string, at = pos, kind: JsonProblemKind = 'syntax'): never => {
    throw new Stop({ kind, offset: at, detail });
  };
  const skipWs = () => {
    while (pos < text.length && WS.has(text.charCodeAt(pos))) pos++;
    if (text.charCodeAt(pos) === 0x2f && (text[pos + 1] === '/' || text[pos + 1] === '*')) fail('comments are not JSON');
  };

  const parseString = (): string => {
    const start = pos;
    pos++; // opening quote
    let out = '';
    let chunk = pos;
    for (;;) {
      if (pos >= text.length) fail('unterminated string', start);
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        out += text.slice(chunk, pos);
        pos++;
        return out;
      }
      if (c < 0x20) fail('invalid character in a string (control characters must be escaped)');
      if (c === 0x5c) {
        out += text.slice(chunk, pos);
        const e = text[pos + 1] ?? '';
        if (e === 'u') {
          const hex = text.slice(pos + 2, pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('invalid unicode escape');
          out += String.fromCharCode(parseInt(hex, 16));
          pos += 6;
        } else if (e in ESCAPES) {
          out += ESCAPES[e];
          pos += 2;
        } else {
          fail('invalid escape character');
        }
        chunk = pos;
        continue;
      }
      pos++;
    }
  };

  const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

  const parseValue = (depth: number): JsonNode => {
    skipWs();
    const start = pos;
    const c = text[pos];
    if (c === '{' || c === '[') {
      if (depth + 1 > maxDepth) fail(`nesting deeper than ${maxDepth}`, start, 'too-deep');
      return c === '{' ? parseObject(depth + 1) : parseArray(depth + 1);
    }
    if (c === '"') {
      const value = parseString();
      return { type: 'string', offset: start, length: pos - start, value };
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      NUMBER.lastIndex = pos;
      const m = NUMBER.exec(text);
      const end = m ? pos + m[0].length : pos;
      const next = text[end];
      if (!m || m[0] === '-' || (next !== undefined && /[0-9.eE+\-a-zA-Z_]/.test(next))) {
        fail('invalid number (leading zeros, a lone `-`, `1.`, `.5`, hexadecimal and NaN are not JSON)', start);
      }
      pos = end;
      return { type: 'number', offset: start, length: end - start };
    }
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, pos) && !/[a-zA-Z0-9_$]/.test(text[pos + word.length] ?? '')) {
        pos += word.length;
        return { type: value === null ? 'null' : 'boolean', offset: start, length: word.length, value };
      }
    }
    if (pos >= text.length) fail('expected a value');
    return fail(c === '}' || c === ']' || c === ',' || c === ':' ? 'expected a value' : 'unexpected character');
  };

  const parseObject = (depth: number): JsonNode => {
    const start = pos;
    pos++; // {
    const members: NonNullable<JsonNode['members']> = [];
    skipWs();
    if (text[pos] === '}') {
      pos++;
      return { type: 'object', offset: start, length: pos - start, members };
    }
    for (;;) {
      skipWs();
      if (text[pos] !== '"') fail(pos >= text.length ? 'expected `}`' : 'expected a property name in double quotes');
      const keyOffset = pos;
      const key = parseString();
      skipWs();
      if (text[pos] !== ':') fail('expected `:`');
      pos++;
      const value = parseValue(depth);
      members.push({ key, keyOffset, value });
      skipWs();
      if (text[pos] === '}') {
        pos++;
        return { type: 'object', offset: start, length: pos - start, members };
      }
      if (text[pos] !== ',') fail(pos >= text.length ? 'expected `}`' : 'expected `,` or `}`');
      const comma = pos;
      pos++;
      skipWs();
      if (text[pos] === '}') fail('trailing comma', comma, 'trailing-comma');
    }
  };

  const parseArray = (depth: number): JsonNode => {
    const start = pos;
    pos++; // [
    const items: JsonNode[] = [];
    skipWs();
    if (text[pos] === ']') {
      pos++;
      return { type: 'array', offset: start, length: pos - start, items };
    }
    for (;;) {
      items.push(parseValue(depth));
      skipWs();
      if (text[pos] === ']') {
        pos++;
        return { type: 'array', offset: start, length: pos - start, items };
      }
      if (text[pos] !== ',') fail(pos >= text.length ? 'expected `]`' : 'expected `,` or `]`');
      const comma = pos;
      pos++;
      skipWs();
      if (text[pos] === ']') fail('trailing comma', comma, 'trailing-comma');
    }
  };

  try {
    const root = parseValue(0);
    skipWs();
    if (pos < text.length) fail('unexpected text after the end of the JSON value');
    return { root };
  } catch (error) {
    if (error instanceof Stop) return { problem: error.problem };
    throw error;
  }
}
