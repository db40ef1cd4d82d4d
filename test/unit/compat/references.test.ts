/**
 * Cross-document references (`withReferences`): a referenced document resolves its own `$ref`s against the
 * name it was supplied under, whatever the form of that name (relative, `mem://`, absolute URI), and an
 * unresolvable `$ref` inside it is reported in that document, not in the schema that references it.
 */
import { describe, expect, it } from 'vitest';
import { compareSchemas, UnresolvedRefError, withReferences } from '../../../generator/compat/index.js';

/** A referenced document whose root is itself a fragment `$ref` into its own definitions. */
const other = (type: string) => ({ $ref: '#/definitions/X', definitions: { X: { type }, Y: { $ref: '#/definitions/X' } } });
const using = (name: string, target = '') => ({ type: 'object', properties: { a: { $ref: name + target } } });

const NAMES = [
  'other.json',
  './other.json',
  'mem://input/other.json',
  'file://other.json', // host-only file URI: new URL writes it `file://other.json/`
  'file:///schemas/other.json',
  'https://example.test/s/other.json',
  'HTTPS://Example.test/s/other.json', // scheme and host normalised to lower case by URL
  'urn:example:other',
];

describe('withReferences: fragment $refs inside a referenced document', () => {
  it.each(NAMES)('resolves them in a document named %s', (name) => {
    const prev = withReferences(using(name), { [name]: other('number') });
    const next = withReferences(using(name), { [name]: other('integer') });
    expect(compareSchemas(prev, next).changes.map((c) => `${c.type} ${c.path}`)).toEqual(['TYPE_NARROWED #/properties/a']);
  });

  it.each(NAMES)('follows a fragment of %s written in the referencing schema', (name) => {
    const prev = withReferences(using(name, '#/definitions/Y'), { [name]: other('number') });
    const next = withReferences(using(name, '#/definitions/Y'), { [name]: other('integer') });
    expect(compareSchemas(prev, next).changes.map((c) => `${c.type} ${c.path}`)).toEqual(['TYPE_NARROWED #/properties/a']);
  });
});

describe('withReferences: an unresolvable $ref inside a referenced document', () => {
  // Both sides declare `b`, so the comparison reaches the broken `$ref` (referenced documents resolve lazily).
  const broken = { type: 'object', properties: { b: { $ref: '#/definitions/missing' } } };
  it.each(NAMES.flatMap((name) => [['previous', name] as const, ['next', name] as const]))('names the %s schema\'s referenced document %s', (side, name) => {
    const bad = withReferences(using(name), { [name]: broken });
    const good = withReferences(using(name), { [name]: { type: 'object', properties: { b: { type: 'string' } } } });
    let error: unknown;
    try {
      if (side === 'previous') compareSchemas(bad, good);
      else compareSchemas(good, bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnresolvedRefError);
    const e = error as UnresolvedRefError;
    expect([e.ref, e.document, e.reference, e.pointer, e.reason]).toEqual(['#/definitions/missing', side, name, '/properties/b', 'nothing at `#/definitions/missing`']);
    expect(e.message).toBe(`Cannot resolve \`$ref\` "#/definitions/missing" at \`#/properties/b\` in the referenced document "${name}" of the ${side} schema: nothing at \`#/definitions/missing\`.`);
  });

  it('still names the schema itself when the $ref is in it', () => {
    let error: unknown;
    try {
      compareSchemas(withReferences(using('other.json', '#/definitions/nope'), { 'other.json': other('number') }), {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnresolvedRefError);
    const e = error as UnresolvedRefError;
    expect([e.document, e.reference, e.pointer]).toEqual(['previous', undefined, '/properties/a']);
    expect(e.message).toContain('in the previous schema:');
  });
});
