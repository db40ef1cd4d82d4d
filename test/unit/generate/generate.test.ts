/**
 * The example repository through the whole stage: golden files per output file (the committed
 * generated/ folder *is* the golden set: `vitest -u` rewrites it, review it like code), and
 * idempotence (twice → identical bytes, inputs unmutated).
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { planPackages, type PackPlan } from '../../../generator/generate/index.js';
import { readEventVersions } from '../../../generator/records/index.js';
import { BANNER } from '../../../generator/generate/plan.js';
import type { Catalog } from '../../../generator/load/catalog.js';
import { loadCatalog } from '../../../generator/load/index.js';
import { loadMigrations, type MigrationFile } from '../../../generator/migrations/index.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
let catalog: Catalog;
let plan: PackPlan;
let locked: Awaited<ReturnType<typeof readEventVersions>>;
let migrations: MigrationFile[];

beforeAll(async () => {
  catalog = await loadCatalog({ root: repoRoot });
  migrations = (await loadMigrations(repoRoot)).migrations;
  // Versions from contracts.lock.json, as `contracts generate` does (order.placed.v2 has a second revision).
  locked = await readEventVersions(catalog);
  plan = await planPackages({ catalog, ...locked, migrations });
});

describe('example repository', () => {
  it('loads without errors (generation input is sound)', () => {
    expect(catalog.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('plans one package per domain', () => {
    expect(plan.packages.map((p) => [p.dir, p.name, p.eventTypes])).toEqual([
      ['order-events', '@acme/order-events', ['order.item.added.v1', 'order.placed.v1', 'order.placed.v2']],
      ['payment-events', '@acme/payment-events', ['payment.processed.v1']],
      ['user-events', '@acme/user-events', ['user.created.v1']],
    ]);
  });

  it('matches the committed generated/ file by file (golden)', async () => {
    const files = plan.packages.flatMap((p) => p.files.map((f) => ({ rel: `${p.dir}/${f.path}`, contents: f.contents })));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      await expect(file.contents, file.rel).toMatchFileSnapshot(path.join(repoRoot, 'generated', file.rel));
    }
  });

  it('is deterministic: fixed banner, LF only, no absolute paths, no timestamps', () => {
    const schemaText = JSON.stringify(catalog.events);
    for (const pkg of plan.packages) {
      for (const file of pkg.files) {
        const where = `${pkg.dir}/${file.path}`;
        if (/\.(js|ts)$/.test(file.path)) expect(file.contents.startsWith(`${BANNER}\n`), where).toBe(true);
        expect(file.contents, where).not.toMatch(/\r/);
        expect(file.contents.endsWith('\n') && !file.contents.endsWith('\n\n'), where).toBe(true);
        expect(file.contents.includes(repoRoot), where).toBe(false);
        // Every timestamp in the output comes from the schemas (examples), none from the clock.
        for (const stamp of file.contents.match(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g) ?? []) expect(schemaText, where).toContain(stamp);
        expect(file.contents, where).not.toMatch(/\brequire\s*\(/);
      }
    }
  });

  it('is idempotent: a second plan has identical bytes and the catalog is not mutated', async () => {
    const before = JSON.stringify({ events: catalog.events, shared: catalog.shared });
    const again = await planPackages({ catalog, ...locked, migrations });
    expect(JSON.stringify({ events: catalog.events, shared: catalog.shared })).toBe(before);
    expect(again.packages.map((p) => [p.inputHash, p.files])).toEqual(plan.packages.map((p) => [p.inputHash, p.files]));
  });

  it('emits shared definitions once per package and imports nothing remote', () => {
    const types = plan.packages.find((p) => p.dir === 'order-events')!.files.find((f) => f.path === 'types.d.ts')!.contents;
    expect(types.match(/^export interface Money \{/gm)).toHaveLength(1);
    expect(types).toMatch(/total: Money;/);
    expect(types).toMatch(/unitPrice: Money;/);
    expect(types).not.toMatch(/https?:/);
  });

  it('puts v1 and v2 of order.placed on one topic union, discriminated by eventType', () => {
    const types = plan.packages.find((p) => p.dir === 'order-events')!.files.find((f) => f.path === 'types.d.ts')!.contents;
    expect(types).toContain('export type OrderPlacedTopicEvent = OrderPlacedV1Event | OrderPlacedV2Event;');
    expect(types).toContain('export type OrderPlacedV2Event = Envelope<OrderPlacedV2, "order.placed.v2">;');
  });

  it('reuses a package whose input hash is known and recomputes the others', async () => {
    const [order, payment] = plan.packages;
    const partial = await planPackages({
      catalog,
      ...locked,
      migrations,
      reuse: new Map([
        [order!.dir, order!.inputHash],
        [payment!.dir, 'stale-hash'],
      ]),
    });
    expect(partial.packages.map((p) => [p.dir, p.reused, p.files.length > 0])).toEqual([
      ['order-events', true, false],
      ['payment-events', false, true],
      ['user-events', false, true],
    ]);
  });

  it('takes eventVersion from the lock and the package version from the release record when given', async () => {
    const versioned = await planPackages({
      catalog,
      versions: new Map([['user.created.v1', '1.3.1']]),
      packageVersions: new Map([['@acme/user-events', '1.3.0']]),
    });
    const user = versioned.packages.find((p) => p.dir === 'user-events')!;
    expect(user.files.find((f) => f.path === 'index.js')!.contents).toContain('eventVersion: "1.3.1",');
    expect(JSON.parse(user.files.find((f) => f.path === 'package.json')!.contents).version).toBe('1.3.0');
    expect(user.inputHash).not.toBe(plan.packages.find((p) => p.dir === 'user-events')!.inputHash);
  });
});

describe('committed packages at run time', () => {
  it.each(['order-events', 'payment-events', 'user-events'])(
    '%s: every example validates (strict and tolerant) and serializes to the same JSON',
    async (dir) => {
      const mod = (await import(path.join(repoRoot, 'generated', dir, 'index.js'))) as Record<string, unknown>;
      const descriptors = Object.values(mod).filter(
        (v): v is { eventType: string; validate: (d: unknown) => boolean; serialize: (d: unknown) => string; partitionKey: (d: unknown) => string | null } =>
          typeof v === 'object' && v !== null && 'eventType' in v,
      );
      expect(descriptors.length).toBeGreaterThan(0);
      for (const def of descriptors) {
        const event = catalog.events.find((e) => e.eventType === def.eventType)!;
        expect(event.examples.length, def.eventType).toBeGreaterThan(0);
        for (const example of event.examples) {
          expect(def.validate(example), `${def.eventType}: ${JSON.stringify((def.validate as unknown as { errors: unknown }).errors)}`).toBe(true);
          expect(JSON.parse(def.serialize(example))).toEqual(example);
          expect(def.partitionKey(example)).toBe((example as Record<string, unknown>)[event.partitionKey!.slice(1)]);
          // strict rejects an undeclared property; the example itself is declared-only
          expect(def.validate({ ...(example as object), undeclaredProperty: 1 })).toBe(false);
        }
      }
    },
  );
});
