#!/usr/bin/env node
// Runs vitest (all projects, or the arguments given) and ends with one plain closing line,
// "Tests: N passed, N failed, N skipped", that CI systems and humans read the same way.
// The exit code is vitest's.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const results = join('.cache', 'vitest-results.json');
mkdirSync('.cache', { recursive: true });
rmSync(results, { force: true });
const vitest = join('node_modules', 'vitest', 'vitest.mjs');
const run = spawnSync(process.execPath, [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
let line = 'Tests: no results (vitest did not write its report)';
try {
  const r = JSON.parse(readFileSync(results, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  line = `Tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`;
  if (r.numTotalTests === 0) line += ' (no test ran)';
} catch {
  // keep the fallback line
}
console.log(`\n${line}`);
process.exitCode = run.status ?? 1;
