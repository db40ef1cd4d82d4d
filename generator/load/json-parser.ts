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

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

export function parseJson(text: string, maxDepth: number): JsonParseResult {
  const parser = new Parser(text, maxDepth);
  try {
    return { root: parser.parseDocument() };
  } catch (error) {
    if (error instanceof Stop) return { problem: error.problem };
    throw error;
  }
}

/** One parse: the text, the position, and a method per production; throws Stop at the first problem. */
class Parser {
  pos = 0;
  constructor(
    readonly text: string,
    readonly maxDepth: number,
  ) {}

  parseDocument(): JsonNode {
    const root = this.parseValue(0);
    this.skipWs();
    if (this.pos < this.text.length) this.fail('unexpected text after the end of the JSON value');
    return root;
  }

  private fail(detail: string, at = this.pos, kind: JsonProblemKind = 'syntax'): never {
    throw new Stop({ kind, offset: at, detail });
  }

  private skipWs(): void {
    while (this.pos < this.text.length && WS.has(this.text.charCodeAt(this.pos))) this.pos++;
    if (this.text.charCodeAt(this.pos) === 0x2f && (this.text[this.pos + 1] === '/' || this.text[this.pos + 1] === '*')) this.fail('comments are not JSON');
  }

  parseString(): string {
    const start = this.pos;
    this.pos++; // opening quote
    let out = '';
    let chunk = this.pos;
    for (;;) {
      if (this.pos >= this.text.length) this.fail('unterminated string', start);
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x22) {
        out += this.text.slice(chunk, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) this.fail('invalid character in a string (control characters must be escaped)');
      if (c === 0x5c) {
        out += this.text.slice(chunk, this.pos);
        const e = this.text[this.pos + 1] ?? '';
        if (e === 'u') {
          const hex = this.text.slice(this.pos + 2, this.pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid unicode escape');
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 6;
        } else if (e in ESCAPES) {
          out += ESCAPES[e];
          this.pos += 2;
        } else {
          this.fail('invalid escape character');
        }
        chunk = this.pos;
        continue;
      }
      this.pos++;
    }
  }

  parseValue(depth: number): JsonNode {
    this.skipWs();
    const start = this.pos;
    const c = this.text[this.pos];
    if (c === '{' || c === '[') {
      if (depth + 1 > this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth}`, start, 'too-deep');
      return c === '{' ? this.parseObject(depth + 1) : this.parseArray(depth + 1);
    }
    if (c === '"') {
      const value = this.parseString();
      return { type: 'string', offset: start, length: this.pos - start, value };
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      NUMBER.lastIndex = this.pos;
      const m = NUMBER.exec(this.text);
      const end = m ? this.pos + m[0].length : this.pos;
      const next = this.text[end];
      if (!m || m[0] === '-' || (next !== undefined && /[0-9.eE+\-a-zA-Z_]/.test(next))) {
        this.fail('invalid number (leading zeros, a lone `-`, `1.`, `.5`, hexadecimal and NaN are not JSON)', start);
      }
      this.pos = end;
      return { type: 'number', offset: start, length: end - start };
    }
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.pos) && !/[a-zA-Z0-9_$]/.test(this.text[this.pos + word.length] ?? '')) {
        this.pos += word.length;
        return { type: value === null ? 'null' : 'boolean', offset: start, length: word.length, value };
      }
    }
    if (this.pos >= this.text.length) this.fail('expected a value');
    return this.fail(c === '}' || c === ']' || c === ',' || c === ':' ? 'expected a value' : 'unexpected character');
  }

  private parseObject(depth: number): JsonNode {
    const start = this.pos;
    this.pos++; // {
    const members: NonNullable<JsonNode['members']> = [];
    this.skipWs();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { type: 'object', offset: start, length: this.pos - start, members };
    }
    for (;;) {
      this.skipWs();
      if (this.text[this.pos] !== '"') this.fail(this.pos >= this.text.length ? 'expected `}`' : 'expected a property name in double quotes');
      const keyOffset = this.pos;
      const key = this.parseString();
      this.skipWs();
      if (this.text[this.pos] !== ':') this.fail('expected `:`');
      this.pos++;
      const value = this.parseValue(depth);
      members.push({ key, keyOffset, value });
      this.skipWs();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return { type: 'object', offset: start, length: this.pos - start, members };
      }
      if (this.text[this.pos] !== ',') this.fail(this.pos >= this.text.length ? 'expected `}`' : 'expected `,` or `}`');
      const comma = this.pos;
      this.pos++;
      this.skipWs();
      if (this.text[this.pos] === '}') this.fail('trailing comma', comma, 'trailing-comma');
    }
  }

  private parseArray(depth: number): JsonNode {
    const start = this.pos;
    this.pos++; // [
    const items: JsonNode[] = [];
    this.skipWs();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { type: 'array', offset: start, length: this.pos - start, items };
    }
    for (;;) {
      items.push(this.parseValue(depth));
      this.skipWs();
      if (this.text[this.pos] === ']') {
        this.pos++;
        return { type: 'array', offset: start, length: this.pos - start, items };
      }
      if (this.text[this.pos] !== ',') this.fail(this.pos >= this.text.length ? 'expected `]`' : 'expected `,` or `]`');
      const comma = this.pos;
      this.pos++;
      this.skipWs();
      if (this.text[this.pos] === ']') this.fail('trailing comma', comma, 'trailing-comma');
    }
  }
}
