import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECK_RULES } from '../../../generator/check/index.js';

describe('docs', () => {
  const doc = readFileSync(new URL('../../../docs/stages/check.md', import.meta.url), 'utf8');
  const rows = doc.split('\n').filter((line) => line.startsWith('| `'));

  it.each(CHECK_RULES.map((r) => [r.id, r.severity] as const))('docs/stages/check.md lists %s with severity %s', (id, severity) => {
    const row = rows.find((line) => line.split('|')[1]?.includes(`\`${id}\``));
    expect(row, `no row for ${id} in the rule table of docs/stages/check.md`).toBeDefined();
    expect(row?.split('|')[2]?.trim()).toBe(severity);
  });

  it('every rule id in the table is a row of CHECK_RULES', () => {
    const ids = new Set<string>(CHECK_RULES.map((r) => r.id));
    const documented = rows
      .filter((line) => /^\| `[A-Z_]+`/.test(line) && !line.includes('Confluent change type'))
      .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([A-Z_]+)`/g)].map((m) => m[1] as string));
    expect(documented.filter((id) => !ids.has(id))).toEqual([]);
  });
});
