import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { blockComment, identifier, isSafeIdentifier, lineComment, markdownCode, propertyKey, stringLiteral } from '../../../generator/generate/escape.js';

/** Values a schema author (or attacker) can put in titles, descriptions, enums, names. */
const HOSTILE = [
  'plain',
  '*/ INJECTED(); /*',
  '"; INJECTED(); "',
  "'; INJECTED(); '",
  '`${INJECTED()}`',
  'line one\nINJECTED();',
  'cr\rINJECTED()',
  'ls\u2028INJECTED()',
  'ps\u2029INJECTED()',
  '</script><script>INJECTED()</script>',
  '\\',
  '\\u0022; INJECTED()',
  '\u0000nul',
  'ünïcödé ✓ 😀',
  '__proto__',
];

/** Parses `code` as TS and returns the identifiers outside strings and comments. */
function identifiersIn(code: string): string[] {
  const file = ts.createSourceFile('x.ts', code, ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) out.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

function syntaxErrors(code: string): readonly ts.Diagnostic[] {
  return ts.transpileModule(code, { reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022 } }).diagnostics ?? [];
}

describe('stringLiteral', () => {
  it.each(HOSTILE)('round-trips %j as one literal and injects nothing', (value) => {
    const code = `export const x = ${stringLiteral(value)};`;
    expect(syntaxErrors(code)).toEqual([]);
    expect(identifiersIn(code)).toEqual(['x']);
    expect(new Function(`return ${stringLiteral(value)};`)()).toBe(value);
  });
  it('escapes U+2028 and U+2029', () => {
    expect(stringLiteral('a\u2028b\u2029c')).toBe('"a\\u2028b\\u2029c"');
  });
});

describe('blockComment', () => {
  it.each(HOSTILE)('keeps %j inside the comment', (value) => {
    const code = `/**\n * ${blockComment(value)}\n */\nexport const x = 1;`;
    expect(syntaxErrors(code)).toEqual([]);
    expect(identifiersIn(code)).toEqual(['x']);
  });
  it.each([
    ['a */ b', 'a *\\/ b'],
    ['a /* b', 'a /\\* b'],
    ['one\ntwo', 'one\n * two'],
    ['one\r\ntwo  ', 'one\n * two'],
  ])('given %j wants %j', (given, want) => {
    expect(blockComment(given)).toBe(want);
  });
});

describe('lineComment', () => {
  it.each(HOSTILE)('keeps %j on one comment line', (value) => {
    const code = `// ${lineComment(value)}\nexport const x = 1;`;
    expect(lineComment(value)).not.toMatch(/[\n\r\u2028\u2029]/);
    expect(identifiersIn(code)).toEqual(['x']);
  });
});

describe('identifier', () => {
  it.each([
    ['userCreated', 'userCreated'],
    ['class', 'class_'],
    ['__proto__', '__proto___'],
    ['constructor', 'constructor_'],
    ['await', 'await_'],
  ])('given %j wants %j', (given, want) => {
    expect(identifier(given)).toBe(want);
  });
  it.each(HOSTILE)('turns %j into a safe identifier', (value) => {
    const id = identifier(value);
    expect(isSafeIdentifier(id)).toBe(true);
    expect(syntaxErrors(`const ${id} = 1;`)).toEqual([]);
  });
  it('keeps distinct inputs distinct', () => {
    const ids = ['a-b', 'a_b', 'a.b', 'a b', '1a', '_1a'].map(identifier);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('propertyKey', () => {
  it.each([
    ['name', 'name'],
    ['a-b', '"a-b"'],
    ['__proto__', '["__proto__"]'],
    ['default', 'default'],
  ])('given %j wants %j', (given, want) => {
    expect(propertyKey(given)).toBe(want);
  });
  it('defines an own __proto__ property instead of setting the prototype', () => {
    const obj = new Function(`return { ${propertyKey('__proto__')}: 1 };`)() as object;
    expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
    expect(Object.keys(obj)).toEqual(['__proto__']);
  });
});

describe('markdownCode', () => {
  it.each(HOSTILE)('keeps %j inside one code span', (value) => {
    const md = markdownCode(value);
    expect(md.startsWith('`') && md.endsWith('`')).toBe(true);
    expect(md.slice(1, -1)).not.toMatch(/[`\n\r]/);
  });
});
