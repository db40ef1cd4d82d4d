/**
 * The generator's contract (issue 11): a schema lint accepts generates; when an internal error
 * happens anyway (a bug), it names the event type and the file, never a bare library message.
 * The catalogs here are hand-built, bypassing the loader, to provoke one.
 */
import { describe, expect, it } from 'vitest';
import { planPackages } from '../../../generator/generate/index.js';
import { makeCatalog } from '../../support/catalog.js';

describe('internal errors during generation', () => {
  it('name the event type and file of the schema that broke the types compile', async () => {
    const catalog = makeCatalog({
      events: [
        { eventType: 'shop.fine.v1', schema: { type: 'object', properties: { a: { type: 'string' } } } },
        { eventType: 'shop.broken.v1', schema: { type: 'object', properties: { a: { $ref: '#/definitions/Nowhere' } } } },
      ],
    });
    const error = await planPackages({ catalog }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toMatch(/^generating its data types of shop\.broken\.v1 \(schemas\/shop\/broken\.v1\.json\) failed: /);
    expect(error!.message).not.toContain('shop.fine.v1');
  });
});
