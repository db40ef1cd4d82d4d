/**
 * `contracts publish` on bad input: each case one line naming the cause and the fix, the documented
 * exit code, and nothing uploaded or recorded. No registry is needed: every case is refused before
 * an upload (or runs in pack-only mode).
 */
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../generator/cli/main.js';
import { captureIO, eventFile, writeRepo } from '../register/repo-fixture.js';

let repo: string;
const savedEnv = { ...process.env };

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIO();
  const code = await main([...args, '--cwd', repo], io);
  return { code, out: io.out, err: io.err };
}

beforeEach(async () => {
  delete process.env.npm_config_userconfig;
  delete process.env.NPM_CONFIG_USERCONFIG;
  repo = await writeRepo({ 'schemas/alpha/thing.created.v1.json': eventFile() });
  await writeFile(join(repo, 'contracts.config.json'), JSON.stringify({ packageScope: '@badinput' }));
  for (const verb of ['lock', 'generate']) expect((await cli(verb)).code).toBe(0);
}, 60_000);

afterEach(async () => {
  process.env = { ...savedEnv };
  await rm(repo, { recursive: true, force: true });
});

describe('contracts publish: bad input', { timeout: 180_000 }, () => {
  it('no registry configured: packs, uploads nothing, records nothing, says how to install (exit 0)', async () => {
    const r = await cli('publish');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('no registry configured: packing only, nothing is uploaded');
    expect(r.out).toContain('npm install ./.contracts/packages/event-contracts-runtime-');
    expect(r.out).toContain('./.contracts/packages/badinput-alpha-events-1.0.0.tgz');
    expect((await stat(join(repo, '.contracts/packages/badinput-alpha-events-1.0.0.tgz'))).size).toBeGreaterThan(0);
    await expect(stat(join(repo, 'contracts.releases.json'))).rejects.toThrow(/ENOENT/);
  });

  it('an unreadable .npmrc (a folder) → exit 2 naming the file', async () => {
    await mkdir(join(repo, '.npmrc'));
    const r = await cli('publish', '--registry', 'http://127.0.0.1:9/');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\.npmrc \(the repository's \.npmrc\) cannot be read \(EISDIR\)/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('NPM_CONFIG_USERCONFIG naming a missing file → exit 2', async () => {
    process.env.NPM_CONFIG_USERCONFIG = join(repo, 'nowhere.npmrc');
    const r = await cli('publish', '--registry', 'http://127.0.0.1:9/');
    expect(r.code).toBe(2);
    expect(r.err).toContain('NPM_CONFIG_USERCONFIG names');
    expect(r.err).toContain('does not exist');
  });

  it('a registry that is not an http(s) URL → exit 2', async () => {
    const r = await cli('publish', '--registry', 'ftp://example.invalid/');
    expect(r.code).toBe(2);
    expect(r.err).toContain('is not an http(s) URL');
  });

  it('a contract missing from the lock → exit 1 PUBLISH_LOCK_MISSING, nothing packed for upload', async () => {
    await writeFile(join(repo, 'schemas/alpha/thing.created.v1.json'), JSON.stringify(eventFile({ note: { type: 'string', maxLength: 5 } }), null, 2));
    expect((await cli('generate')).code).toBe(0);
    const r = await cli('publish');
    expect(r.code).toBe(1);
    expect(r.err).toContain('PUBLISH_LOCK_MISSING');
    expect(r.err).toContain('Run `contracts lock`');
  });

  it('stale generated/ → exit 1 naming `contracts generate`', async () => {
    await writeFile(join(repo, 'generated/alpha-events/README.md'), 'edited by hand\n');
    const r = await cli('publish');
    expect(r.code).toBe(1);
    expect(r.err).toContain('is stale');
    expect(r.err).toContain('contracts generate');
  });

  it('a registry that is down → exit 1 naming it, nothing recorded', async () => {
    process.env.npm_config_fetch_retries = '0';
    const r = await cli('publish', '--registry', 'http://127.0.0.1:9/');
    expect(r.code).toBe(1);
    expect(r.err).toContain('could not read http://127.0.0.1:9/');
    expect(r.err).toContain('Check that the registry is up');
    await expect(readFile(join(repo, 'contracts.releases.json'))).rejects.toThrow(/ENOENT/);
  });

  it('an invalid package scope in the config → exit 2 before anything is packed', async () => {
    await writeFile(join(repo, 'contracts.config.json'), JSON.stringify({ packageScope: '@Not Valid' }));
    const r = await cli('publish');
    expect(r.code).not.toBe(0);
    expect(r.out + r.err).toMatch(/packageScope/);
    await expect(stat(join(repo, '.contracts/packages'))).rejects.toThrow(/ENOENT/);
  });
});
