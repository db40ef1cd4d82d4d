import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleEventSchema, loadCatalog } from '../../../generator/load/index.js';
import { getAjv } from '../../../generator/ajv/index.js';
import { walkSchema } from '../../../generator/core/walk-schema.js';
import { DEFAULT_CONFIG } from '../../../generator/core/config.js';
import { mergeConfig } from '../../../generator/load/config.js';
import type { JsonObject } from '../../../generator/core/json.js';
import { makeRepo } from '../../support/repo.js';

const EXAMPLE = fileURLToPath(new URL('../../../', import.meta.url));
const roots: string[] = [];
const repo = (files: Record<string, unknown>) => {
  const root = makeRepo(files);
  roots.push(root);
  return root;
};
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

const refsOf = (schema: JsonObject): string[] => {
  const refs: string[] = [];
  walkSchema(schema, ({ schema: s }) => {
    if (typeof s.$ref === 'string') refs.push(s.$ref);
  });
  return refs;
};

describe('loadCatalog on the example repository', () => {
  it('reads every contract with its draft, topic, key and owner, and reports nothing', async () => {
    const catalog = await loadCatalog({ root: EXAMPLE });
    expect(catalog.diagnostics).toEqual([]);
    expect(catalog.events.map((e) => [e.eventType, e.draft, e.topic, e.partitionKey, e.owner, e.deprecated])).toEqual([
      ['order.item.added.v1', 'draft-07', 'order.item.added', '/orderId', 'team-checkout', false],
      ['order.placed.v1', 'draft-07', 'order.placed', '/orderId', 'team-checkout', true],
      ['order.placed.v2', 'draft-07', 'order.placed', '/orderId', 'team-checkout', false],
      ['payment.processed.v1', 'draft-07', 'payments', '/orderId', 'team-payments', false],
      ['user.created.v1', 'draft-07', 'user.created', '/userId', 'team-identity', false],
    ]);
    expect(catalog.shared.map((s) => s.file)).toEqual(['schemas/_shared/address.json', 'schemas/_shared/money.json']);
    expect(catalog.refs?.filter((r) => !r.target)).toEqual([]);
    expect(catalog.config.packageScope).toBe('@acme');
  });

  it('bundles order.placed.v2 into one self-contained schema (golden)', async () => {
    const catalog = await loadCatalog({ root: EXAMPLE });
    const before = structuredClone(catalog.events);
    const bundle = bundleEventSchema(catalog, 'order.placed.v2');
    expect(catalog.events).toEqual(before);
    await expect(`${JSON.stringify(bundle, null, 2)}\n`).toMatchFileSnapshot('./golden/order.placed.v2.bundle.json');
    expect(JSON.stringify(bundleEventSchema(catalog, 'order.placed.v2'))).toBe(JSON.stringify(bundle));
  });

  it('every example bundle is self-contained, compiles and accepts its examples', async () => {
    const catalog = await loadCatalog({ root: EXAMPLE });
    for (const event of catalog.events) {
      const bundle = bundleEventSchema(catalog, event.eventType);
      expect(
        refsOf(bundle).filter((r) => !r.startsWith('#')),
        event.eventType,
      ).toEqual([]);
      const validate = getAjv(event.draft).compile(bundle);
      for (const example of event.examples) expect(validate(example), `${event.eventType}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });
});

describe('$ref resolution', () => {
  const shared = (extra: JsonObject = {}) => ({ type: 'object', additionalProperties: false, properties: { n: { type: 'integer' } }, ...extra });
  const event = (properties: JsonObject, extra: JsonObject = {}) => ({ type: 'object', additionalProperties: false, properties, ...extra });

  it.each([
    ['a relative file', { 'schemas/_shared/m.json': shared() }, '../_shared/m.json', { file: 'schemas/_shared/m.json', pointer: '' }],
    [
      'a relative file with a pointer',
      { 'schemas/_shared/m.json': shared() },
      '../_shared/m.json#/properties/n',
      { file: 'schemas/_shared/m.json', pointer: '/properties/n' },
    ],
    [
      'a declared $id elsewhere in the tree',
      { 'schemas/_lib/deep/m.json': shared({ $id: 'https://acme.test/money' }) },
      'https://acme.test/money',
      { file: 'schemas/_lib/deep/m.json', pointer: '' },
    ],
    ['a local pointer', {}, '#/definitions/x', { file: 'schemas/s/e.v1.json', pointer: '/definitions/x' }],
    ['a draft-07 plain-name $id anchor', {}, '#thex', { file: 'schemas/s/e.v1.json', pointer: '/definitions/x' }],
    [
      'another event',
      { 'schemas/s/f.v1.json': event({}, { definitions: { y: { type: 'string' } } }) },
      'f.v1.json#/definitions/y',
      { file: 'schemas/s/f.v1.json', pointer: '/definitions/y' },
    ],
    ['a file outside schemas/ but inside the root', { 'common/m.json': shared() }, '../../common/m.json', { file: 'common/m.json', pointer: '' }],
  ])('resolves %s', async (_name, files, ref, target) => {
    const root = repo({ ...files, 'schemas/s/e.v1.json': event({ r: { $ref: ref } }, { definitions: { x: { $id: '#thex', type: 'string' } } }) });
    const catalog = await loadCatalog({ root });
    const edge = catalog.refs?.find((e) => e.file === 'schemas/s/e.v1.json' && e.pointer === '/properties/r');
    expect(edge?.problem).toBeUndefined();
    expect(edge?.target).toEqual(target);
  });

  it('resolves $anchor (2020-12) and relative refs against a nested $id', async () => {
    const root = repo({
      'schemas/_shared/lib.json': {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: 'https://acme.test/lib/root.json',
        $defs: { a: { $anchor: 'money', type: 'integer' }, inner: { $id: 'sub/inner.json', $defs: { b: { type: 'string' } }, $ref: '#/$defs/b' } },
      },
      'schemas/s/e.v1.json': event({ m: { $ref: 'https://acme.test/lib/root.json#money' }, i: { $ref: 'https://acme.test/lib/sub/inner.json' } }),
    });
    const catalog = await loadCatalog({ root });
    const target = (p: string) => catalog.refs?.find((e) => e.pointer === p)?.target;
    expect(target('/properties/m')).toEqual({ file: 'schemas/_shared/lib.json', pointer: '/$defs/a' });
    expect(target('/properties/i')).toEqual({ file: 'schemas/_shared/lib.json', pointer: '/$defs/inner' });
    expect(target('/$defs/inner')).toEqual({ file: 'schemas/_shared/lib.json', pointer: '/$defs/inner/$defs/b' });
  });

  it('resolves an anchor in a file named by path even when the file declares its own $id', async () => {
    const root = repo({
      'schemas/_shared/lib.json': {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: 'https://acme.test/elsewhere.json',
        $defs: { a: { $anchor: 'money', type: 'integer' } },
      },
      'schemas/s/e.v1.json': event({ m: { $ref: '../_shared/lib.json#money' } }),
    });
    const catalog = await loadCatalog({ root });
    expect(catalog.refs?.find((e) => e.pointer === '/properties/m')?.target).toEqual({ file: 'schemas/_shared/lib.json', pointer: '/$defs/a' });
  });

  it('a recursive structure is not a cycle; a chain of bare refs is', async () => {
    const root = repo({
      'schemas/s/e.v1.json': event(
        { tree: { $ref: '#/definitions/node' }, loop: { $ref: '#/definitions/a' } },
        {
          definitions: {
            node: { type: 'object', additionalProperties: false, properties: { kids: { type: 'array', items: { $ref: '#/definitions/node' } } } },
            a: { $ref: '#/definitions/b' },
            b: { $ref: '#/definitions/a', title: 'annotations are not structure' },
          },
        },
      ),
    });
    const catalog = await loadCatalog({ root });
    expect(catalog.diagnostics.map((d) => [d.ruleId, d.pointer])).toEqual([['REF_CYCLE', '/definitions/a/$ref']]);
  });

  it('bundles nested external refs under stable names, keeps existing $defs, rewrites every ref', async () => {
    const root = repo({
      'schemas/_shared/money.json': shared({ properties: { c: { $ref: 'currency.json' } } }),
      'schemas/_shared/currency.json': { type: 'string', maxLength: 3 },
      'schemas/s/e.v1.json': {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: 'https://acme.test/s/e.v1.json',
        ...event({ total: { $ref: '../_shared/money.json' }, code: { $ref: '../_shared/currency.json' }, own: { $ref: '#/$defs/_shared.money' } }),
        $defs: { '_shared.money': { type: 'null' } },
      },
      'schemas/s/old.v1.json': event({ total: { $ref: '../_shared/money.json' } }),
    });
    const catalog = await loadCatalog({ root });
    const bundle = bundleEventSchema(catalog, 's.e.v1');
    expect(Object.keys(bundle.$defs as JsonObject)).toEqual(['_shared.money', '_shared.currency', '_shared.money_2']);
    expect(refsOf(bundle).sort()).toEqual(['#/$defs/_shared.currency', '#/$defs/_shared.currency', '#/$defs/_shared.money', '#/$defs/_shared.money_2']);
    expect(bundle.$id).toBe('https://acme.test/s/e.v1.json');
    const old = bundleEventSchema(catalog, 's.old.v1');
    expect(Object.keys(old)).toContain('definitions'); // draft-07: `definitions`
    expect(getAjv('draft-07').compile(old)({ total: { c: 'EUR' } })).toBe(true);
    expect(getAjv('draft-07').compile(old)({ total: { c: 'EURO' } })).toBe(false);
  });
});

describe('config', () => {
  it('merges user settings over the defaults section by section', () => {
    const merged = mergeConfig({ topics: { partitions: 6 }, rules: { OWNER_MISSING: 'off' }, compatibility: { level: 'BACKWARD' } });
    expect(merged.topics).toEqual({ ...DEFAULT_CONFIG.topics, partitions: 6 });
    expect(merged.compatibility).toEqual({ level: 'BACKWARD', policy: DEFAULT_CONFIG.compatibility.policy, overrides: {} });
    expect(merged.rules).toEqual({ OWNER_MISSING: 'off' });
    expect(merged.packageScope).toBe(DEFAULT_CONFIG.packageScope);
  });

  it('a repository without contracts.config.json gets DEFAULT_CONFIG', async () => {
    const root = repo({ 'schemas/.keep': '' });
    expect((await loadCatalog({ root })).config).toEqual(DEFAULT_CONFIG);
  });
});

describe('reading stays inside the root', () => {
  it.each(['ref-outside-root', 'ref-etc-passwd', 'ref-encoded-traversal', 'ref-file-uri', 'ref-absolute-path'])(
    '%s: no file outside the root is read',
    async (name) => {
      const root = fileURLToPath(new URL(`../../fixtures/hostile/${name}/`, import.meta.url));
      const catalog = await loadCatalog({ root });
      for (const path of catalog.files.keys()) expect(path).not.toMatch(/^(\.\.|\/)/);
      for (const file of catalog.files.values()) expect(file.text).not.toContain('decoy outside every case root');
      expect(catalog.refs?.every((r) => !r.target)).toBe(true);
    },
  );
});

describe('resolveRefTarget', () => {
  it('returns the edge of a $ref and the value it names', async () => {
    const { resolveRefTarget, valueAt } = await import('../../../generator/load/index.js');
    const catalog = await loadCatalog({ root: EXAMPLE });
    const edge = resolveRefTarget(catalog, 'schemas/order/placed.v2.json', '/properties/total');
    expect(edge?.target).toEqual({ file: 'schemas/_shared/money.json', pointer: '' });
    expect((valueAt(catalog, edge!.target!) as JsonObject).title).toBe('Money');
    expect(resolveRefTarget(catalog, 'schemas/order/placed.v2.json', '/properties/orderId')).toBeUndefined();
  });
});

describe('walking schemas/', () => {
  it('skips hidden entries and follows symlinks that stay inside the root', async () => {
    const { symlinkSync } = await import('node:fs');
    const { join } = await import('node:path');
    const root = repo({
      'schemas/.vscode/settings.json': { 'editor.tabSize': 2 },
      'schemas/_shared/.draft.json': '{ not json',
      'vendor/money.json': { type: 'integer' },
      'schemas/s/e.v1.json': { type: 'object', additionalProperties: false, properties: {} },
    });
    symlinkSync(join(root, 'vendor'), join(root, 'schemas', '_vendor'));
    const catalog = await loadCatalog({ root });
    expect(catalog.diagnostics).toEqual([]);
    expect(catalog.shared.map((s) => s.file)).toEqual(['schemas/_vendor/money.json']);
    expect(catalog.events.map((e) => e.eventType)).toEqual(['s.e.v1']);
  });
});
