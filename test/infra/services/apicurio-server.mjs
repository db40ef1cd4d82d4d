// A throwaway Apicurio Registry (in-memory H2 storage, auth off) on 127.0.0.1, free ports, its
// working folder and log in a temp folder. Ready when its Confluent-compatible API lists subjects.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findJava } from './java.mjs';
import { freePorts, progress, removeDir, ServiceStartError, since, spawnServer, stopServer, waitUntilReady } from './process.mjs';

export const CCOMPAT_PATH = '/apis/ccompat/v7';

/**
 * Starts the registry and waits until it serves. Retries on new ports when another process took one.
 * @param {{launcher: string, version: string, timeoutMs?: number}} options
 */
export async function startApicurio({ launcher, version, timeoutMs = 240_000 }) {
  const { java, version: javaMajor } = await findJava(21, `Apicurio Registry ${version}`);
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce({ java, javaMajor, launcher, version, timeoutMs });
    } catch (error) {
      if (!(error instanceof ServiceStartError && error.portTaken && attempt < 3)) throw error;
      progress(`apicurio: a port was taken by another process; retrying on new ports`);
    }
  }
}

async function startOnce({ java, javaMajor, launcher, version, timeoutMs }) {
  const start = performance.now();
  const dir = await mkdtemp(join(tmpdir(), 'contracts-apicurio-'));
  const [port, managementPort] = await freePorts(2);
  const baseUrl = `http://127.0.0.1:${port}`;
  const url = `${baseUrl}${CCOMPAT_PATH}`;
  const args = [
    '-Xms128m',
    '-Xmx384m',
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    `-Djava.io.tmpdir=${dir}`,
    '-Djava.util.logging.manager=org.jboss.logmanager.LogManager',
    '-Dquarkus.http.host=127.0.0.1',
    `-Dquarkus.http.port=${port}`,
    '-Dquarkus.management.host=127.0.0.1',
    `-Dquarkus.management.port=${managementPort}`,
    // Confluent's default global level; Apicurio's own default is NONE.
    '-Dapicurio.rules.global.compatibility=BACKWARD',
    '-Dapicurio.ccompat.use-canonical-hash=true',
    '-jar',
    launcher,
  ];
  const handle = spawnServer({ name: 'apicurio', command: java, args, cwd: dir, logFile: join(dir, 'apicurio.log') });
  try {
    await waitUntilReady(handle, () => listsSubjects(url), { timeoutMs });
  } catch (error) {
    await stopServer(handle, { graceMs: 2_000 });
    removeDir(dir);
    throw error;
  }
  progress(`apicurio: ready on ${baseUrl} in ${since(start)} (Apicurio Registry ${version}, Java ${javaMajor}, pid ${handle.pid})`);

  return {
    url,
    baseUrl,
    pid: handle.pid,
    dir,
    version,
    async stop() {
      const stopping = performance.now();
      await stopServer(handle, { graceMs: 15_000 });
      removeDir(dir);
      progress(`apicurio: stopped in ${since(stopping)}`);
    },
  };
}

async function listsSubjects(url) {
  const response = await fetch(`${url}/subjects`, { signal: AbortSignal.timeout(3_000) });
  if (response.status !== 200) return false;
  return Array.isArray(await response.json());
}
