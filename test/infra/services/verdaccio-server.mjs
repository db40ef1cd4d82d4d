// A real npm registry for the publish tests: Verdaccio (devDependency, pinned) on 127.0.0.1 and a
// free port, its own storage folder, no uplinks (nothing is proxied: a package that is not
// published here is a 404), one htpasswd user. Stopped by PID; its folder is deleted after.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts, progress, removeDir, since, spawnServer, stopServer, waitUntilReady, ServiceStartError } from './process.mjs';

/** The user the tests publish as (htpasswd, created through the registry's own login endpoint). */
export const VERDACCIO_USER = { name: 'contracts-ci', password: 'contracts-ci-password' };

export async function startVerdaccio({ attempts = 3 } = {}) {
  const require = createRequire(import.meta.url);
  const bin = join(require.resolve('verdaccio/package.json'), '..', 'bin', 'verdaccio');
  const version = require('verdaccio/package.json').version;
  for (let attempt = 1; ; attempt++) {
    const started = performance.now();
    const dir = mkdtempSync(join(tmpdir(), 'contracts-verdaccio-'));
    const [port] = await freePorts(1);
    const config = [
      `storage: ${JSON.stringify(join(dir, 'storage'))}`,
      'auth:',
      '  htpasswd:',
      `    file: ${JSON.stringify(join(dir, 'htpasswd'))}`,
      '    max_users: 10',
      'uplinks: {}',
      'packages:',
      "  '@*/*':",
      '    access: $all',
      '    publish: $authenticated',
      '    unpublish: $authenticated',
      "  '**':",
      '    access: $all',
      '    publish: $authenticated',
      '    unpublish: $authenticated',
      'web:',
      '  enable: false',
      'max_body_size: 20mb',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'config.yaml'), config);
    const handle = spawnServer({
      name: 'verdaccio',
      command: process.execPath,
      args: [bin, '--config', join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`],
      cwd: dir,
      logFile: join(dir, 'verdaccio.log'),
    });
    const url = `http://127.0.0.1:${port}/`;
    try {
      await waitUntilReady(handle, async () => (await fetch(`${url}-/ping`)).ok, { timeoutMs: 30_000 });
      const token = await addUser(url, VERDACCIO_USER);
      progress(`verdaccio: ${version} ready on ${url} in ${since(started)}`);
      return {
        url,
        token,
        user: VERDACCIO_USER,
        pid: handle.pid,
        dir,
        version,
        stop: async (options = {}) => {
          await stopServer(handle, { graceMs: options.graceMs ?? 5_000 });
          removeDir(dir);
        },
      };
    } catch (error) {
      await stopServer(handle, { graceMs: 2_000 });
      const retry = attempt < attempts && error instanceof ServiceStartError && error.portTaken;
      if (!retry) throw error;
      removeDir(dir);
    }
  }
}

/** Creates the htpasswd user (npm's `adduser` endpoint) and returns its bearer token. */
async function addUser(url, { name, password }) {
  const response = await fetch(`${url}-/user/org.couchdb.user:${encodeURIComponent(name)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password, type: 'user', roles: [], date: new Date().toISOString() }),
  });
  const body = await response.json();
  if (!response.ok || typeof body.token !== 'string') throw new Error(`verdaccio: could not create the test user (${response.status} ${JSON.stringify(body)})`);
  return body.token;
}
