/**
 * The apply step and `--check` on a temporary copy of the example repository: writes only
 * changed files, removes what it owns and no longer plans, never touches what it does not own,
 * reuses unchanged packages through the cache (and notices hand edits), and `--check` passes on
 * fresh output and fails, naming the files, after a schema edit.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyExampleRepo, EXAMPLE_WITH_GENERATED, REPO_ROOT } from '../../support/repo.js';
import { generateCommand } from '../../../generator/cli/commands/generate.js';
import { ContractsError } from '../../../generator/core/errors.js';
import { generatePackages, planPackages } from '../../../generator/generate/index.js';
import { loadCatalog } from '../../../generator/load/index.js';
import { readEventVersions } from '../../../generator/records/index.js';
import { loadMigrations } from '../../../generator/migrations/index.js';

let root: string;

beforeEach(() => {
  root = copyExampleRepo('contracts-generate-', EXAMPLE_WITH_GENERATED);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function generate(options: { check?: boolean; force?: boolean } = {}) {
  return generatePackages({ catalog: await loadCatalog({ root }), ...options });
}

async function cli(args: { check?: boolean; force?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await generateCommand.run(
    { cwd: root, out: 'generated', check: args.check ?? false, force: args.force ?? false },
    {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      isTTY: false,
    },
  );
  return { code, stdout, stderr };
}

function editUserSchema(): void {
  const file = path.join(root, 'schemas/user/created.v1.json');
  const schema = JSON.parse(readFileSync(file, 'utf8'));
  schema.properties.referrer = { type: 'string', maxLength: 64, description: 'Who referred the user.' };
  writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`);
}

describe('generate --check', () => {
  it('passes on the committed output', async () => {
    const result = await cli({ check: true });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^generated\/ is up to date \(3 packages, \d+ files\)\.\n$/);
    expect(result.code).toBe(0);
  });

  it('fails after a schema edit, names the stale files and says what to run; writes nothing', async () => {
    editUserSchema();
    const before = readFileSync(path.join(root, 'generated/user-events/types.d.ts'), 'utf8');
    const result = await cli({ check: true });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('generated/user-events/types.d.ts');
    expect(result.stderr).toContain('generated/user-events/validators/user.created.v1.js');
    expect(result.stderr).toContain('generated/user-events/index.js');
    expect(result.stderr).not.toContain('order-events');
    expect(result.stderr).toContain('Run `contracts generate`');
    expect(readFileSync(path.join(root, 'generated/user-events/types.d.ts'), 'utf8')).toBe(before);
    expect(existsSync(path.join(root, '.cache'))).toBe(false);
  });

  it('passes again once generate has run', async () => {
    editUserSchema();
    const written = await cli();
    expect(written.code).toBe(0);
    expect(written.stdout).toContain('wrote   generated/user-events/types.d.ts');
    expect(readFileSync(path.join(root, 'generated/user-events/types.d.ts'), 'utf8')).toContain('referrer?: string;');
    expect((await cli({ check: true })).code).toBe(0);
  });
});

describe('apply', () => {
  it('rewrites only files whose bytes changed', async () => {
    const untouched = path.join(root, 'generated/order-events/index.js');
    utimesSync(untouched, new Date(0), new Date(0));
    editUserSchema();
    const result = await generate();
    expect(result.written).toEqual([
      'user-events/index.js',
      'user-events/serializers/user.created.v1.js',
      'user-events/types.d.ts',
      'user-events/validators/user.created.v1.js',
    ]);
    expect(statSync(untouched).mtimeMs).toBe(0);
  });

  it('removes files it owns that are no longer planned, and whole packages of removed domains', async () => {
    writeFileSync(path.join(root, 'generated/user-events/validators/user.deleted.v1.js'), '// old\n');
    rmSync(path.join(root, 'schemas/payment'), { recursive: true });
    const result = await generate();
    expect(result.removed).toContain('user-events/validators/user.deleted.v1.js');
    expect(result.removed).toContain('payment-events/index.js');
    expect(existsSync(path.join(root, 'generated/payment-events'))).toBe(false);
    expect(existsSync(path.join(root, 'generated/user-events/validators/user.deleted.v1.js'))).toBe(false);
  });

  it('leaves folders it does not own alone, and refuses to overwrite one it would need', async () => {
    mkdirSync(path.join(root, 'generated/hand-written'), { recursive: true });
    writeFileSync(path.join(root, 'generated/hand-written/index.js'), 'export {};\n');
    await generate();
    expect(existsSync(path.join(root, 'generated/hand-written/index.js'))).toBe(true);

    writeFileSync(path.join(root, 'generated/user-events/package.json'), '{"name": "mine"}\n');
    await expect(generate()).rejects.toThrow(ContractsError);
    await expect(generate()).rejects.toThrow(/user-events exists and was not generated by event-contracts/);
  });

  it('reuses unchanged packages from the cache, and notices hand edits', async () => {
    await generate();
    const warm = await generate();
    expect(warm.packages.every((p) => p.reused)).toBe(true);
    expect(warm.written).toEqual([]);

    writeFileSync(path.join(root, 'generated/order-events/index.js'), '// edited by hand\n');
    const repaired = await generate();
    expect(repaired.packages.filter((p) => !p.reused).map((p) => p.dir)).toEqual(['order-events']);
    expect(repaired.written).toEqual(['order-events/index.js']);

    editUserSchema();
    const changed = await generate();
    expect(changed.packages.filter((p) => !p.reused).map((p) => p.dir)).toEqual(['user-events']);
  });

  it('refuses to generate from contracts with errors (CLI exit 1, nothing written)', async () => {
    writeFileSync(path.join(root, 'schemas/user/created.v1.json'), '{ "type": "object", ');
    const result = await cli();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('nothing was generated');
    expect(result.stderr).toContain('schemas/user/created.v1.json');
  });
});

describe('parallel planning (worker threads, dist/ only)', () => {
  it('writes the same bytes as a single-threaded plan', async () => {
    const worker = path.join(REPO_ROOT, 'dist/generator/generate/plan-worker.js');
    if (!existsSync(worker)) throw new Error('dist/ is not built: run `npm run build` (npm test does) before this test.');
    // Six domains → the CLI plans on worker threads (parallel.ts: MIN_PACKAGES = 6).
    const user = readFileSync(path.join(root, 'schemas/user/created.v1.json'), 'utf8');
    for (const domain of ['alpha', 'bravo', 'charlie', 'delta']) {
      mkdirSync(path.join(root, 'schemas', domain), { recursive: true });
      writeFileSync(
        path.join(root, 'schemas', domain, 'created.v1.json'),
        user.replace(/https:\/\/schemas\.acme\.example\/user\//g, `https://schemas.acme.example/${domain}/`),
      );
    }
    rmSync(path.join(root, 'generated'), { recursive: true, force: true });
    const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/contracts.js'), 'generate', '--cwd', root], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const catalog = await loadCatalog({ root });
    const plan = await planPackages({ catalog, ...(await readEventVersions(catalog)), migrations: (await loadMigrations(root)).migrations });
    expect(plan.packages).toHaveLength(7);
    for (const pkg of plan.packages) {
      for (const file of pkg.files)
        expect(readFileSync(path.join(root, 'generated', pkg.dir, file.path), 'utf8'), `${pkg.dir}/${file.path} (stale dist/? run npm run build)`).toBe(
          file.contents,
        );
    }
  }, 120_000);
});
