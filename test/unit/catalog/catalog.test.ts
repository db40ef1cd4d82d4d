/**
 * The catalog's pure parts: escaping at render time (table-driven), JSON embedded in a script block,
 * the property tree of a bundled schema, and the plan on a copy of the example repository (status,
 * revisions from the lock with the PR report's sentences, usage named as `contracts generate` names it).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyExampleRepo } from '../../support/repo.js';
import { buildCatalogSite, CATALOG_MARKER, escapeHtml, html, jsonForScript, planCatalog, renderCatalogSite } from '../../../generator/catalog/index.js';
import { propertyTree } from '../../../generator/catalog/tree.js';
import { planLock, ComparisonCache, compatCompare, currentEvents } from '../../../generator/check/index.js';
import { readLock, writeLock } from '../../../generator/records/index.js';
import { loadCatalog } from '../../../generator/load/index.js';

describe('escaping', () => {
  it.each([
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['"quoted" & \'single\'', '&quot;quoted&quot; &amp; &#39;single&#39;'],
    ['`tick`', '&#96;tick&#96;'],
    ['plain', 'plain'],
  ])('escapeHtml(%j)', (given, want) => expect(escapeHtml(given)).toBe(want));

  it('html`` escapes every interpolation, arrays included, and trusts only its own output', () => {
    const evil = '</td><script>x</script>';
    const out = html`<td title="${evil}">${[evil, html`<b>${evil}</b>`]}</td>`.value;
    expect(out).toBe(
      '<td title="&lt;/td&gt;&lt;script&gt;x&lt;/script&gt;">&lt;/td&gt;&lt;script&gt;x&lt;/script&gt;<b>&lt;/td&gt;&lt;script&gt;x&lt;/script&gt;</b></td>',
    );
  });

  it('jsonForScript cannot close its script block and round-trips', () => {
    const value = { title: '</script><script>alert(1)</script>', c: '<!-- & \u2028 \u2029 >' };
    const text = jsonForScript(value).value;
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('propertyTree', () => {
  it('lists properties with type, required, constraints, description; follows refs and marks shared ones', () => {
    const tree = propertyTree({
      type: 'object',
      required: ['id'],
      properties: {
        id: { type: 'string', format: 'uuid', maxLength: 36, description: 'Id.' },
        total: { $ref: '#/definitions/_shared.money' },
        lines: { type: 'array', minItems: 1, items: { $ref: '#/definitions/line' } },
        node: { $ref: '#/definitions/node' },
      },
      definitions: {
        '_shared.money': { type: 'object', additionalProperties: false, properties: { amount: { type: 'integer', minimum: 0 } } },
        line: { type: 'object', properties: { sku: { type: 'string', enum: ['A', 'B'] } } },
        node: { type: 'object', properties: { next: { $ref: '#/definitions/node' } } },
      },
    });
    expect(tree.map((n) => [n.name, n.type, n.required])).toEqual([
      ['id', 'string', true],
      ['total', 'object', false],
      ['lines', 'array of object', false],
      ['node', 'object', false],
    ]);
    expect(tree[0]).toMatchObject({ constraints: ['format: uuid', 'length ≤ 36'], description: 'Id.' });
    expect(tree[1]).toMatchObject({ shared: '_shared.money', constraints: ['closed (no other properties)'] });
    expect(tree[1]?.children[0]).toMatchObject({ name: 'amount', type: 'integer', constraints: ['0 ≤ value'] });
    expect(tree[2]?.children[0]?.children[0]).toMatchObject({ name: 'sku', constraints: ['one of: "A", "B"'] });
    expect(tree[3]?.children[0]).toMatchObject({ name: 'next', recursive: true, children: [] });
  });
});

describe('planCatalog and the site on the example repository', () => {
  let root: string;
  beforeEach(() => {
    root = copyExampleRepo('contracts-catalog-unit-');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('status follows x-sunset and the clock; usage uses the generated names', async () => {
    const catalog = await loadCatalog({ root });
    const lock = await readLock(root);
    const before = planCatalog({ catalog, lock, now: new Date('2027-01-01T00:00:00Z') });
    const after = planCatalog({ catalog, lock, now: new Date('2027-07-01T00:00:00Z') });
    const v1 = (m: typeof before) => m.events.find((e) => e.summary.eventType === 'order.placed.v1')!;
    expect(v1(before).summary).toMatchObject({ status: 'deprecated', sunset: '2027-06-30', owner: 'team-checkout', topic: 'order.placed', latest: '1.0.0' });
    expect(v1(after).summary.status).toBe('sunset-passed');
    const v2 = before.events.find((e) => e.summary.eventType === 'order.placed.v2')!;
    expect(v2.usage.install).toBe('npm install @acme/order-events');
    expect(v2.usage.publish).toContain('await events.publishOrderPlacedV2(data);');
    expect(v2.subject).toBe('order.placed-order.placed.v2');
    expect(v2.shared).toEqual(['_shared.address', '_shared.money']);
    expect(before.counts).toMatchObject({ eventTypes: 5, domains: 3, deprecated: 1 });
  });

  it('revisions come from the lock, with the sentences of the PR report, and an unreleased working-tree revision', async () => {
    const file = path.join(root, 'schemas/user/created.v1.json');
    const schema = JSON.parse(readFileSync(file, 'utf8'));
    schema.properties.referralCode = { type: 'string', maxLength: 16 };
    writeFileSync(file, JSON.stringify(schema));
    let catalog = await loadCatalog({ root });
    const cache = new ComparisonCache(compatCompare);
    const unreleased = planCatalog({ catalog, lock: await readLock(root), now: new Date(), cache }).events.find(
      (e) => e.summary.eventType === 'user.created.v1',
    )!;
    expect(unreleased.revisions.map((r) => [r.semver, r.change])).toEqual([
      ['1.0.0', 'initial'],
      ['1.1.0-unreleased', 'unreleased'],
    ]);
    // Record it, as `contracts lock` does, then the revision is the lock's 1.1.0.
    const plan = planLock({ current: currentEvents(catalog).events, lock: await readLock(root), approvals: [], now: new Date(), cache });
    await writeLock(root, plan.lock);
    catalog = await loadCatalog({ root });
    const page = planCatalog({ catalog, lock: await readLock(root), now: new Date(), cache }).events.find((e) => e.summary.eventType === 'user.created.v1')!;
    expect(page.revisions.map((r) => [r.semver, r.change])).toEqual([
      ['1.0.0', 'initial'],
      ['1.1.0', 'compatible'],
    ]);
    const [change] = page.revisions[1]!.changes;
    expect(change).toMatchObject({ severity: 'compatible', path: '#/properties/referralCode' });
    expect(change?.message).toContain('referralCode');
  });

  it('builds into a folder it owns, refuses a foreign non-empty folder, and renders deterministically', async () => {
    const catalog = await loadCatalog({ root });
    const now = new Date('2027-01-01T00:00:00Z');
    const a = renderCatalogSite(planCatalog({ catalog, lock: await readLock(root), now }));
    const b = renderCatalogSite(planCatalog({ catalog, lock: await readLock(root), now }));
    expect([...a]).toEqual([...b]);
    expect([...a.keys()]).toEqual(
      expect.arrayContaining([
        'index.html',
        'events/order.placed.v2.html',
        'events/order.placed.v2.diff.html',
        'shared/_shared.money.html',
        'assets/catalog.js',
        CATALOG_MARKER,
      ]),
    );
    for (const [name, text] of a) if (name.endsWith('.html')) expect(text, name).not.toMatch(/(?:src|href|action)="(?:https?:)?\/\//); // schema text may mention URLs; nothing links or loads one
    const site = await buildCatalogSite({ catalog, outDir: 'site', now });
    expect(readFileSync(path.join(site.outDir, 'index.html'), 'utf8')).toBe(a.get('index.html'));
    await buildCatalogSite({ catalog, outDir: 'site', now }); // replaces its own folder
    writeFileSync(path.join(root, 'schemas', 'keep.txt'), 'x');
    await expect(buildCatalogSite({ catalog, outDir: 'schemas', now })).rejects.toThrow(/not written by `contracts catalog`/);
    expect(readFileSync(path.join(root, 'schemas', 'keep.txt'), 'utf8')).toBe('x');
  });
});
