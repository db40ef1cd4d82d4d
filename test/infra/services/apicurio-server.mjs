// A throwaway Apicurio Registry (in-memory H2 storage, auth off) on 127.0.0.1, free ports, its
// working folder and log in a temp folder. Ready when its Confluent-compatible API lists subjects.
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aotCacheFile, findJava, trainAotCache } from './java.mjs';
import { freePorts, progress, removeDir, ServiceStartError, since, spawnServer, stopAndRemove, stopServer, waitUntilReady } from './process.mjs';

export const CCOMPAT_PATH = '/apis/ccompat/v7';

/**
 * Starts the registry and waits until it serves. Retries on new ports when another process took one.
 * Uses the JVM's AOT cache when `trainApicurio` made one for this exact Java (a third less CPU to start).
 * @param {{launcher: string, appDir?: string, version: string, timeoutMs?: number}} options
 */
export async function startApicurio({ launcher, appDir, version, timeoutMs = 240_000 }) {
  const javaFound = await findJava(21, `Apicurio Registry ${version}`);
  const aot = appDir ? aotCacheFile(appDir, javaFound) : undefined;
  const jvmFlags = aot && existsSync(aot) ? [`-XX:AOTCache=${aot}`] : [];
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce({ java: javaFound.java, javaMajor: javaFound.version, launcher, version, timeoutMs, jvmFlags });
    } catch (error) {
      if (!(error instanceof ServiceStartError && error.portTaken && attempt < 3)) throw error;
      progress(`apicurio: a port was taken by another process; retrying on new ports`);
    }
  }
}

/**
 * Makes the JVM's AOT cache for the registry (Java 25+, JEP 514): one training run that starts it,
 * registers and reads a schema through the ccompat API, and stops; the JVM writes the cache at exit.
 * About a minute once; every later start uses a third less CPU. Only `node scripts/services/provision.mjs`
 * calls this (not the test run), so CI does not pay for it.
 * @returns {Promise<string | undefined>} the cache file, or undefined when this Java cannot make one
 */
export async function trainApicurio({ launcher, appDir, version }) {
  const javaFound = await findJava(21, `Apicurio Registry ${version}`);
  return trainAotCache({
    name: 'apicurio',
    dir: appDir,
    javaFound,
    start: (jvmFlags) => startOnce({ java: javaFound.java, javaMajor: javaFound.version, launcher, version, timeoutMs: 240_000, jvmFlags }),
    exercise: (registry) => exercise(registry.url),
  });
}

/** Registers, reads and checks a JSON schema: the code paths the tests use, loaded during training. */
async function exercise(url) {
  const headers = { 'Content-Type': 'application/vnd.schemaregistry.v1+json' };
  const schema = JSON.stringify({ type: 'object', properties: { id: { type: 'string' } }, required: ['id'] });
  const body = JSON.stringify({ schemaType: 'JSON', schema });
  const subject = `aot-training-value`;
  await fetch(`${url}/subjects/${subject}/versions`, { method: 'POST', headers, body });
  await fetch(`${url}/compatibility/subjects/${subject}/versions/latest`, { method: 'POST', headers, body });
  await fetch(`${url}/subjects/${subject}/versions/latest`);
  await fetch(`${url}/schemas/ids/1`);
  await fetch(`${url}/subjects`);
  await fetch(`${url}/config`);
}

async function startOnce({ java, javaMajor, launcher, version, timeoutMs, jvmFlags }) {
  const start = performance.now();
  const dir = await mkdtemp(join(tmpdir(), 'contracts-apicurio-'));
  const [port, managementPort] = await freePorts(2);
  const baseUrl = `http://127.0.0.1:${port}`;
  const url = `${baseUrl}${CCOMPAT_PATH}`;
  const args = [
    ...jvmFlags,
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
  const aot = jvmFlags.some((flag) => flag.startsWith('-XX:AOTCache=')) ? ', AOT cache' : '';
  progress(`apicurio: ready on ${baseUrl} in ${since(start)} (Apicurio Registry ${version}, Java ${javaMajor}${aot}, pid ${handle.pid})`);

  return {
    url,
    baseUrl,
    pid: handle.pid,
    dir,
    version,
    stop: stopAndRemove('apicurio', () => handle, dir),
  };
}

async function listsSubjects(url) {
  const response = await fetch(`${url}/subjects`, { signal: AbortSignal.timeout(3_000) });
  if (response.status !== 200) return false;
  return Array.isArray(await response.json());
}
