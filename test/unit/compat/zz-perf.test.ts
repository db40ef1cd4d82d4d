import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { compareSchemas, checkAgainstRevisions } from '../../../generator/compat/index.js';
const C = '/work/shared/corpora/iglu-central';
it('perf', () => {
  const { families } = JSON.parse(readFileSync(C + '/chains.json', 'utf8'));
  const pairs: [unknown, unknown][] = [];
  for (const f of Object.values<any>(families)) {
    for (let i = 1; i < f.files.length; i++) pairs.push([JSON.parse(readFileSync(C + '/' + f.files[i - 1], 'utf8')), JSON.parse(readFileSync(C + '/' + f.files[i], 'utf8'))]);
  }
  // fresh parse each time to defeat caches: measure both
  const texts = pairs.map(([a, b]) => [JSON.stringify(a), JSON.stringify(b)]);
  let t = performance.now();
  let n = 0;
  while (n < 10000) for (const [a, b] of texts) { if (n++ >= 10000) break; compareSchemas(JSON.parse(a!), JSON.parse(b!), { level: 'FULL', policy: 'LENIENT' }); }
  const fresh = performance.now() - t;
  t = performance.now(); n = 0;
  while (n < 10000) for (const [a, b] of texts) { if (n++ >= 10000) break; JSON.parse(a!); JSON.parse(b!); }
  const parseOnly = performance.now() - t;
  t = performance.now(); n = 0;
  while (n < 10000) for (const [a, b] of pairs) { if (n++ >= 10000) break; compareSchemas(a, b, { level: 'FULL', policy: 'LENIENT' }); }
  const cached = performance.now() - t;
  console.log(`10k FULL comparisons of Iglu pairs: fresh parse+compare ${fresh.toFixed(0)} ms (parse alone ${parseOnly.toFixed(0)} ms), pre-parsed ${cached.toFixed(0)} ms; avg size ${(texts.reduce((s, [a]) => s + a!.length, 0) / texts.length).toFixed(0)} bytes`);
});
