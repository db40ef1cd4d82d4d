import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { issuesFromAjv, ValidationError, validatorFromAjv } from '../../../runtime/src/index.js';
import { orderEventDescriptors } from '../../../generated/order-events/index.js';

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'a/b'],
  properties: { id: { type: 'string' }, 'a/b': { type: 'integer' }, kind: { enum: ['x', 'y'] }, tags: { type: 'array', items: { type: 'string' } } },
};
const ajv = new Ajv2020({ allErrors: true });
const validate = ajv.compile(SCHEMA);

describe('issuesFromAjv', () => {
  it.each([
    { name: 'valid', given: { id: 'x', 'a/b': 1 }, want: [] },
    { name: 'required points at the missing property (escaped)', given: { id: 'x' }, want: [{ pointer: '/a~1b', keyword: 'required' }] },
    { name: 'type', given: { id: 1, 'a/b': 1 }, want: [{ pointer: '/id', keyword: 'type' }] },
    {
      name: 'additionalProperties points at the extra property',
      given: { id: 'x', 'a/b': 1, extra: 1 },
      want: [{ pointer: '/extra', keyword: 'additionalProperties' }],
    },
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

  it('with an allErrors twin, lists every issue after the fast validator stopped at the first', () => {
    const fast = new Ajv2020({ allErrors: false }).compile(SCHEMA);
    const all = new Ajv2020({ allErrors: true }).compile(SCHEMA);
    let allCalls = 0;
    const counted = Object.assign((value: unknown) => (allCalls++, all(value)), {}) as typeof all;
    Object.defineProperty(counted, 'errors', { get: () => all.errors });
    const v = validatorFromAjv(fast, counted);
    expect(v({ id: 'x', 'a/b': 1 })).toBe(true);
    expect(v.errors).toBeNull();
    expect(v({ id: 1, kind: 'z', extra: true })).toBe(false);
    expect(allCalls).toBe(0); // only when errors are read
    expect(v.errors?.map(({ pointer, keyword }) => `${keyword} ${pointer}`)).toEqual([
      'required /a~1b',
      'additionalProperties /extra',
      'type /id',
      'enum /kind',
    ]);
    expect(v.errors).toBe(v.errors); // mapped once
    expect(allCalls).toBe(1);
  });

  it('given itself as the twin (compiled with allErrors, as generated packages are), runs once per call and drops repeats', () => {
    // allOf of the same schema twice: ajv reports each problem twice, as the strict side's written-schema guard does.
    const twice = new Ajv2020({ allErrors: true }).compile({ allOf: [SCHEMA, SCHEMA] });
    let calls = 0;
    const counted = Object.assign((value: unknown) => (calls++, twice(value)), {}) as typeof twice;
    Object.defineProperty(counted, 'errors', { get: () => twice.errors });
    const v = validatorFromAjv(counted, counted);
    expect(v({ id: 1, kind: 'z', extra: true })).toBe(false);
    expect(twice.errors).toHaveLength(8);
    expect(v.errors?.map(({ pointer, keyword }) => `${keyword} ${pointer}`)).toEqual([
      'required /a~1b',
      'additionalProperties /extra',
      'type /id',
      'enum /kind',
    ]);
    expect(calls).toBe(1);
    expect(v({ id: 'x', 'a/b': 1 })).toBe(true);
    expect(v.errors).toBeNull();
    expect(calls).toBe(2);
  });
});

describe('generated validators', () => {
  const placed = orderEventDescriptors['order.placed.v2'];

  it('name every problem of {"orderId": 42} (producer side), each issue once', () => {
    expect(placed.validate({ orderId: 42 })).toBe(false);
    const issues = placed.validate.errors?.map(({ pointer, keyword }) => `${keyword} ${pointer}`);
    expect(issues).toEqual(['required /customer', 'required /total', 'required /lines', 'required /shippingAddress', 'required /placedAt', 'type /orderId']);
    const message = new ValidationError(placed.eventType, 'producer', placed.validate.errors ?? []).message;
    for (const name of ['/customer', '/total', '/lines', '/shippingAddress', '/placedAt', '/orderId must be string']) expect(message).toContain(name);
  });

  it('still accept the example and report nothing after a success', () => {
    placed.validate({ orderId: 42 });
    const example = (JSON.parse(placed.registeredSchema?.schema ?? '{}') as { properties: { data: { examples: unknown[] } } }).properties.data.examples[0];
    expect(placed.validate(example)).toBe(true);
    expect(placed.validate.errors).toBeNull();
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
