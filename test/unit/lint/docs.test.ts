import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LINT_RULES } from '../../../generator/lint/index.js';

describe('docs', () => {
  it('the rules table in docs/stages/load-lint.md lists every rule with its default severity', () => {
    const doc = readFileSync(new URL('../../../docs/stages/load-lint.md', import.meta.url), 'utf8');
    for (const r of LINT_RULES) expect(doc).toContain(`| \`${r.id}\` | ${r.stage} | ${r.severity} |`);
  });
});
