import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { issuesFromAjv, ValidationError, validatorFromAjv } from '../../../runtime/src/index.js';

const ajv = new Ajv2020({ allErrors: true });
const validate = ajv.compile({
  type: 'object',
  additionalProperties: false,
  required: ['id', 'a/b'],
  properties: { id: { type: 'string' }, 'a/b': { type: 'integer' }, kind: { enum: ['x', 'y'] }, tags: { type: 'array', items: { type: 'string' } } },
});

describe('issuesFromAjv', () => {
  it.each([
    { name: 'valid', given: { id: 'x', 'a/b': 1 }, want: [] },
    { name: 'required points at the missing property (escaped)', given: { id: 'x' }, want: [{ pointer: '/a~1b', keyword: 'required' }] },
    { name: 'type', given: { id: 1, 'a/b': 1 }, want: [{ pointer: '/id', keyword: 'type' }] },
    { name: 'additionalProperties points at the extra property', given: { id: 'x', 'a/b': 1, extra: 1 }, want: [{ pointer: '/extra', keyword: 'additionalProperties' }] },
    { name: 'nested', given: { id: 'x', 'a/b': 1, tags: ['ok', 2] }, want: [{ pointer: '/tags/1', keyword: 'type' }] },
    { name: 'enum', given: { id: 'x', 'a/b': 1, kind: 'z' }, want: [{ pointer: '/kind', keyword: 'enum' }] },
  ])('$name', ({ given, want }) => {
    validate(given);
    expect(issuesFromAjv(validate.errors).map(({ pointer, keyword }) => ({ pointer, keyword }))).toEqual(want);
  });

  it('writes readable messages', () => {
    validate({ id: 'x', 'a/b': 1, extra: 1, kind: 'z' });
    expect(issuesFromAjv(validate.errors).map((i) => i.message)).toEqual([
      'is not declared by the contract (undeclared properties are not allowed here)',
      'must be one of "x", "y"',
    ]);
  });
});

describe('validatorFromAjv', () => {
  it('is a type guard whose errors reflect the last call', () => {
    const v = validatorFromAjv<{ id: string }>(validate);
    expect(v({ id: 1 })).toBe(false);
    expect(v.errors?.map((i) => i.pointer)).toEqual(['/a~1b', '/id']);
    expect(v({ id: 'x', 'a/b': 2 })).toBe(true);
    expect(v.errors).toBeNull();
  });
});

describe('ValidationError', () => {
  it('names the event type, side and every issue', () => {
    const e = new ValidationError('user.created.v1', 'producer', [
      { pointer: '/email', keyword: 'format', message: 'must match format "email"' },
      { pointer: '', keyword: 'type', message: 'must be object' },
    ]);
    expect(e.message).toBe('user.created.v1 data is invalid (producer side): /email must match format "email"; (data) must be object.');
    expect(e.code).toBe('VALIDATION');
    expect(e.issues).toHaveLength(2);
  });

  it('caps the list at 10 issues', () => {
    const issues = Array.from({ length: 12 }, (_, i) => ({ pointer: `/${i}`, keyword: 'type', message: 'x' }));
    expect(new ValidationError('t', 'consumer', issues).message).toMatch(/\/9 x; … and 2 more\.$/);
  });
});
