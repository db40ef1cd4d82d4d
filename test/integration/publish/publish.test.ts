/**
 * `contracts publish` against a real npm registry (Verdaccio, started by the global setup, real
 * htpasswd authentication): first release, idempotence, the version rules (compatible change →
 * minor with a CHANGELOG entry, docs-only → patch, new event type → minor), a registry that goes
 * down mid-run (finished by the next run, nothing duplicated), wrong credentials (exit 1, nothing
 * uploaded) and a conflict (same version, different bytes: exit 1, never overwritten).
 *
 * One temp repository, changed step by step; packages live under a fresh scope per run.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../generator/cli/main.js';
import { captureIO, eventFile, writeRepo } from '../register/repo-fixture.js';
import { npmView, uniqueScope, userConfig, verdaccio } from '../../infra/verdaccio.js';

const exec = promisify(execFile);
const scope = uniqueScope();
const ALPHA = `${scope}/alpha-events`;
const BETA = `${scope}/beta-events`;
let repo: string;
let goodConfig: string;
const savedEnv = { ...process.env };

interface JsonOutcome {
  packages: {
    name: string;
    version: string;
    previousVersion: string | null;
    bump: string;
    action: string;
    outcome: { status: string; reason?: string } | null;
    integrity: string;
    tarball: string;
  }[];
  complete: boolean | null;
}

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIO();
  const code = await main([...args, '--cwd', repo], io);
  return { code, out: io.out, err: io.err };
}

async function publish(registry = verdaccio().url): Promise<{ code: number; json: JsonOutcome; err: string }> {
  const r = await cli('publish', '--registry', registry, '--format', 'json');
  return { code: r.code, json: r.out ? (JSON.parse(r.out) as JsonOutcome) : { packages: [], complete: null }, err: r.err };
}

/** Records the contracts and regenerates, as a developer does before merging. */
async function lockAndGenerate(): Promise<void> {
  for (const verb of ['lock', 'generate']) {
    const r = await cli(verb);
    expect(r.code, `${verb}: ${r.out}${r.err}`).toBe(0);
  }
}

function pkg(json: JsonOutcome, name: string) {
  const found = json.packages.find((p) => p.name === name);
  if (!found) throw new Error(`${name} not in ${JSON.stringify(json.packages.map((p) => p.name))}`);
  return found;
}

/** CHANGELOG.md of a published version, read from the tarball `contracts publish` packed (checked to be the registry's bytes). */
async function changelogOf(spec: string): Promise<string> {
  const [name, version] = [spec.slice(0, spec.lastIndexOf('@')), spec.slice(spec.lastIndexOf('@') + 1)];
  const tarball = join(repo, '.contracts/packages', `${name.slice(1).replace('/', '-')}-${version}.tgz`);
  const { createHash } = await import('node:crypto');
  const local = `sha512-${createHash('sha512')
    .update(await readFile(tarball))
    .digest('base64')}`;
  expect(await npmView(spec, 'dist.integrity')).toBe(local);
  const { stdout } = await exec('tar', ['-xzOf', tarball, 'package/CHANGELOG.md']);
  return stdout;
}

async function writeSchema(path: string, schema: unknown): Promise<void> {
  await writeFile(join(repo, path), `${JSON.stringify(schema, null, 2)}\n`);
}

beforeAll(async () => {
  repo = await writeRepo({ 'schemas/alpha/thing.created.v1.json': eventFile(), 'schemas/beta/thing.updated.v1.json': eventFile() });
  await writeFile(join(repo, 'contracts.config.json'), JSON.stringify({ packageScope: scope }));
  goodConfig = await userConfig(verdaccio().token);
  // npm scripts export their own npm_config_* (userconfig, registry): the test's choices must win.
  delete process.env.npm_config_userconfig;
  delete process.env.npm_config_registry;
  process.env.NPM_CONFIG_USERCONFIG = goodConfig;
  process.env.npm_config_fetch_retries = '0';
  await lockAndGenerate();
}, 120_000);

afterAll(async () => {
  process.env = savedEnv;
  await rm(repo, { recursive: true, force: true });
});

// Each step runs several npm commands (about 1 s each on an idle machine, many more on a loaded one).
describe('contracts publish on a real npm registry', { timeout: 300_000 }, () => {
  it('first run publishes the runtime and every package at 1.0.0, records them, and `npm view` shows them', async () => {
    const { code, json, err } = await publish();
    expect(code, err).toBe(0);
    expect(json.packages.map((p) => p.name)).toEqual(['@event-contracts/runtime', ALPHA, BETA]);
    expect(['published', 'already-published']).toContain(pkg(json, '@event-contracts/runtime').outcome?.status);
    for (const name of [ALPHA, BETA]) {
      expect(pkg(json, name)).toMatchObject({ version: '1.0.0', bump: 'initial', action: 'publish', outcome: { status: 'published' } });
      expect(pkg(json, name).integrity).toMatch(/^sha512-/);
      expect(await npmView(name, 'version')).toBe('1.0.0');
      expect(await npmView(`${name}@1.0.0`, 'dist.integrity')).toBe(pkg(json, name).integrity);
    }
    expect(await npmView('@event-contracts/runtime', 'version')).toMatch(/^\d+\.\d+\.\d+$/);
    const dependency = (await npmView(`${ALPHA}@1.0.0`, 'dependencies')) as Record<string, string>;
    expect(dependency['@event-contracts/runtime']).toMatch(/^\^\d+\.\d+\.\d+$/);
    const record = JSON.parse(await readFile(join(repo, 'contracts.releases.json'), 'utf8'));
    expect(record.packages[ALPHA].version).toBe('1.0.0');
    expect(JSON.parse(await readFile(join(repo, 'generated/alpha-events/package.json'), 'utf8')).version).toBe('1.0.0');
    expect(await changelogOf(`${ALPHA}@1.0.0`)).toContain('`alpha.thing.created.v1` in the first release');
    expect((await cli('generate', '--check')).code).toBe(0);
  });

  it('second run publishes nothing and exits 0', async () => {
    const before = await readFile(join(repo, 'contracts.releases.json'), 'utf8');
    const { code, json } = await publish();
    expect(code).toBe(0);
    expect(json.packages.map((p) => [p.name, p.action])).toEqual([
      ['@event-contracts/runtime', 'already-published'],
      [ALPHA, 'already-published'],
      [BETA, 'already-published'],
    ]);
    expect(await readFile(join(repo, 'contracts.releases.json'), 'utf8')).toBe(before);
    expect(await npmView(ALPHA, 'versions')).toEqual(['1.0.0']);
  });

  it('a compatible change bumps exactly that package by a minor, with a CHANGELOG entry naming the change', async () => {
    await writeSchema('schemas/alpha/thing.created.v1.json', eventFile({ note: { type: 'string', maxLength: 200, description: 'Free text.' } }));
    await lockAndGenerate();
    const { code, json, err } = await publish();
    expect(code, err).toBe(0);
    expect(pkg(json, ALPHA)).toMatchObject({ previousVersion: '1.0.0', version: '1.1.0', bump: 'minor', outcome: { status: 'published' } });
    expect(pkg(json, BETA)).toMatchObject({ version: '1.0.0', action: 'already-published' });
    const changelog = await changelogOf(`${ALPHA}@1.1.0`);
    expect(changelog).toContain(
      '## 1.1.0 (minor)\n\n- `alpha.thing.created.v1` OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL at `#/properties/note`: Optional property `#/properties/note` is in the next revision',
    );
    expect(changelog).toContain('## 1.0.0 (first release)');
  });

  it('a documentation-only change is a patch', async () => {
    await writeSchema('schemas/beta/thing.updated.v1.json', { ...eventFile(), description: 'A thing was updated (now documented).' });
    await lockAndGenerate();
    const { code, json } = await publish();
    expect(code).toBe(0);
    expect(pkg(json, BETA)).toMatchObject({ previousVersion: '1.0.0', version: '1.0.1', bump: 'patch', outcome: { status: 'published' } });
    expect(pkg(json, ALPHA)).toMatchObject({ version: '1.1.0', action: 'already-published' });
    expect(await changelogOf(`${BETA}@1.0.1`)).toMatch(/## 1\.0\.1 \(patch\)[\s\S]*documentation only/);
  });

  it('a new event type in the domain is a minor', async () => {
    await writeSchema('schemas/alpha/thing.deleted.v1.json', eventFile());
    await lockAndGenerate();
    const { code, json } = await publish();
    expect(code).toBe(0);
    expect(pkg(json, ALPHA)).toMatchObject({ previousVersion: '1.1.0', version: '1.2.0', bump: 'minor', outcome: { status: 'published' } });
    expect(await changelogOf(`${ALPHA}@1.2.0`)).toContain('New event type `alpha.thing.deleted.v1`');
  });

  it('registry down mid-run: exit 1 after the first upload; the next run finishes without publishing anything twice', async () => {
    await writeSchema('schemas/alpha/thing.deleted.v1.json', { ...eventFile(), title: 'Thing deleted' });
    await writeSchema('schemas/beta/thing.updated.v1.json', { ...eventFile(), description: 'A thing was updated (documented twice).' });
    await lockAndGenerate();
    const proxy = await flakyProxy(verdaccio().url, 1);
    process.env.NPM_CONFIG_USERCONFIG = await userConfig(verdaccio().token, proxy.url);
    try {
      const first = await publish(proxy.url);
      expect(first.code).toBe(1);
      const outcomes = first.json.packages.map((p) => [p.name, p.outcome?.status]);
      expect(outcomes).toEqual([
        ['@event-contracts/runtime', 'already-published'],
        [ALPHA, 'published'],
        [BETA, 'failed'],
      ]);
      proxy.heal();
      const second = await publish(proxy.url);
      expect(second.code).toBe(0);
      expect(second.json.packages.map((p) => [p.name, p.version, p.outcome?.status])).toEqual([
        ['@event-contracts/runtime', pkg(second.json, '@event-contracts/runtime').version, 'already-published'],
        [ALPHA, '1.2.1', 'already-published'],
        [BETA, '1.0.2', 'published'],
      ]);
      const alphaVersions = (await npmView(ALPHA, 'versions')) as string[];
      const betaVersions = (await npmView(BETA, 'versions')) as string[];
      process.stderr.write(
        `registry down mid-run: uploads accepted ${proxy.accepted}, refused while down ${proxy.refused}; on the registry ${ALPHA} ${alphaVersions.join(',')}, ${BETA} ${betaVersions.join(',')}\n`,
      );
      expect(alphaVersions).toEqual(['1.0.0', '1.1.0', '1.2.0', '1.2.1']);
      expect(betaVersions).toEqual(['1.0.0', '1.0.1', '1.0.2']);
      expect(proxy.accepted).toBe(2);
    } finally {
      process.env.NPM_CONFIG_USERCONFIG = goodConfig;
      await proxy.close();
    }
  });

  it('wrong credentials: exit 1 naming the registry and how to log in; nothing is uploaded', async () => {
    await writeSchema('schemas/alpha/thing.deleted.v1.json', { ...eventFile(), title: 'Thing deleted for good' });
    await lockAndGenerate();
    const before = await readFile(join(repo, 'contracts.releases.json'), 'utf8');
    process.env.NPM_CONFIG_USERCONFIG = await userConfig('not-a-valid-token');
    try {
      const r = await cli('publish', '--registry', verdaccio().url);
      expect(r.code).toBe(1);
      expect(r.out).toContain(`${verdaccio().url} refused the credentials`);
      expect(r.out).toContain(`npm login --registry ${verdaccio().url}`);
      expect(await npmView(ALPHA, 'version')).toBe('1.2.1');
      expect(await readFile(join(repo, 'contracts.releases.json'), 'utf8')).toBe(before);
    } finally {
      process.env.NPM_CONFIG_USERCONFIG = goodConfig;
    }
    // NODE_AUTH_TOKEN (the GitHub Actions convention) is the target's token when set.
    process.env.NPM_CONFIG_USERCONFIG = await userConfig('not-a-valid-token');
    process.env.NODE_AUTH_TOKEN = verdaccio().token;
    try {
      const { code, json } = await publish();
      expect(code).toBe(0);
      expect(pkg(json, ALPHA)).toMatchObject({ version: '1.2.2', outcome: { status: 'published' } });
    } finally {
      process.env.NPM_CONFIG_USERCONFIG = goodConfig;
      delete process.env.NODE_AUTH_TOKEN;
    }
  });

  it('conflict: the planned version is on the registry with other bytes → exit 1, nothing overwritten', async () => {
    // Someone else publishes beta 1.0.3 first (different content under the version we will plan).
    const other = await mkdtemp(join(tmpdir(), 'contracts-other-'));
    await writeFile(join(other, 'package.json'), JSON.stringify({ name: BETA, version: '1.0.3', description: 'not ours' }));
    await exec('npm', ['publish', '--registry', verdaccio().url, `--${scope}:registry=${verdaccio().url}`], {
      cwd: other,
      env: { ...process.env, NPM_CONFIG_USERCONFIG: goodConfig },
    });
    const foreign = await npmView(`${BETA}@1.0.3`, 'dist.integrity');
    await writeSchema('schemas/beta/thing.updated.v1.json', { ...eventFile(), description: 'A thing was updated (documented thrice).' });
    await lockAndGenerate();
    const r = await cli('publish', '--registry', verdaccio().url);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`CONFLICT          ${BETA}@1.0.3`);
    expect(r.err).toContain('PUBLISH_CONFLICT');
    expect(r.err).toContain('nothing was uploaded');
    expect(await npmView(`${BETA}@1.0.3`, 'dist.integrity')).toBe(foreign);
    await rm(other, { recursive: true, force: true });
  });
});

/**
 * An HTTP proxy in front of the registry that lets `uploads` publishes (PUT) through and then
 * plays dead (every connection is reset) until `heal()`: the registry going down mid-run.
 */
async function flakyProxy(target: string, uploads: number): Promise<{ url: string; accepted: number; refused: number; heal(): void; close(): Promise<void> }> {
  const upstream = new URL(target);
  let down = false;
  let allowed = uploads;
  const state = { accepted: 0, refused: 0 };
  const server: Server = createServer((req, res) => {
    if (down) {
      state.refused++;
      req.socket.destroy();
      return;
    }
    if (req.method === 'PUT') {
      if (state.accepted >= allowed) {
        down = true;
        state.refused++;
        req.socket.destroy();
        return;
      }
      state.accepted++;
    }
    const forward = request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    get accepted() {
      return state.accepted;
    },
    get refused() {
      return state.refused;
    },
    heal() {
      down = false;
      allowed = Number.POSITIVE_INFINITY;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
