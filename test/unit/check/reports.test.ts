// Every report format of `contracts diff` and `contracts check`, pinned as golden files
// (test/unit/check/golden/; update deliberately with `npx vitest run --project unit test/unit/check -u`).
import { describe, expect, it } from 'vitest';
import { lockEntry, lockText, makeRepo, obj, run } from './helpers.js';

const str = { type: 'string' };
const NOW = ['--now', '2026-06-01'];

async function fixture(): Promise<string> {
  const order1 = obj({ id: str, amount: { type: 'number' }, status: { type: 'string', enum: ['open', 'paid'] } }, { required: ['id'] });
  const order2 = obj({ id: str, amount: { type: 'string' }, status: { type: 'string', enum: ['open', 'paid', 'void'] }, note: str }, { required: ['id'] });
  const root = await makeRepo({
    'contracts.config.json': { compatibility: { level: 'FULL_TRANSITIVE', policy: 'LENIENT' } },
    'schemas/order/placed.v1.json': order2,
    'schemas/payment/failed.v1.json': obj({ id: str, code: str }, { required: ['code'] }),
    'schemas/user/created.v1.json': obj({ id: str, email: str }),
    'schemas/user/created.v2.json': obj({ id: { type: 'integer' } }, { required: ['id'] }),
    'schemas/user/renamed.v1.json': obj({ id: str }, { description: 'A user changed their name.', examples: [{ id: 'u1' }] }),
    'schemas/user/deleted.v1.json': obj({ id: str }),
    'contracts.lock.json': lockText({
      'billing.charged.v1': lockEntry('schemas/billing/charged.v1.json', [obj({ id: str })]),
      'order.placed.v1': lockEntry('schemas/order/placed.v1.json', [order1]),
      'payment.failed.v1': lockEntry('schemas/payment/failed.v1.json', [obj({ id: str })]),
      'user.created.v1': lockEntry('schemas/user/created.v1.json', [obj({ id: str })]),
      'user.renamed.v1': lockEntry('schemas/user/renamed.v1.json', [obj({ id: str }, { description: 'A user renamed.' })]),
      'user.deleted.v1': lockEntry('schemas/user/deleted.v1.json', [obj({ id: str })]),
    }),
  });
  // Approve the payment break by its fingerprint, as a reviewer would.
  const check = await run(['check', '--cwd', root, '--no-git', ...NOW]);
  const line = check.stdout.split('\n').find((l) => l.includes('in `payment.failed.v1`')) ?? '';
  const change = /"change": "([0-9a-f]{12})"/.exec(line)?.[1];
  expect(change, check.stdout).toBeDefined();
  const { writeFiles } = await import('./helpers.js');
  await writeFiles(root, {
    'contracts.approvals.json': {
      approvals: [
        { eventType: 'payment.failed.v1', change, reason: 'No consumer reads payment.failed yet.', expires: '2026-07-01', approvedBy: 'payments-team' },
      ],
    },
  });
  return root;
}

const DIFF_FORMATS = [
  ['text', 'txt'],
  ['markdown', 'md'],
  ['github', 'github.txt'],
  ['sarif', 'sarif.json'],
  ['json', 'json'],
  ['junit', 'junit.xml'],
] as const;

describe('contracts diff report formats', () => {
  it.each(DIFF_FORMATS)('%s', async (format, ext) => {
    const root = await fixture();
    const result = await run(['diff', '--cwd', root, '--no-git', '--format', format, ...NOW]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1); // order.placed.v1 breaks, billing.charged.v1 was removed
    expect(result.stdout).not.toContain(root);
    await expect(result.stdout).toMatchFileSnapshot(`./golden/diff.${ext}`);
  });

  it('sarif is a 2.1.0 log whose results point at rules and files', async () => {
    const root = await fixture();
    const log = JSON.parse((await run(['diff', '--cwd', root, '--no-git', '--format', 'sarif', ...NOW])).stdout);
    expect(log.version).toBe('2.1.0');
    const run0 = log.runs[0];
    const ids = run0.tool.driver.rules.map((r: { id: string }) => r.id);
    for (const r of run0.results) {
      expect(ids[r.ruleIndex]).toBe(r.ruleId);
      expect(['error', 'warning', 'note']).toContain(r.level);
      expect(r.locations[0].physicalLocation.artifactLocation.uri).toMatch(/^schemas\//);
      expect(r.partialFingerprints.contractsChange).toMatch(/^[0-9a-f]{12}$/);
    }
    expect(run0.results.filter((r: { level: string }) => r.level === 'error').length).toBeGreaterThan(0);
  });

  it('junit has one testcase per event type and one failure per event type with unapproved breaks', async () => {
    const root = await fixture();
    const xml = (await run(['diff', '--cwd', root, '--no-git', '--format', 'junit', ...NOW])).stdout;
    expect(xml.match(/<testcase /g)?.length).toBe(7);
    expect(xml.match(/<failure /g)?.length).toBe(2); // order.placed.v1, billing.charged.v1
    expect(xml).toContain('<testsuites name="contracts diff" tests="7" failures="2" errors="0">');
  });

  it('markdown puts the summary table before the collapsible details', async () => {
    const root = await fixture();
    const md = (await run(['diff', '--cwd', root, '--no-git', '--format', 'markdown', ...NOW])).stdout;
    expect(md.indexOf('| Event type |')).toBeGreaterThan(0);
    expect(md.indexOf('| Event type |')).toBeLessThan(md.indexOf('<details'));
    expect(md).toMatch(/\| `user\.renamed\.v1` \| documentation only \| 0 \| 0 \| 2 \| 1\.0\.0 → 1\.0\.1 \(patch\) \|/);
    expect(md).toMatch(/\| `payment\.failed\.v1` \| breaking \(approved\) \| 1 \| 0 \| 0 \| 1\.0\.0 → 1\.1\.0 \(minor\) \|/);
    expect(md).toMatch(/\| `user\.created\.v2` \| new major \|/);
    expect(md).toMatch(/\| `billing\.charged\.v1` \| removed \(breaking\) \|/);
  });
});

describe('one change, the same words in every format', () => {
  it('each breaking change leads with its summary in text, markdown, github, sarif and junit, and check says it too', async () => {
    const root = await fixture();
    const json = JSON.parse((await run(['diff', '--cwd', root, '--no-git', '--format', 'json', ...NOW])).stdout) as {
      events: { changes: { severity: string; summary?: string; type: string }[] }[];
    };
    const breaking = json.events.flatMap((e) => e.changes).filter((c) => c.severity === 'breaking');
    expect(breaking.length).toBe(5);
    const outputs = Object.fromEntries(
      await Promise.all(
        ['text', 'markdown', 'github', 'sarif', 'junit'].map(
          async (f) => [f, (await run(['diff', '--cwd', root, '--no-git', '--format', f, ...NOW])).stdout] as const,
        ),
      ),
    );
    const check = (await run(['check', '--cwd', root, '--no-git', ...NOW])).stdout;
    for (const c of breaking) {
      expect(c.summary, c.type).toMatch(/^[A-Z].*: .*\.$/);
      const summary = c.summary as string;
      expect(outputs.text).toContain(`${summary}\n    ${c.type} `);
      expect(outputs.markdown).toContain(`| ${summary} | \`${c.type}\` |`);
      expect(outputs.github).toContain(`::${summary} `); // workflow-command data escapes only %, CR and LF
      expect(outputs.sarif).toContain(JSON.stringify(summary));
      expect(outputs.junit).toContain(summary.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'));
      if (c.type !== 'EVENT_TYPE_REMOVED') expect(check).toContain(`${c.type}  ${summary} Breaking change in`);
    }
  });
});

describe('contracts check report formats', () => {
  it.each(['text', 'json', 'github', 'sarif', 'markdown'] as const)('%s', async (format) => {
    const root = await fixture();
    const result = await run(['check', '--cwd', root, '--no-git', '--format', format, ...NOW]);
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain(root);
    await expect(result.stdout).toMatchFileSnapshot(
      `./golden/check.${format === 'text' ? 'txt' : format === 'markdown' ? 'md' : format === 'github' ? 'github.txt' : format === 'sarif' ? 'sarif.json' : 'json'}`,
    );
  });
});

describe('determinism', () => {
  it('prints identical bytes when run twice, and leaves the lock and approvals untouched', async () => {
    const root = await fixture();
    const { readText } = await import('./helpers.js');
    const lockBefore = await readText(root, 'contracts.lock.json');
    const approvalsBefore = await readText(root, 'contracts.approvals.json');
    for (const args of [
      ['diff', '--format', 'json'],
      ['diff', '--format', 'markdown'],
      ['check', '--format', 'sarif'],
    ]) {
      const first = await run([...args, '--cwd', root, '--no-git', ...NOW]);
      const second = await run([...args, '--cwd', root, '--no-git', ...NOW]);
      expect(second.stdout).toBe(first.stdout);
    }
    expect(await readText(root, 'contracts.lock.json')).toBe(lockBefore);
    expect(await readText(root, 'contracts.approvals.json')).toBe(approvalsBefore);
  });
});
