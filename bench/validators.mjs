// The generated validators: one all-errors validator per side (now) against the layout it replaced, a first-error
// validator plus an all-errors twin run after a failure (generated/ at commit 907e0d1, read with `git show`).
// Per event type of the example repository: module size, first use (import + the first valid and the first failing
// call with its errors read), the hot path (valid examples) and the failure path (validate + read every issue).
// Run: npm run build && node bench/validators.mjs   (options: --seconds=0.2 --rounds=11)
// Contenders alternate within each round; ratios are computed per round and their median printed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { validatorFromAjv } from '@event-contracts/runtime';

const BEFORE = '907e0d1';
const arg = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const SECONDS = arg('seconds', 0.2);
const ROUNDS = arg('rounds', 11);
const root = new URL('..', import.meta.url).pathname;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let beforeFiles;
try {
  beforeFiles = execFileSync('git', ['-C', root, 'ls-tree', '-r', '--name-only', BEFORE, 'generated/'], { encoding: 'utf8' })
    .split('\n')
    .filter((f) => /\/validators\/[^/]+\.js$/.test(f));
} catch {
  console.log(`skipped: commit ${BEFORE} (the layout measured against) is not in this clone's history`);
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'bench-validators-'));

function rate(fn, inputs) {
  let n = 0;
  const end = performance.now() + SECONDS * 1000;
  while (performance.now() < end) for (let i = 0; i < 200; i++) fn(inputs[n++ % inputs.length]);
  return n / SECONDS;
}

/** A fresh evaluation of a module (query string: no module cache), its first valid and first failing call. */
async function firstUse(file, wrap, valid, invalid) {
  const t0 = performance.now();
  const mod = await import(`${pathToFileURL(file).href}?fresh=${Math.random()}`);
  const v = wrap(mod);
  v(valid);
  if (v(invalid) || !v.errors?.length) throw new Error(`${file}: the invalid sample passed`);
  return performance.now() - t0;
}

const rows = [];
try {
  for (const path of beforeFiles) {
    const [, pkg, eventType] = /^generated\/([^/]+)\/validators\/(.+)\.js$/.exec(path);
    const afterFile = join(root, 'generated', pkg, 'validators', `${eventType}.js`);
    const [domain, ...rest] = eventType.split('.');
    const schemaFile = join(root, 'schemas', domain, `${rest.join('.')}.json`);
    const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
    const valid = schema.examples ?? [];
    if (valid.length === 0) continue;
    const invalid = valid.map((e) => {
      const broken = { ...e, undeclaredByBench: 1 };
      for (const key of (schema.required ?? []).slice(0, 2)) delete broken[key];
      return broken;
    });
    const beforeFile = join(dir, `${eventType}.js`);
    writeFileSync(beforeFile, execFileSync('git', ['-C', root, 'show', `${BEFORE}:${path}`]));
    const before = await import(pathToFileURL(beforeFile).href);
    const after = await import(pathToFileURL(afterFile).href);
    const sides = {
      before: { strict: validatorFromAjv(before.strict, before.strictAll), tolerant: validatorFromAjv(before.tolerant, before.tolerantAll) },
      after: { strict: validatorFromAjv(after.strict, after.strict), tolerant: validatorFromAjv(after.tolerant, after.tolerant) },
    };
    for (const side of ['strict', 'tolerant']) {
      for (const x of valid) if (!sides.before[side](x) || !sides.after[side](x)) throw new Error(`${eventType} ${side}: an example is rejected`);
      for (const x of invalid) {
        if (side === 'strict' && (sides.before.strict(x) || sides.after.strict(x))) throw new Error(`${eventType}: a broken example passed`);
        // Same verdict, same issues (the all-errors list), before and after.
        const b = sides.before[side](x) ? [] : sides.before[side].errors;
        const a = sides.after[side](x) ? [] : sides.after[side].errors;
        if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${eventType} ${side}: issues differ\n${JSON.stringify(b)}\n${JSON.stringify(a)}`);
      }
    }
    const fail = (v) => (x) => v(x) || v.errors.length;
    const hot = [];
    const failure = [];
    const first = [];
    for (let r = 0; r < ROUNDS; r++) {
      hot.push(rate(sides.after.strict, valid) / rate(sides.before.strict, valid));
      failure.push(rate(fail(sides.after.strict), invalid) / rate(fail(sides.before.strict), invalid));
      const fb = await firstUse(beforeFile, (m) => validatorFromAjv(m.strict, m.strictAll), valid[0], invalid[0]);
      const fa = await firstUse(afterFile, (m) => validatorFromAjv(m.strict, m.strict), valid[0], invalid[0]);
      first.push([fb, fa]);
    }
    rows.push({
      eventType,
      sizeBefore: readFileSync(beforeFile).length,
      sizeAfter: readFileSync(afterFile).length,
      firstBefore: median(first.map(([b]) => b)),
      firstAfter: median(first.map(([, a]) => a)),
      hotRatio: median(hot),
      failRatio: median(failure),
      hotNs: 1e9 / rate(sides.after.strict, valid),
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`validators/ modules: all-errors only (now) vs first-error + all-errors twin (${BEFORE}); ${ROUNDS} rounds × ${SECONDS}s`);
console.log('event type            size before → after      first use before → after   hot path (valid) after/before   failure path after/before');
for (const r of rows) {
  console.log(
    `${r.eventType.padEnd(22)}${kb(r.sizeBefore).padStart(9)} → ${kb(r.sizeAfter).padEnd(9)} (${(r.sizeAfter / r.sizeBefore).toFixed(2)}×)` +
      `   ${r.firstBefore.toFixed(2)} → ${r.firstAfter.toFixed(2)} ms (${(r.firstAfter / r.firstBefore).toFixed(2)}×)` +
      `   ${r.hotRatio.toFixed(2)}× throughput (${(r.hotNs / 1000).toFixed(2)} µs/op now)   ${r.failRatio.toFixed(2)}× throughput`,
  );
}
const total = (k) => rows.reduce((n, r) => n + r[k], 0);
console.log(
  `total ${kb(total('sizeBefore'))} → ${kb(total('sizeAfter'))} (${(total('sizeAfter') / total('sizeBefore')).toFixed(2)}×); ${readdirSync(join(root, 'generated')).length} packages`,
);
