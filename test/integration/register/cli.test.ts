/**
 * `contracts register` and `contracts pull` end to end, in process (main(argv, io)), on real
 * repositories in temp folders and real registries (the embedded one, default and explicit).
 */
import { access, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../generator/cli/main.js';
import { RegistryClient } from '../../../generator/register/index.js';
import { startRegistry, type RunningRegistry } from '../../../generator/registry-server/index.js';
import { captureIO, eventFile, writeRepo } from './repo-fixture.js';

const EVENTS = {
  'schemas/order/placed.v1.json': eventFile(),
  'schemas/order/placed.v2.json': eventFile({ note: { type: 'string', maxLength: 10 } }),
  'schemas/user/created.v1.json': eventFile(),
};

describe('contracts register with no registry configured (the README main command)', () => {
  let root: string;
  beforeAll(async () => {
    root = await writeRepo(EVENTS);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('registers in the embedded registry under .contracts/registry, git-ignored', async () => {
    const io = captureIO();
    const code = await main(['register', '--cwd', root], io);
    expect(io.err).toContain('using the embedded registry');
    expect(code).toBe(0);
    expect(io.out).toMatch(/_shared\.currency\s+registered id=\d+ version=1/);
    expect(io.out).toMatch(/order\.placed-order\.placed\.v2\s+registered id=\d+ version=1/);
    expect(io.out).toContain('5 registered, 0 already registered, 0 failed.');
    await access(join(root, '.contracts', 'registry'));
    expect(await readFile(join(root, '.contracts', '.gitignore'), 'utf8')).toContain('*');
  });

  it('a second run reports everything already registered and changes nothing', async () => {
    const io = captureIO();
    expect(await main(['register', '--cwd', root], io)).toBe(0);
    expect(io.out.match(/skipped: already registered/g)).toHaveLength(5);
    expect(io.out).toContain('0 registered, 5 already registered, 0 failed.');
  });

  it('--dry-run --format json prints the plan only', async () => {
    const io = captureIO();
    expect(await main(['register', '--cwd', root, '--dry-run', '--format', 'json'], io)).toBe(0);
    const plan = JSON.parse(io.out);
    expect(plan.items.map((i: { subject: string; action: string }) => [i.subject, i.action])).toEqual([
      ['_shared.currency', 'already-registered'],
      ['_shared.money', 'already-registered'],
      ['order.placed-order.placed.v1', 'already-registered'],
      ['order.placed-order.placed.v2', 'already-registered'],
      ['user.created-user.created.v1', 'already-registered'],
    ]);
  });
});

describe('progress on a terminal', () => {
  it('draws a progress bar on a TTY stderr for a long run and clears it; none when not a TTY', async () => {
    const events: Record<string, unknown> = {};
    for (let i = 0; i < 12; i++) events[`schemas/p${i}/done.v1.json`] = eventFile();
    const root = await writeRepo(events);
    const registry = await startRegistry({ port: 0 });
    try {
      const tty = captureIO(true);
      expect(await main(['register', '--cwd', root, '--registry', registry.url], tty)).toBe(0);
      expect(tty.err).toMatch(/\rreading registry \[#+\.*\] \d+\/14/);
      expect(tty.err).toContain('\rregistering [############################] 14/14');
      expect(tty.err.endsWith('\r\u001b[2K')).toBe(true);
      expect(tty.out).not.toContain('\r');
      const pipe = captureIO(false);
      expect(await main(['register', '--cwd', root, '--registry', registry.url], pipe)).toBe(0);
      expect(pipe.err).toBe('');
    } finally {
      await registry.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('contracts register / pull against an explicit registry', () => {
  let registry: RunningRegistry;
  let root: string;
  beforeAll(async () => {
    registry = await startRegistry({ port: 0, auth: 'ci:s3cret' });
    root = await writeRepo(EVENTS);
  });
  afterAll(async () => {
    await registry.close();
    await rm(root, { recursive: true, force: true });
  });

  it('refuses wrong credentials with exit 2 and a hint', async () => {
    const io = captureIO();
    const saved = process.env.SCHEMA_REGISTRY_PASSWORD;
    process.env.SCHEMA_REGISTRY_PASSWORD = 'wrong';
    try {
      expect(await main(['register', '--cwd', root, '--registry', registry.url, '--user', 'ci'], io)).toBe(2);
    } finally {
      if (saved === undefined) delete process.env.SCHEMA_REGISTRY_PASSWORD;
      else process.env.SCHEMA_REGISTRY_PASSWORD = saved;
    }
    expect(io.err).toContain('refused the credentials');
    expect(io.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('registers with basic auth (password from the environment), JSON output', async () => {
    const io = captureIO();
    process.env.REGISTER_TEST_PASSWORD = 's3cret';
    const code = await main(
      ['register', '--cwd', root, '--registry', registry.url, '--user', 'ci', '--password-env', 'REGISTER_TEST_PASSWORD', '--format', 'json'],
      io,
    );
    expect(code).toBe(0);
    const out = JSON.parse(io.out);
    expect(out.complete).toBe(true);
    expect(out.counts).toEqual({ registered: 5, skipped: 0, failed: 0 });
  });

  it('an incompatible edit exits 1 and explains it; nothing is sent', async () => {
    const edited = await writeRepo({ ...EVENTS, 'schemas/user/created.v1.json': eventFile({ id: { type: 'integer' } }) });
    try {
      const io = captureIO();
      process.env.REGISTER_TEST_PASSWORD = 's3cret';
      const code = await main(['register', '--cwd', edited, '--registry', registry.url, '--user', 'ci', '--password-env', 'REGISTER_TEST_PASSWORD'], io);
      expect(code).toBe(1);
      expect(io.out).toMatch(/user\.created-user\.created\.v1\s+failed: incompatible/);
      expect(io.out).toContain('#/properties/data/properties/id');
      const client = new RegistryClient({ url: registry.url, auth: { username: 'ci', password: 's3cret' } });
      expect(await client.listVersions('user.created-user.created.v1')).toEqual([1]);
      client.close();
    } finally {
      await rm(edited, { recursive: true, force: true });
    }
  });

  it('pull into an empty repository reproduces the contracts, then refuses to overwrite an edited file', async () => {
    const target = await writeRepo({});
    try {
      process.env.REGISTER_TEST_PASSWORD = 's3cret';
      const args = ['pull', '--cwd', target, '--registry', registry.url, '--user', 'ci', '--password-env', 'REGISTER_TEST_PASSWORD'];
      const io = captureIO();
      expect(await main(args, io)).toBe(0);
      expect(io.out).toContain('wrote     schemas/order/placed.v2.json');
      const pulled = JSON.parse(await readFile(join(target, 'schemas/order/placed.v2.json'), 'utf8'));
      expect(pulled.properties.total).toEqual({ $ref: '../_shared/money.json' });
      expect(pulled['x-owner']).toBe('team-a');
      expect(pulled.$schema).toBe('http://json-schema.org/draft-07/schema#');
      // The shared files already there have the same content in another key order: left as written.
      expect(io.out).toContain('unchanged schemas/_shared/money.json');

      const again = captureIO();
      expect(await main([...args, '--format', 'json'], again)).toBe(0);
      expect(JSON.parse(again.out).written).toEqual([]);

      await writeFile(join(target, 'schemas/order/placed.v2.json'), '{"title": "edited by hand"}\n');
      const refused = captureIO();
      expect(await main(args, refused)).toBe(1);
      expect(refused.out).toContain('refused   schemas/order/placed.v2.json: the file exists with other content; pass --force to overwrite it');
      expect(await readFile(join(target, 'schemas/order/placed.v2.json'), 'utf8')).toBe('{"title": "edited by hand"}\n');
      expect(await main([...args, '--force'], captureIO())).toBe(0);
      expect(JSON.parse(await readFile(join(target, 'schemas/order/placed.v2.json'), 'utf8')).properties.note).toEqual({ type: 'string', maxLength: 10 });
    } finally {
      await rm(target, { recursive: true, force: true });
    }
  });

  it('pull without a registry is a usage error', async () => {
    const io = captureIO();
    const saved = process.env.SCHEMA_REGISTRY_URL;
    delete process.env.SCHEMA_REGISTRY_URL;
    try {
      expect(await main(['pull', '--cwd', root], io)).toBe(2);
    } finally {
      if (saved !== undefined) process.env.SCHEMA_REGISTRY_URL = saved;
    }
    expect(io.err).toContain('needs a registry');
  });
});
