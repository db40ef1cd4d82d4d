// Approvals as code: only an entry naming the exact change fingerprint accepts a break; expired
// approvals are errors; unused ones are warnings; there is no flag that silences everything.
import { describe, expect, it } from 'vitest';
import { parseApprovals } from '../../../generator/check/index.js';
import { lockEntry, lockText, makeRepo, obj, run, writeFiles } from './helpers.js';

const FILE = 'schemas/order/placed.v1.json';
const str = { type: 'string' };
const BEFORE = obj({ id: str });
const AFTER = obj({ id: str, code: str }, { required: ['code'] });
const NOW = ['--now', '2026-06-01'];

/** A repository whose working tree adds a required property (a backward break) to a locked revision. */
async function breakingRepo(): Promise<{ root: string; fingerprint: string }> {
  const root = await makeRepo({ [FILE]: AFTER, 'contracts.lock.json': lockText({ 'order.placed.v1': lockEntry(FILE, [BEFORE]) }) });
  const result = await run(['check', '--cwd', root, '--no-git', ...NOW]);
  const fingerprint = /"change": "([0-9a-f]{12})"/.exec(result.stdout)?.[1];
  expect(fingerprint, result.stdout).toBeDefined();
  return { root, fingerprint: fingerprint as string };
}

const approvals = (...entries: object[]) => ({ approvals: entries });

describe('approvals', () => {
  // A break without approval (exit 1, the message naming revision, direction, readers, fix): test/fixtures/check/required-added-lock-file-mode.
  const cases = [
    {
      name: 'valid',
      entry: (fp: string) => ({ eventType: 'order.placed.v1', change: fp, reason: 'no consumer yet', expires: '2026-06-30', approvedBy: 'jane' }),
      code: 0,
      lockCode: 0,
      want: ['It was accepted by contracts.approvals.json', '"no consumer yet"', 'approved by jane'],
      notWant: ['APPROVAL_UNUSED'],
    },
    {
      name: 'valid on its last day',
      entry: (fp: string) => ({ eventType: 'order.placed.v1', change: fp, reason: 'r', expires: '2026-06-01' }),
      code: 0,
      lockCode: 0,
      want: ['accepted by'],
      notWant: [],
    },
    {
      name: 'expired',
      entry: (fp: string) => ({ eventType: 'order.placed.v1', change: fp, reason: 'r', expires: '2026-05-31' }),
      code: 1,
      lockCode: 1,
      want: ['APPROVAL_EXPIRED', 'expired on 2026-05-31 and no longer accepts that breaking change', 'error  REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL'],
      notWant: [],
    },
    {
      name: 'wrong fingerprint',
      entry: () => ({ eventType: 'order.placed.v1', change: '0123456789ab', reason: 'r', expires: '2026-06-30' }),
      code: 1,
      lockCode: 1,
      want: ['APPROVAL_UNUSED', 'matches no breaking change'],
      notWant: ['accepted by'],
    },
    {
      name: 'right fingerprint, other event type',
      entry: (fp: string) => ({ eventType: 'order.shipped.v1', change: fp, reason: 'r', expires: '2026-06-30' }),
      code: 1,
      lockCode: 1,
      want: ['APPROVAL_UNUSED', '`order.shipped.v1` does not exist'],
      notWant: ['accepted by'],
    },
  ];
  it.each(cases)('$name approval → check exit $code, lock exit $lockCode', async ({ entry, code, lockCode, want, notWant }) => {
    const { root, fingerprint } = await breakingRepo();
    await writeFiles(root, { 'contracts.approvals.json': approvals(entry(fingerprint)) });
    const check = await run(['check', '--cwd', root, '--no-git', ...NOW]);
    // the lock is stale in every case (exit 1 from LOCK_OUTDATED), so judge the break via `lock` too
    for (const w of want) expect(check.stdout).toContain(w);
    for (const w of notWant) expect(check.stdout).not.toContain(w);
    const lock = await run(['lock', '--cwd', root, ...NOW]);
    expect(lock.code).toBe(lockCode);
    const after = await run(['check', '--cwd', root, '--no-git', ...NOW]);
    expect(after.code).toBe(code);
  });

  it('once recorded in the lock, the break stays accepted after the approval is removed (lock-file mode)', async () => {
    const { root, fingerprint } = await breakingRepo();
    await writeFiles(root, {
      'contracts.approvals.json': approvals({ eventType: 'order.placed.v1', change: fingerprint, reason: 'r', expires: '2026-06-30' }),
    });
    expect((await run(['lock', '--cwd', root, ...NOW])).code).toBe(0);
    await writeFiles(root, { 'contracts.approvals.json': undefined });
    const check = await run(['check', '--cwd', root, '--no-git', ...NOW]);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('proven by verification records in the lock');
    // Compared again, the break is found and accepted by the lock record.
    const full = await run(['check', '--cwd', root, '--no-git', '--full', ...NOW]);
    expect(full.code).toBe(0);
    expect(full.stdout).toContain(`accepted when revision 1.1.0 was recorded in contracts.lock.json (${fingerprint})`);
  });

  it('an expired approval left behind is an error even after the lock recorded the change', async () => {
    const { root, fingerprint } = await breakingRepo();
    await writeFiles(root, {
      'contracts.approvals.json': approvals({ eventType: 'order.placed.v1', change: fingerprint, reason: 'r', expires: '2026-06-30' }),
    });
    expect((await run(['lock', '--cwd', root, ...NOW])).code).toBe(0);
    const later = await run(['check', '--cwd', root, '--no-git', '--now', '2026-07-02']);
    expect(later.code).toBe(1);
    expect(later.stdout).toContain('APPROVAL_EXPIRED');
    expect(later.stdout).toMatch(/contracts\.approvals\.json:\d+:1\s+error\s+APPROVAL_EXPIRED/);
  });

  it('there is no flag that silences breaking changes', async () => {
    const { root } = await breakingRepo();
    for (const flag of ['--force', '--allow-breaking', '--ignore', '--no-fail']) {
      const result = await run(['check', '--cwd', root, '--no-git', flag]);
      expect(result.code, flag).toBe(2);
    }
  });

  const malformed = [
    ['not JSON', '{', 'is not valid JSON'],
    ['no approvals array', '{"approved": []}', 'must be an object with an "approvals" array'],
    [
      'missing reason',
      '{"approvals": [{"eventType": "a.b.v1", "change": "0123456789ab", "expires": "2026-01-01"}]}',
      'approvals[0].reason must be a non-empty string',
    ],
    [
      'bad fingerprint',
      '{"approvals": [{"eventType": "a.b.v1", "change": "REQUIRED_PROPERTY_ADDED", "reason": "r", "expires": "2026-01-01"}]}',
      'must be a change fingerprint',
    ],
    ['bad date', '{"approvals": [{"eventType": "a.b.v1", "change": "0123456789ab", "reason": "r", "expires": "next week"}]}', 'must be an ISO date'],
    [
      'unknown field',
      '{"approvals": [{"eventType": "a.b.v1", "change": "0123456789ab", "reason": "r", "expires": "2026-01-01", "all": true}]}',
      'unknown field(s) "all"',
    ],
  ] as const;
  it.each(malformed)('a malformed approvals file (%s) is an input error (exit 2)', async (_name, text, message) => {
    expect(() => parseApprovals(text)).toThrow(message);
    const { root } = await breakingRepo();
    await writeFiles(root, { 'contracts.approvals.json': text });
    const result = await run(['check', '--cwd', root, '--no-git']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
