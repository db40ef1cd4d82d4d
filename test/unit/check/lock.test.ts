// Lock-file mode: `contracts lock` records revisions with semver (patch for documentation, minor for
// compatible changes), refuses breaks, is deterministic; `contracts check` fails while the lock is stale.
import { describe, expect, it } from 'vitest';
import { currentSemver, parseLock, readLock } from '../../../generator/records/index.js';
import { makeRepo, obj, readText, run, writeFiles } from './helpers.js';

const FILE = 'schemas/order/placed.v1.json';
const str = { type: 'string' };
const NOW = ['--now', '2026-06-01'];

describe('contracts lock', () => {
  it('records revisions: initial N.0.0, patch for documentation, minor for compatible, refuses breaks', async () => {
    const root = await makeRepo({ [FILE]: obj({ id: str }, { title: 'Order placed' }) });

    // No lock yet: check says so and names the command.
    const missing = await run(['check', '--cwd', root, '--no-git', ...NOW]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('LOCK_MISSING');
    expect(missing.stdout).toContain('contracts lock');

    const steps: { edit?: object; lock: number; semver: string; change?: string; checkBefore: number; stale?: RegExp }[] = [
      { lock: 0, semver: '1.0.0', checkBefore: 1 },
      {
        edit: obj({ id: str }, { title: 'Order placed', description: 'An order was placed.' }),
        lock: 0,
        semver: '1.0.1',
        change: 'documentation',
        checkBefore: 1,
        stale: /changed since contracts\.lock\.json recorded 1\.0\.0\. Run `contracts lock` to record it as 1\.0\.1/,
      },
      {
        edit: obj({ id: str, note: str }, { title: 'Order placed', description: 'An order was placed.' }),
        lock: 0,
        semver: '1.1.0',
        change: 'compatible',
        checkBefore: 1,
        stale: /record it as 1\.1\.0/,
      },
      { edit: obj({ id: str, note: str, code: str }, { title: 'Order placed', required: ['code'] }), lock: 1, semver: '1.1.0', checkBefore: 1 },
    ];
    for (const step of steps) {
      if (step.edit) await writeFiles(root, { [FILE]: step.edit });
      const before = await run(['check', '--cwd', root, '--no-git', ...NOW]);
      expect(before.code).toBe(step.checkBefore);
      if (step.stale) expect(before.stdout).toMatch(step.stale);
      const lockBefore = await readText(root, 'contracts.lock.json').catch(() => '');
      const locked = await run(['lock', '--cwd', root, ...NOW]);
      expect(locked.code).toBe(step.lock);
      const lock = await readLock(root);
      expect(currentSemver(lock, 'order.placed.v1')).toBe(step.semver);
      if (step.change) expect(lock?.events['order.placed.v1']?.revisions.at(-1)?.change).toBe(step.change);
      if (step.lock === 0) {
        expect((await run(['check', '--cwd', root, '--no-git', ...NOW])).code).toBe(0);
      } else {
        // Refused: nothing written, the reason names the change and the way out.
        expect(await readText(root, 'contracts.lock.json')).toBe(lockBefore);
        expect(locked.stderr).toContain('REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL');
        expect(locked.stderr).toMatch(/To record it anyway, approve [0-9a-f]{12} in contracts\.approvals\.json/);
        expect(locked.stdout).toContain('Not written');
      }
    }
    expect(parseLock(await readText(root, 'contracts.lock.json')).events['order.placed.v1']?.revisions.map((r) => r.semver)).toEqual([
      '1.0.0',
      '1.0.1',
      '1.1.0',
    ]);
  });

  it('writes deterministic bytes (sorted keys, LF, trailing newline) and does not rewrite an unchanged lock', async () => {
    const root = await makeRepo({
      'schemas/b/second.v1.json': obj({ z: str, a: str }, { required: ['z'], title: 'B' }),
      'schemas/a/first.v2.json': obj({ id: str }),
    });
    expect((await run(['lock', '--cwd', root])).code).toBe(0);
    const first = await readText(root, 'contracts.lock.json');
    const again = await run(['lock', '--cwd', root]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('is up to date');
    expect(await readText(root, 'contracts.lock.json')).toBe(first);
    expect(first.endsWith('}\n')).toBe(true);
    expect(first).not.toContain('\r');
    expect(Object.keys(JSON.parse(first).events)).toEqual(['a.first.v2', 'b.second.v1']);
    const schema = JSON.parse(first).events['b.second.v1'].revisions[0].schema;
    expect(Object.keys(schema)).toEqual([...Object.keys(schema)].sort());
    expect(Object.keys(schema.properties)).toEqual(['a', 'z']);
    expect(currentSemver(parseLock(first), 'a.first.v2')).toBe('2.0.0');
    expect(currentSemver(parseLock(first), 'nope.v1')).toBeUndefined();
  });

  it('--dry-run reports without writing', async () => {
    const root = await makeRepo({ [FILE]: obj({ id: str }) });
    const dry = await run(['lock', '--cwd', root, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('added     order.placed.v1 1.0.0');
    await expect(readText(root, 'contracts.lock.json')).rejects.toThrow();
  });

  it('rejects a malformed lock with exit 2 and a hint', async () => {
    const root = await makeRepo({ [FILE]: obj({ id: str }), 'contracts.lock.json': '{"lockfileVersion": 7, "events": {}}' });
    const result = await run(['check', '--cwd', root, '--no-git']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('lockfileVersion');
    expect(result.stderr).toContain('contracts lock');
  });
});

describe('deletion and new majors (lock-file mode)', () => {
  const v1 = obj({ id: str });
  const rows = [
    { name: 'never deprecated', deprecate: {}, now: '2026-06-01', code: 1, rule: 'EVENT_TYPE_REMOVED', text: 'it was not deprecated' },
    {
      name: 'deprecated without x-sunset',
      deprecate: { deprecated: true },
      now: '2026-06-01',
      code: 1,
      rule: 'EVENT_TYPE_REMOVED',
      text: 'has no `x-sunset` date',
    },
    {
      name: 'sunset in the future',
      deprecate: { deprecated: true, 'x-sunset': '2026-07-01' },
      now: '2026-06-01',
      code: 1,
      rule: 'EVENT_TYPE_REMOVED',
      text: 'its sunset (2026-07-01) has not been reached',
    },
    {
      name: 'sunset passed',
      deprecate: { deprecated: true, 'x-sunset': '2026-05-01' },
      now: '2026-06-01',
      code: 0,
      rule: 'EVENT_TYPE_RETIRED',
      text: 'was deleted after its sunset (2026-05-01)',
    },
  ];
  it.each(rows)('deleting an event type $name → exit $code', async ({ deprecate, now, code, rule, text }) => {
    const root = await makeRepo({ [FILE]: { ...v1, ...deprecate }, 'schemas/order/kept.v1.json': v1 });
    expect((await run(['lock', '--cwd', root, '--now', now])).code).toBe(0);
    await writeFiles(root, { [FILE]: undefined });
    const check = await run(['check', '--cwd', root, '--no-git', '--now', now]);
    expect(check.code).toBe(1); // the lock still records it in every case
    expect(check.stdout).toContain(rule);
    expect(check.stdout).toContain(text);
    const lock = await run(['lock', '--cwd', root, '--now', now]);
    expect(lock.code).toBe(code);
    if (code === 0) {
      expect(lock.stdout).toContain('dropped   order.placed.v1');
      expect((await run(['check', '--cwd', root, '--no-git', '--now', now])).code).toBe(0);
    } else {
      expect((await readLock(root))?.events['order.placed.v1']).toBeDefined();
    }
  });

  it('reports a new v<N+1> as a new major, not a break', async () => {
    const root = await makeRepo({ [FILE]: v1 });
    expect((await run(['lock', '--cwd', root])).code).toBe(0);
    await writeFiles(root, { 'schemas/order/placed.v2.json': obj({ id: { type: 'integer' } }, { required: ['id'] }) });
    const check = await run(['check', '--cwd', root, '--no-git']);
    expect(check.stdout).toMatch(/NEW_MAJOR\s+`order\.placed\.v2` is a new major of `order\.placed` \(latest earlier major: v1\)/);
    expect(check.stdout).not.toContain('TYPE_CHANGED');
    expect(check.code).toBe(1); // not yet in the lock
    expect((await run(['lock', '--cwd', root])).code).toBe(0);
    expect(currentSemver(await readLock(root), 'order.placed.v2')).toBe('2.0.0');
    expect((await run(['check', '--cwd', root, '--no-git'])).code).toBe(0);
  });
});

describe('unreadable schema files', () => {
  it('reports the load error, not a deletion, when a recorded schema becomes malformed', async () => {
    const root = await makeRepo({ [FILE]: obj({ id: str }) });
    expect((await run(['lock', '--cwd', root])).code).toBe(0);
    await writeFiles(root, { [FILE]: '{"type": "object", ' });
    const check = await run(['check', '--cwd', root, '--no-git']);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('schemas/order/placed.v1.json');
    expect(check.stdout).not.toContain('EVENT_TYPE_REMOVED');
    const lock = await run(['lock', '--cwd', root]);
    expect(lock.code).toBe(1);
    expect(lock.stderr).toContain('not writing contracts.lock.json: the repository has load errors');
  });
});

// A break inside an inlined shared file is located there: test/fixtures/check/break-in-shared-definition.

describe('planLock is pure', () => {
  it('does not mutate the lock it is given', async () => {
    const { planLock, ComparisonCache, compatCompare, currentEvents } = await import('../../../generator/check/index.js');
    const { loadCatalog } = await import('../../../generator/load/index.js');
    const root = await makeRepo({ [FILE]: obj({ id: str }) });
    expect((await run(['lock', '--cwd', root])).code).toBe(0);
    await writeFiles(root, { [FILE]: obj({ id: str, note: str }), 'schemas/order/gone.v1.json': undefined });
    const lock = await readLock(root);
    const before = JSON.stringify(lock);
    const { events } = currentEvents(await loadCatalog({ root }));
    const plan = planLock({ current: events, lock, approvals: [], now: new Date('2026-06-01'), cache: new ComparisonCache(compatCompare) });
    expect(plan.actions).toEqual([{ eventType: 'order.placed.v1', action: 'revised', from: '1.0.0', semver: '1.1.0', change: 'compatible' }]);
    expect(JSON.stringify(lock)).toBe(before);
  });
});

describe('bad --cwd', () => {
  it.each(['check', 'diff', 'lock'])('%s on a missing directory or a file is an input error (exit 2)', async (command) => {
    const root = await makeRepo({ 'a-file.txt': 'x' });
    for (const cwd of [`${root}/missing`, `${root}/a-file.txt`]) {
      const result = await run([command, '--cwd', cwd]);
      expect(result.code).toBe(2);
      expect(result.stderr).not.toContain('internal error');
      expect(result.stderr).toContain(cwd);
    }
  });
});
