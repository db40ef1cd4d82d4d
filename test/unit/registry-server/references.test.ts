import { afterEach, describe, expect, it } from 'vitest';
import { startTestRegistry, type TestRegistry } from './helpers.js';

// Issue 9 item 1: what references may make of one request is bounded (count, inlined size,
// depth), sizes are decided before anything is copied, and a schema named many times is judged once.

let registry: TestRegistry | undefined;
afterEach(async () => {
  await registry?.close();
  registry = undefined;
});

/** An object schema of about `kb` KiB. */
function sized(kb: number, tag = 'p'): object {
  const properties: Record<string, object> = {};
  for (let i = 0; JSON.stringify(properties).length < kb * 1024; i++) properties[`${tag}${i}`] = { type: 'string', description: 'x'.repeat(60) };
  return { type: 'object', properties };
}

function referencing(count: number, subject: string, version = 1) {
  const references = Array.from({ length: count }, (_, i) => ({ name: `n${i}.json`, subject, version }));
  const schema = { type: 'object', properties: Object.fromEntries(references.map((r, i) => [`f${i}`, { $ref: r.name }])) };
  return { schema, references };
}

describe('reference limits', () => {
  it('refuses more references than maxReferences with 42201, naming the limit', async () => {
    registry = await startTestRegistry({ references: { maxReferences: 20 } });
    await registry.register('small', { type: 'string' });
    const { schema, references } = referencing(21, 'small');
    const reply = await registry.register('many', schema, { references });
    expect(reply.status).toBe(422);
    expect(reply.body).toMatchObject({ error_code: 42201, message: expect.stringContaining('lists 21 references; this registry accepts at most 20') });
    const fine = referencing(20, 'small');
    expect((await registry.register('many', fine.schema, { references: fine.references })).status).toBe(200);
  });

  it('refuses a request whose inlined size would pass maxResolvedBytes, counting each distinct schema once', async () => {
    registry = await startTestRegistry({ references: { maxResolvedBytes: 300 * 1024 } });
    await registry.register('a', sized(100, 'a'));
    await registry.register('b', sized(100, 'b'));
    await registry.register('c', sized(100, 'c'));
    // 200 names for one 100 KiB schema: one copy, well within 300 KiB.
    const one = referencing(200, 'a');
    expect((await registry.register('one', one.schema, { references: one.references })).status).toBe(200);
    // Three distinct 100 KiB schemas plus the request: over 300 KiB.
    const three = {
      schema: { allOf: [{ $ref: 'a.json' }, { $ref: 'b.json' }, { $ref: 'c.json' }] },
      references: ['a', 'b', 'c'].map((s) => ({ name: `${s}.json`, subject: s, version: 1 })),
    };
    const reply = await registry.register('three', three.schema, { references: three.references });
    expect(reply.status).toBe(422);
    expect(reply.body.message).toMatch(/with its references inlined it would be \d+ bytes to judge; this registry's limit is 307200/);
    // The same request to /compatibility is refused the same way.
    const check = await registry.call('POST', '/compatibility/subjects/three/versions', {
      schemaType: 'JSON',
      schema: JSON.stringify(three.schema),
      references: three.references,
    });
    expect(check.body.error_code).toBe(42201);
  });

  it('counts a schema reached through two paths at each level it is embedded (diamond)', async () => {
    registry = await startTestRegistry({ references: { maxResolvedBytes: 150 * 1024 } });
    await registry.register('base', sized(100));
    const viaBase = { schema: { $ref: 'base.json' }, references: [{ name: 'base.json', subject: 'base', version: 1 }] };
    expect((await registry.register('left', viaBase.schema, { references: viaBase.references })).status).toBe(200);
    expect((await registry.register('right', { ...viaBase.schema, title: 'r' }, { references: viaBase.references })).status).toBe(200);
    const top = {
      schema: { allOf: [{ $ref: 'l.json' }, { $ref: 'r.json' }] },
      references: [
        { name: 'l.json', subject: 'left', version: 1 },
        { name: 'r.json', subject: 'right', version: 1 },
      ],
    };
    const reply = await registry.register('top', top.schema, { references: top.references });
    expect(reply.status).toBe(422); // base counted through left and through right: over 150 KiB, though each side alone fits
    expect(reply.body.message).toContain('with its references inlined');
  });

  it('refuses a chain of references deeper than maxReferenceDepth', async () => {
    registry = await startTestRegistry({ references: { maxReferenceDepth: 3 } });
    await registry.register('s0', { type: 'string' });
    for (let i = 1; i <= 3; i++) {
      const reply = await registry.register(
        `s${i}`,
        { $ref: 'prev.json', title: `s${i}` },
        { references: [{ name: 'prev.json', subject: `s${i - 1}`, version: 1 }] },
      );
      expect(reply.status, reply.text).toBe(200);
    }
    const reply = await registry.register('s4', { $ref: 'prev.json', title: 's4' }, { references: [{ name: 'prev.json', subject: 's3', version: 1 }] });
    expect(reply.status).toBe(422);
    expect(reply.body.message).toContain('nest 4 levels deep; this registry resolves at most 3');
  });

  it('judges a schema named by many references like one named once (verdicts unchanged)', async () => {
    registry = await startTestRegistry();
    await registry.call('PUT', '/config', { compatibility: 'FULL_TRANSITIVE' });
    await registry.register('money', { type: 'object', properties: { amount: { type: 'number' } }, additionalProperties: false });
    const refs = Array.from({ length: 40 }, (_, i) => ({ name: `m${i}.json`, subject: 'money', version: 1 }));
    const v1 = { type: 'object', properties: Object.fromEntries(refs.map((r, i) => [`p${i}`, { $ref: r.name }])) };
    expect((await registry.register('order', v1, { references: refs })).status).toBe(200);
    // Changing what one name points at is judged through the shared copy: money v2 narrows a type.
    await registry.call('PUT', '/config/money', { compatibility: 'NONE' });
    await registry.register('money', { type: 'object', properties: { amount: { type: 'integer' } }, additionalProperties: false });
    const narrowed = refs.map((r, i) => (i === 7 ? { ...r, version: 2 } : r));
    const reply = await registry.register('order', v1, { references: narrowed });
    expect(reply.status).toBe(409);
    expect(reply.body.message).toContain("jsonPath='#/properties/p7");
  });
});
