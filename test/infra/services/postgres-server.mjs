// A throwaway PostgreSQL cluster from Debian's packages: `initdb` in a temp folder, the server on
// 127.0.0.1 and a free port with its Unix socket in that folder, stopped by PID (SIGINT: fast shutdown,
// open client sessions do not hold it up). PostgreSQL refuses to run as root, and the tests run as root
// on CI: then initdb and the server run as the `postgres` user (created by the Debian package).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { aptInstall } from './apt.mjs';
import { PrerequisiteError } from './java.mjs';
import { freePorts, progress, removeDir, run, ServiceStartError, since, spawnServer, stopServer, waitUntilReady } from './process.mjs';

const PG_ROOT = '/usr/lib/postgresql';
const INSTALL_HINT = 'apt-get install -y postgresql';

/**
 * Makes sure PostgreSQL's server binaries are installed: finds the newest /usr/lib/postgresql/<v>/bin,
 * else installs Debian's `postgresql` package (as root, non-interactive; idempotent), else fails naming
 * the command to run.
 * @returns {Promise<{binDir: string, version: string, installed: boolean}>}
 */
export async function provisionPostgres() {
  const found = findPostgres();
  if (found) return { ...found, installed: false };
  if (process.getuid?.() !== 0) {
    throw new PrerequisiteError(
      `PostgreSQL is not installed (no ${PG_ROOT}/<version>/bin/postgres) and this user cannot install it. Run \`sudo ${INSTALL_HINT}\`.`,
    );
  }
  const start = performance.now();
  progress(`postgres: not installed; running \`${INSTALL_HINT}\` …`);
  await aptInstall(['postgresql'], {
    what: 'PostgreSQL',
    noApt: `PostgreSQL is not installed and there is no apt-get to install it; install PostgreSQL 13+ so that ${PG_ROOT}/<version>/bin/postgres exists.`,
  });
  const after = findPostgres();
  if (!after)
    throw new PrerequisiteError(`\`${INSTALL_HINT}\` did not install PostgreSQL's server (${PG_ROOT}/<version>/bin/postgres is missing); install it by hand.`);
  progress(`postgres: ${after.version} installed in ${since(start)}`);
  return { ...after, installed: true };
}

/** The newest installed server: `{binDir, version}`, or undefined. */
function findPostgres() {
  if (!existsSync(PG_ROOT)) return undefined;
  const versions = readdirSync(PG_ROOT)
    .filter((name) => /^\d+$/.test(name) && existsSync(join(PG_ROOT, name, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? { binDir: join(PG_ROOT, versions[0], 'bin'), version: versions[0] } : undefined;
}

/**
 * Starts a fresh cluster and waits until it answers `SELECT 1`. Retries on a new port when another
 * process took it. `url` connects as the superuser `postgres` (trust auth, loopback only) to the
 * database `postgres`; tests make their own databases with `createDatabase`.
 * @param {{binDir: string, version: string, timeoutMs?: number}} options
 */
export async function startPostgres({ binDir, version, timeoutMs = 60_000 }) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce({ binDir, version, timeoutMs });
    } catch (error) {
      if (!(error instanceof ServiceStartError && error.portTaken && attempt < 3)) throw error;
      progress('postgres: the port was taken by another process; retrying on a new port');
    }
  }
}

async function startOnce({ binDir, version, timeoutMs }) {
  const start = performance.now();
  const dir = await mkdtemp(join(tmpdir(), 'contracts-postgres-'));
  const owner = serverUser();
  if (owner) await chown(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  await writeFile(logFile, '');
  if (owner) await chown(logFile, owner.uid, owner.gid);
  const asOwner = owner ? { uid: owner.uid, gid: owner.gid } : {};
  try {
    // --no-sync and fsync=off: a throwaway cluster; the tests kill clients, never this server.
    const init = await run(join(binDir, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], {
      ...asOwner,
      cwd: dir,
    });
    if (init.code !== 0) throw new Error(`initdb failed (exit ${init.code}): ${`${init.stdout}${init.stderr}`.trim().split('\n').slice(-10).join('\n')}`);
  } catch (error) {
    removeDir(dir);
    throw error;
  }
  const [port] = await freePorts(1);
  const handle = spawnServer({
    name: 'postgres',
    command: join(binDir, 'postgres'),
    args: [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=200',
      '-c',
      'shared_buffers=64MB',
    ],
    cwd: dir,
    logFile,
    ...(owner ? { spawnOptions: asOwner } : {}),
  });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const stop = async ({ graceMs = 10_000 } = {}) => {
    await stopServer(handle, { graceMs, signal: 'SIGINT' });
    removeDir(dir);
  };
  try {
    await waitUntilReady(handle, () => probe(url), { timeoutMs, intervalMs: 100 });
  } catch (error) {
    await stop({ graceMs: 2_000 });
    throw error;
  }
  progress(`postgres: ${version} ready on 127.0.0.1:${port} in ${since(start)}`);
  return { url, port, pid: handle.pid, dir, version, stop };
}

/** Root cannot run PostgreSQL: the `postgres` user's ids then, else undefined (run as ourselves). */
function serverUser() {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new PrerequisiteError(
      'Tests run as root and PostgreSQL refuses root, but there is no `postgres` user to run it as; reinstall the package (`apt-get install --reinstall -y postgresql-common`) or run the tests as a normal user.',
    );
  }
}

async function probe(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } finally {
    await client.end().catch(() => {});
  }
}
