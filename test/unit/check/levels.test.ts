// Every compatibility level over a lock with three or more revisions (transitive levels see them all,
// the others only the latest), per policy, in lock-file mode (`check --no-git`).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompatibilityLevel, CompatibilityPolicy } from '../../../generator/core/compatibility.js';
import type { JsonObject } from '../../../generator/core/json.js';
import { checkRepository } from '../../../generator/check/index.js';
import { readLock } from '../../../generator/records/index.js';
import { loadCatalog } from '../../../generator/load/index.js';
import { lockEntry, lockText, makeRepo, obj, run, writeFiles } from './helpers.js';

const FILE = 'schemas/order/placed.v1.json';
const str = { type: 'string' };
const int = { type: 'integer' };

/** r1 has a:string, r2 drops it, r3 adds b, r4 re-adds a as integer: only transitive levels see r1. */
const TRANSITIVE_CHAIN = [obj({ id: str, a: str }), obj({ id: str }), obj({ id: str, b: str }), obj({ id: str, b: str, a: int })];
/** The latest revision adds a required property without default: new readers break on old events. */
const REQUIRED_ADDED = [obj({ id: str }), obj({ id: str, note: str }), obj({ id: str, note: str, code: str }, { required: ['code'] })];
/** The latest revision drops a required property: deployed readers break on new events. */
const REQUIRED_REMOVED = [
  obj({ id: str, note: str }, { required: ['id'] }),
  obj({ id: str, note: str, x: int }, { required: ['id'] }),
  obj({ note: str, x: int }),
];
/** The latest revision adds an optional property to an open content model: STRICT breaks, LENIENT passes. */
const OPTIONAL_ADDED = [obj({ id: str }), obj({ id: str, a: int }), obj({ id: str, a: int, b: str })];

interface Row {
  name: string;
  chain: JsonObject[];
  level: CompatibilityLevel;
  policy: CompatibilityPolicy;
  /** Breaking change types expected (sorted), empty when the check passes. */
  want: string[];
  /** Revisions the break is reported against. */
  against?: string;
}

const rows: Row[] = [
  ...(['NONE', 'BACKWARD', 'FORWARD', 'FULL'] as const).map((level): Row => ({
    name: 'transitive chain, latest only',
    chain: TRANSITIVE_CHAIN,
    level,
    policy: 'LENIENT',
    want: [],
  })),
  { name: 'transitive chain vs r1', chain: TRANSITIVE_CHAIN, level: 'BACKWARD_TRANSITIVE', policy: 'LENIENT', want: ['TYPE_CHANGED'], against: '1.0.0' },
  { name: 'transitive chain vs r1', chain: TRANSITIVE_CHAIN, level: 'FORWARD_TRANSITIVE', policy: 'LENIENT', want: ['TYPE_CHANGED'], against: '1.0.0' },
  { name: 'transitive chain vs r1', chain: TRANSITIVE_CHAIN, level: 'FULL_TRANSITIVE', policy: 'LENIENT', want: ['TYPE_CHANGED'], against: '1.0.0' },
  {
    name: 'transitive chain, STRICT sees the optional add',
    chain: TRANSITIVE_CHAIN,
    level: 'BACKWARD',
    policy: 'STRICT',
    want: ['OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL'],
    against: '1.2.0',
  },
  {
    name: 'required added',
    chain: REQUIRED_ADDED,
    level: 'BACKWARD',
    policy: 'LENIENT',
    want: ['REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL'],
    against: '1.1.0',
  },
  { name: 'required added', chain: REQUIRED_ADDED, level: 'FORWARD', policy: 'LENIENT', want: [] },
  {
    name: 'required added',
    chain: REQUIRED_ADDED,
    level: 'FULL_TRANSITIVE',
    policy: 'LENIENT',
    want: ['REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL'],
    against: '1.0.0, 1.1.0',
  },
  { name: 'required added', chain: REQUIRED_ADDED, level: 'NONE', policy: 'STRICT', want: [] },
  { name: 'required removed', chain: REQUIRED_REMOVED, level: 'BACKWARD_TRANSITIVE', policy: 'LENIENT', want: [] },
  {
    name: 'required removed',
    chain: REQUIRED_REMOVED,
    level: 'FORWARD',
    policy: 'LENIENT',
    want: ['REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL'],
    against: '1.1.0',
  },
  { name: 'required removed', chain: REQUIRED_REMOVED, level: 'FULL', policy: 'STRICT', want: ['REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL'] },
  { name: 'optional added', chain: OPTIONAL_ADDED, level: 'FULL_TRANSITIVE', policy: 'LENIENT', want: [] },
  {
    name: 'optional added',
    chain: OPTIONAL_ADDED,
    level: 'BACKWARD_TRANSITIVE',
    policy: 'STRICT',
    want: ['OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL'],
    against: '1.0.0, 1.1.0',
  },
  { name: 'optional added', chain: OPTIONAL_ADDED, level: 'FORWARD_TRANSITIVE', policy: 'STRICT', want: [] },
];

/** The repository: the lock records every revision of the chain, the schema file holds the last one. */
async function repoFor(chain: JsonObject[], compatibility: unknown): Promise<string> {
  return makeRepo({
    'contracts.config.json': { compatibility },
    [FILE]: chain[chain.length - 1],
    'contracts.lock.json': lockText({ 'order.placed.v1': lockEntry(FILE, chain) }),
  });
}

describe('check at every level over ≥3 revisions recorded in the lock', () => {
  it.each(rows)('$level/$policy: $name → $want', async ({ chain, level, policy, want, against }) => {
    const root = await repoFor(chain, { level, policy });
    const cli = await run(['check', '--cwd', root, '--no-git']);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(want.length ? 1 : 0);

    const report = await checkRepository({ catalog: await loadCatalog({ root }), lock: await readLock(root), approvals: [], git: false });
    const errors = report.diagnostics.filter((d) => d.severity === 'error');
    expect([...new Set(errors.map((d) => d.ruleId))].sort()).toEqual(want);
    const event = report.events.find((e) => e.eventType === 'order.placed.v1');
    expect(event?.comparedWith.length).toBe(level === 'NONE' ? 0 : level.endsWith('TRANSITIVE') ? chain.length - 1 : 1);
    if (against) {
      const error = errors[0];
      expect(errors.map((d) => d.message).join('\n')).toContain(against.includes(',') ? `revisions ${against}` : `revision ${against}`);
      expect(error?.file).toBe(FILE);
      expect(error?.line).toBeGreaterThan(0);
      expect(error?.message).toMatch(/publish `order\.placed\.v2`/);
      expect(error?.message).toMatch(/"change": "[0-9a-f]{12}"/);
    }
  });

  it('takes the level from overrides (event type over domain over default)', async () => {
    const root = await repoFor(OPTIONAL_ADDED, { level: 'FULL_TRANSITIVE', policy: 'LENIENT', overrides: { order: { policy: 'STRICT' } } });
    expect((await run(['check', '--cwd', root, '--no-git'])).code).toBe(1);
    const relaxed = await repoFor(OPTIONAL_ADDED, { policy: 'LENIENT', overrides: { order: { policy: 'STRICT' }, 'order.placed.v1': { policy: 'LENIENT' } } });
    expect((await run(['check', '--cwd', relaxed, '--no-git'])).code).toBe(0);
  });

  it('compares each distinct fingerprint pair once (memoised), and identical revisions not at all', async () => {
    // The chain repeats r2 as r4: r1..r5 has 3 distinct earlier fingerprints besides the current one.
    const r = OPTIONAL_ADDED;
    const chain = [r[0], r[1], r[2], r[1], r[2]] as JsonObject[];
    const root = await repoFor(chain, { level: 'FULL_TRANSITIVE', policy: 'LENIENT' });
    const report = await checkRepository({ catalog: await loadCatalog({ root }), lock: await readLock(root), approvals: [], git: false });
    expect(report.events[0]?.comparedWith).toEqual(['1.0.0', '1.3.0']);
    expect(report.stats.comparisons).toBe(4); // 2 earlier fingerprints × 2 directions
  });

  it('trusts the verification `contracts lock` recorded when it covers the level; --full compares again', async () => {
    // A lock that claims the TRANSITIVE_CHAIN's last revision was verified at FULL_TRANSITIVE/LENIENT.
    // The claim is false (r4 breaks r1): without git the record is trusted, --full finds the break.
    const claim = (level: string, policy: string) => {
      const entry = lockEntry(FILE, TRANSITIVE_CHAIN);
      for (const r of entry.revisions) r.checked = { level: level as CompatibilityLevel, policy: policy as CompatibilityPolicy };
      return entry;
    };
    const rows = [
      { record: ['FULL_TRANSITIVE', 'LENIENT'], config: { level: 'FULL_TRANSITIVE', policy: 'LENIENT' }, trusted: true },
      { record: ['FULL_TRANSITIVE', 'LENIENT'], config: { level: 'BACKWARD', policy: 'LENIENT' }, trusted: true },
      { record: ['FULL', 'LENIENT'], config: { level: 'FULL_TRANSITIVE', policy: 'LENIENT' }, trusted: false },
      { record: ['BACKWARD_TRANSITIVE', 'LENIENT'], config: { level: 'FORWARD_TRANSITIVE', policy: 'LENIENT' }, trusted: false },
      { record: ['FULL_TRANSITIVE', 'STRICT'], config: { level: 'FULL_TRANSITIVE', policy: 'LENIENT' }, trusted: false },
    ];
    for (const row of rows) {
      const root = await makeRepo({
        'contracts.config.json': { compatibility: row.config },
        [FILE]: TRANSITIVE_CHAIN[3],
        'contracts.lock.json': lockText({ 'order.placed.v1': claim(row.record[0] as string, row.record[1] as string) }),
      });
      const base = { catalog: await loadCatalog({ root }), lock: await readLock(root), approvals: [], git: false };
      const trusting = await checkRepository(base);
      expect(trusting.stats.verifiedByLock, JSON.stringify(row)).toBe(row.trusted ? 1 : 0);
      expect(trusting.stats.comparisons > 0, JSON.stringify(row)).toBe(!row.trusted);
      const breaks = row.config.level.endsWith('TRANSITIVE');
      expect((await run(['check', '--cwd', root, '--no-git'])).code, JSON.stringify(row)).toBe(breaks && !row.trusted ? 1 : 0);
      expect((await run(['check', '--cwd', root, '--no-git', '--full'])).code, JSON.stringify(row)).toBe(breaks ? 1 : 0);
    }
  });

  it('records the verification level when locking, so the next check does not compare again', async () => {
    const root = await makeRepo({ 'contracts.config.json': { compatibility: { level: 'FULL_TRANSITIVE', policy: 'LENIENT' } }, [FILE]: OPTIONAL_ADDED[0] });
    for (const schema of OPTIONAL_ADDED) {
      await writeFiles(root, { [FILE]: schema });
      expect((await run(['lock', '--cwd', root])).code).toBe(0);
    }
    const lock = await readLock(root);
    expect(lock?.events['order.placed.v1']?.revisions.map((r) => r.checked)).toEqual(
      OPTIONAL_ADDED.map(() => ({ level: 'FULL_TRANSITIVE', policy: 'LENIENT' })),
    );
    const report = await checkRepository({ catalog: await loadCatalog({ root }), lock, approvals: [], git: false });
    expect(report.stats).toMatchObject({ comparisons: 0, verifiedByLock: 1 });
    expect(report.events[0]?.verifiedByLock).toEqual(['1.0.0', '1.1.0']);
    const full = await checkRepository({ catalog: await loadCatalog({ root }), lock, approvals: [], git: false, full: true });
    expect(full.stats).toMatchObject({ comparisons: 4, verifiedByLock: 0 });
    expect(full.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('re-verifies and upgrades the record when the configured level becomes stricter', async () => {
    const root = await makeRepo({ 'contracts.config.json': { compatibility: { level: 'BACKWARD', policy: 'LENIENT' } }, [FILE]: OPTIONAL_ADDED[0] });
    for (const schema of OPTIONAL_ADDED) {
      await writeFiles(root, { [FILE]: schema });
      expect((await run(['lock', '--cwd', root])).code).toBe(0);
    }
    await writeFiles(root, { 'contracts.config.json': { compatibility: { level: 'FULL_TRANSITIVE', policy: 'LENIENT' } } });
    const stale = await checkRepository({ catalog: await loadCatalog({ root }), lock: await readLock(root), approvals: [], git: false });
    expect(stale.stats).toMatchObject({ comparisons: 4, verifiedByLock: 0 });
    const relock = await run(['lock', '--cwd', root]);
    expect(relock.code).toBe(0);
    expect(relock.stdout).toContain('updated   order.placed.v1 1.2.0');
    const lock = await readLock(root);
    expect(lock?.events['order.placed.v1']?.revisions.at(-1)?.checked).toEqual({ level: 'FULL_TRANSITIVE', policy: 'LENIENT' });
    const trusted = await checkRepository({ catalog: await loadCatalog({ root }), lock, approvals: [], git: false });
    expect(trusted.stats).toMatchObject({ comparisons: 0, verifiedByLock: 1 });

    // A level under which the history does not hold: lock refuses and writes nothing.
    await writeFiles(root, { 'contracts.config.json': { compatibility: { level: 'FULL_TRANSITIVE', policy: 'STRICT' } } });
    const before = await readFile(join(root, 'contracts.lock.json'), 'utf8');
    const strict = await run(['lock', '--cwd', root]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL');
    expect(await readFile(join(root, 'contracts.lock.json'), 'utf8')).toBe(before);
  });
});
