/**
 * Migrations at generate time, on a temporary copy of the example repository: a migration that does not
 * type-check against the generated types fails `contracts generate` (exit 1) with file:line:column, and nothing
 * is written. Table-driven: each case replaces migrations/order/placed.v1-to-v2.ts.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExampleRepo, EXAMPLE_WITH_GENERATED } from '../../support/repo.js';
import { main } from '../../../generator/cli/main.js';

const UPCAST = 'migrations/order/placed.v1-to-v2.ts';
let root: string;

beforeAll(() => {
  root = copyExampleRepo('contracts-migrations-', EXAMPLE_WITH_GENERATED);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function generate(): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['generate', '--cwd', root, '--force'], { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false });
  return { code, out, err };
}

function snapshot(dir: string): Map<string, string> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
  return new Map(files.map((d) => [path.relative(dir, path.join(d.parentPath, d.name)), readFileSync(path.join(d.parentPath, d.name), 'utf8')]));
}

const HEAD = `import type { OrderPlacedV1, OrderPlacedV2 } from '@acme/order-events/types';\n`;
const CASES: { name: string; source: string; want: RegExp }[] = [
  {
    name: 'a field of the wrong type (annotated return)',
    source: `${HEAD}export default function upcast(data: OrderPlacedV1): OrderPlacedV2 {\n  return {\n    orderId: data.orderId,\n    customer: { userId: data.userId },\n    total: data.total,\n    lines: [],\n    shippingAddress: { line1: 'x', city: 'x', postalCode: 'ZZ', country: 'ZZ' },\n    placedAt: data.placedAt,\n  };\n}\n`,
    want: /^ {2}migrations\/order\/placed\.v1-to-v2\.ts:6:5 MIGRATION_TYPE_ERROR: TS2322: Type 'number' is not assignable to type 'Money'\.$/m,
  },
  {
    name: 'a wrong shape without annotations (checked against the expected signature)',
    source: `${HEAD}export default function upcast(data: OrderPlacedV1) {\n  return { orderId: data.orderId };\n}\n`,
    want: /^ {2}migrations\/order\/placed\.v1-to-v2\.ts:2:1 MIGRATION_TYPE_ERROR: The default export of `migrations\/order\/placed\.v1-to-v2\.ts` is not an upcast `\(data: OrderPlacedV1, ctx: MigrationContext\) => OrderPlacedV2`: .*missing the following properties from type 'OrderPlacedV2': customer, total, lines, shippingAddress, placedAt/m,
  },
  {
    name: 'the wrong direction (a downcast in an upcast file)',
    source: `${HEAD}export default function upcast(data: OrderPlacedV2): OrderPlacedV1 {\n  return { orderId: data.orderId, userId: data.customer.userId, total: 0, lines: [], placedAt: data.placedAt };\n}\n`,
    want: /^ {2}migrations\/order\/placed\.v1-to-v2\.ts:2:1 MIGRATION_TYPE_ERROR: The default export .* is not an upcast/m,
  },
  {
    name: 'I/O: no Node types are in scope',
    source: `${HEAD}export default function upcast(data: OrderPlacedV1): OrderPlacedV2 {\n  const currency = process.env.CURRENCY ?? 'EUR';\n  return { orderId: data.orderId, customer: { userId: data.userId }, total: { amountMinor: 0, currency }, lines: [], shippingAddress: { line1: 'x', city: 'x', postalCode: 'ZZ', country: 'ZZ' }, placedAt: data.placedAt };\n}\n`,
    want: /^ {2}migrations\/order\/placed\.v1-to-v2\.ts:3:20 MIGRATION_TYPE_ERROR: TS2591: Cannot find name 'process': a migration is a pure function/m,
  },
  {
    name: 'no default export',
    source: `${HEAD}export function upcast(data: OrderPlacedV1): OrderPlacedV1 {\n  return data;\n}\n`,
    want: /^ {2}migrations\/order\/placed\.v1-to-v2\.ts:1:1 MIGRATION_TYPE_ERROR: `migrations\/order\/placed\.v1-to-v2\.ts` has no default export/m,
  },
];

describe('contracts generate with migrations', () => {
  it('compiles the example migrations into the package (passes on the committed output)', async () => {
    const { code, err } = await generate();
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(readFileSync(path.join(root, 'generated/order-events/migrations/index.js'), 'utf8')).toContain('from: "order.placed.v1", to: "order.placed.v2"');
  }, 60_000);

  it.each(CASES)(
    'fails with file:line and writes nothing: $name',
    async ({ source, want }) => {
      const good = readFileSync(path.join(root, UPCAST), 'utf8');
      const before = snapshot(path.join(root, 'generated'));
      writeFileSync(path.join(root, UPCAST), source);
      try {
        const { code, out, err } = await generate();
        expect(code).toBe(1);
        expect(out).toBe('');
        expect(err).toMatch(want);
        expect(err).not.toMatch(/\n\s+at /); // no stack trace
        expect(snapshot(path.join(root, 'generated'))).toEqual(before);
      } finally {
        writeFileSync(path.join(root, UPCAST), good);
      }
    },
    60_000,
  );
});
