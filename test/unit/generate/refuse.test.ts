/**
 * Generate's one rule (issue 11): it refuses on every error of a rule whose row says
 * `generate: 'refuse'` (load errors, SCHEMA_INVALID, DATA_NOT_OBJECT, PARTITION_KEY, ID_COLLISION,
 * TOPIC_INVALID) and tolerates the authoring-policy rules (lint and `run` enforce those).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../generator/cli/main.js';
import { LINT_RULES } from '../../../generator/lint/index.js';
import { GENERATE_REFUSES } from '../../../generator/cli/commands/generate.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/lint/', import.meta.url));
const out = mkdtempSync(path.join(tmpdir(), 'contracts-refuse-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function generate(fixture: string): Promise<{ code: number; err: string }> {
  let err = '';
  // --check writes nothing (no output, no cache), so the fixtures stay untouched.
  const code = await main(['generate', '--cwd', `${FIXTURES}${fixture}`, '--out', path.join(out, fixture), '--check'], {
    stdout: () => undefined,
    stderr: (t) => (err += t),
    isTTY: false,
  });
  return { code, err };
}

describe('contracts generate refuses exactly on the rules marked refuse', () => {
  const refusing = LINT_RULES.filter((r) => r.stage === 'lint' && r.generate === 'refuse').map((r) => r.id);

  it('marks the rules whose findings make generated code wrong', () => {
    expect(refusing.sort()).toEqual([...GENERATE_REFUSES]);
    expect(LINT_RULES.filter((r) => r.stage === 'load').every((r) => r.generate === 'refuse')).toBe(true);
  });

  it.each(refusing)('%s: nothing generated, exit 1, the finding named', async (rule) => {
    const { code, err } = await generate(rule);
    expect(code).toBe(1);
    expect(err).toMatch(/^contracts generate: the contracts have \d+ errors? generation cannot work around; nothing was generated\.\n/);
    expect(err).toContain(` ${rule}: `);
  });

  it.each(LINT_RULES.filter((r) => r.stage === 'lint' && r.generate === 'tolerate' && r.severity === 'error').map((r) => r.id))(
    '%s: tolerated (generation runs)',
    async (rule) => {
      const { err } = await generate(rule);
      expect(err).not.toContain('generation cannot work around');
      expect(err).toMatch(/is stale/);
    },
  );
});
