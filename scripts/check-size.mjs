#!/usr/bin/env node
// House rule, enforced by `npm run lint`: hand-written source files stay ≤ 400 lines and functions in
// generator/ stay ≤ 80 lines, so each file says one thing and each function fits a screen.
// Generated code (generated/, golden files, fixtures) is exempt; built code (generator/ajv/precompiled/) is ignored by git. Prints each offender; exit 1 if any.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;
const GENERATED = [/^generated\//, /\/__golden__\/|\/golden\//, /^test\/fixtures\//];

const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'generator', 'runtime/src', 'test', 'scripts', 'bench'], {
  encoding: 'utf8',
})
  .split('\n')
  .filter((f) => /\.(ts|mts|js|mjs)$/.test(f) && !f.endsWith('.d.ts') && !GENERATED.some((re) => re.test(f)));

const problems = [];
for (const file of tracked) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // deleted in the working tree
  }
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines > MAX_FILE_LINES) problems.push(`${file}: ${lines} lines (max ${MAX_FILE_LINES}); split it along what it does`);
  if (!file.startsWith('generator/')) continue;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const name = node.name?.getText(source) ?? '(anonymous)';
      if (end - start + 1 > MAX_FUNCTION_LINES) problems.push(`${file}:${start + 1}: function ${name} is ${end - start + 1} lines (max ${MAX_FUNCTION_LINES})`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}
for (const p of problems) console.error(p);
if (problems.length > 0) {
  console.error(`check-size: ${problems.length} problem(s)`);
  process.exitCode = 1;
}
