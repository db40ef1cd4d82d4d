import { it } from 'vitest';
import { getMetaValidator } from '../../../generator/load/ajv.js';
it('smoke', async () => {
  for (const d of ['draft-04', 'draft-06', 'draft-07', '2019-09', '2020-12'] as const) {
    const t0 = performance.now();
    const v = getMetaValidator(d);
    const ok = v({ type: 'object', properties: { a: { type: 'strin' } } });
    console.log(d, performance.now() - t0, ok, JSON.stringify(v.errors?.slice(0, 3)));
  }
});
