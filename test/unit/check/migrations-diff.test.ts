// `contracts diff` lists the migrations added, changed or removed between the git base and the working
// tree, in every report format (main: two migrations committed; branch: one edited, one deleted, one added).
import { describe, expect, it } from 'vitest';
import { git, gitRepo, obj, run, writeFiles } from './helpers.js';
import { rm } from 'node:fs/promises';
import path from 'node:path';

const str = { type: 'string' };
const NOW = ['--now', '2026-06-01'];
const UP = 'migrations/order/placed.v1-to-v2.ts';
const DOWN = 'migrations/order/placed.v2-to-v1.ts';
const USER_UP = 'migrations/user/created.v1-to-v2.ts';
const source = (body: string) => `export default function migrate(data: any): any {\n  return ${body};\n}\n`;

async function branchWithMigrationChanges(): Promise<string> {
  const root = await gitRepo({
    'schemas/order/placed.v1.json': obj({ id: str }),
    'schemas/order/placed.v2.json': obj({ orderId: str }),
    'schemas/user/created.v1.json': obj({ id: str }),
    'schemas/user/created.v2.json': obj({ userId: str }),
    [UP]: source('{ orderId: data.id }'),
    [USER_UP]: source('{ userId: data.id }'),
  });
  git(root, 'checkout', '--quiet', '-b', 'feature');
  await writeFiles(root, { [UP]: source('{ orderId: String(data.id) }'), [DOWN]: source('{ id: data.orderId }') });
  await rm(path.join(root, USER_UP));
  return root;
}

const WANT = [
  { file: UP, eventType: 'order.placed.v2', from: 'order.placed.v1', to: 'order.placed.v2', direction: 'upcast', status: 'changed' },
  { file: DOWN, eventType: 'order.placed.v2', from: 'order.placed.v2', to: 'order.placed.v1', direction: 'downcast', status: 'added' },
  { file: USER_UP, eventType: 'user.created.v2', from: 'user.created.v1', to: 'user.created.v2', direction: 'upcast', status: 'removed' },
];

describe('contracts diff: migrations', () => {
  it('lists added, changed and removed migrations against the git base in every format', async () => {
    const root = await branchWithMigrationChanges();
    const diff = (format: string) => run(['diff', '--cwd', root, '--against', 'main', '--format', format, ...NOW]);

    const json = await diff('json');
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0); // migrations are listed for review, they do not fail the diff
    expect(JSON.parse(json.stdout).migrations).toEqual(WANT);

    const text = (await diff('text')).stdout;
    expect(text).toContain(
      'Migrations:\n  changed upcast order.placed.v1 → order.placed.v2  (migrations/order/placed.v1-to-v2.ts)\n  added downcast order.placed.v2 → order.placed.v1  (migrations/order/placed.v2-to-v1.ts)\n  removed upcast user.created.v1 → user.created.v2  (migrations/user/created.v1-to-v2.ts)\n',
    );

    const md = (await diff('markdown')).stdout;
    expect(md).toContain('### Migrations');
    expect(md).toContain('| added | downcast | `order.placed.v2` → `order.placed.v1` | `migrations/order/placed.v2-to-v1.ts` |');
    expect(md).toContain('| removed | upcast | `user.created.v1` → `user.created.v2` | `migrations/user/created.v1-to-v2.ts` |');

    const gh = (await diff('github')).stdout;
    expect(gh).toMatch(
      /^::notice file=migrations\/order\/placed\.v1-to-v2\.ts,title=order\.placed\.v2%3A migration changed::upcast order\.placed\.v1 → order\.placed\.v2/m,
    );
    expect(gh.match(/^::notice file=migrations\//gm)?.length).toBe(3);

    const sarif = JSON.parse((await diff('sarif')).stdout);
    expect(sarif.runs[0].properties.migrations).toEqual(WANT);

    const junit = (await diff('junit')).stdout;
    expect(junit).toContain('migration added downcast order.placed.v2 → order.placed.v1 (migrations/order/placed.v2-to-v1.ts)');
    expect(junit).toContain('failures="0"');
  });

  it('lists nothing when the migrations are as committed, or without a git base', async () => {
    const root = await branchWithMigrationChanges();
    git(root, 'add', '-A');
    git(root, 'commit', '--quiet', '-m', 'migrations');
    const same = JSON.parse((await run(['diff', '--cwd', root, '--against', 'HEAD', '--format', 'json', ...NOW])).stdout);
    expect(same.migrations).toEqual([]);
    const noGit = JSON.parse((await run(['diff', '--cwd', root, '--no-git', '--format', 'json', ...NOW])).stdout);
    expect(noGit.migrations).toEqual([]);
    expect((await run(['diff', '--cwd', root, '--against', 'HEAD', ...NOW])).stdout).not.toContain('Migrations:');
  });
});
