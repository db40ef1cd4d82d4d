// Idempotent provisioning of the test services from Maven Central into the git-ignored .cache/.
// Each artifact is assembled in a private temp folder, marked complete, then renamed into place
// in one step, so a crashed or concurrent run never leaves (or sees) a half-filled cache.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findJava, PrerequisiteError } from './java.mjs';
import { formatStorage } from './kafka-server.mjs';
import { progress, run, since } from './process.mjs';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** Where downloads are cached; `CONTRACTS_SERVICES_CACHE` moves it (e.g. to measure a cold start without touching the shared one). */
export const CACHE_DIR = process.env.CONTRACTS_SERVICES_CACHE ? resolve(process.env.CONTRACTS_SERVICES_CACHE) : join(REPO_ROOT, '.cache');
export const KAFKA_POM = join(REPO_ROOT, 'test/infra/kafka/pom.xml');
export const KAFKA_LIBS_DIR = join(CACHE_DIR, 'kafka-libs');

/** Apicurio Registry release run by the tests; 3.3.x aligned its ccompat errors with Confluent's (needs Java 21+). */
export const APICURIO_VERSION = '3.3.3';
export const APICURIO_ARTIFACT = `io.apicurio:apicurio-registry-app:${APICURIO_VERSION}:tar.gz:all`;
export const APICURIO_DIR = join(CACHE_DIR, `apicurio-registry-${APICURIO_VERSION}`);

const MARKER = '.provisioned.json';
/** A KRaft storage folder formatted at provisioning, copied into each broker's temp folder. */
const STORAGE_TEMPLATE = 'storage-template';

/** The Kafka version the pom pins (`<kafka.version>`). */
export function kafkaVersion() {
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(KAFKA_POM, 'utf8'));
  if (!match) throw new Error(`${KAFKA_POM} has no <kafka.version> property.`);
  return match[1];
}

/**
 * Makes sure `.cache/kafka-libs/` holds the broker's runtime jars for the current pom.
 * @returns {Promise<{libsDir: string, version: string, downloaded: boolean}>}
 */
export async function provisionKafka() {
  const pomSha256 = sha256(readFileSync(KAFKA_POM));
  const version = kafkaVersion();
  const valid = (marker) => marker.pomSha256 === pomSha256 && marker.jars.every((jar) => existsSync(join(KAFKA_LIBS_DIR, jar)));
  const done = async (downloaded) => ({ libsDir: KAFKA_LIBS_DIR, storageTemplate: await storageTemplate(version), version, downloaded });
  if (isProvisioned(KAFKA_LIBS_DIR, valid)) return done(false);

  const start = performance.now();
  progress(`kafka: downloading Kafka ${version} jars from Maven Central into ${shown(KAFKA_LIBS_DIR)}/ …`);
  await assemble(KAFKA_LIBS_DIR, valid, async (tmp) => {
    await mvn(['-f', KAFKA_POM, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${tmp}`], tmp);
    const jars = readdirSync(tmp)
      .filter((name) => name.endsWith('.jar'))
      .sort();
    if (!jars.some((jar) => jar.startsWith('kafka_2.13-'))) throw new Error(`Maven copied no kafka_2.13 jar into ${tmp}.`);
    return { version, pomSha256, jars };
  });
  progress(`kafka: ${version} provisioned in ${since(start)}`);
  return done(true);
}

/**
 * A KRaft storage folder formatted once (inside kafka-libs/, so a new pom gets a new one); each
 * broker start copies it instead of starting a JVM to run the format tool. Built aside and renamed
 * into place, like the caches.
 */
async function storageTemplate(version) {
  const template = join(KAFKA_LIBS_DIR, STORAGE_TEMPLATE);
  if (existsSync(join(template, 'meta.properties'))) return template;
  const { java } = await findJava(17, `Kafka ${version}`);
  const work = `${template}.tmp-${process.pid}-${randomBytes(3).toString('hex')}`;
  await mkdir(work);
  try {
    await formatStorage({ java, libsDir: KAFKA_LIBS_DIR, workDir: work, dataDir: join(work, 'data') });
    await rename(join(work, 'data'), template).catch((error) => {
      if (!(['ENOTEMPTY', 'EEXIST'].includes(error.code) && existsSync(join(template, 'meta.properties')))) throw error;
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return template;
}

/**
 * Makes sure `.cache/apicurio-registry-<v>/` holds the unpacked runnable Apicurio Registry.
 * @returns {Promise<{appDir: string, launcher: string, version: string, downloaded: boolean}>}
 */
export async function provisionApicurio() {
  const valid = (marker) => marker.version === APICURIO_VERSION && existsSync(join(APICURIO_DIR, marker.launcher));
  const done = (downloaded) => ({
    appDir: APICURIO_DIR,
    launcher: join(APICURIO_DIR, readMarker(APICURIO_DIR).launcher),
    version: APICURIO_VERSION,
    downloaded,
  });
  if (isProvisioned(APICURIO_DIR, valid)) return done(false);

  const start = performance.now();
  progress(`apicurio: downloading Apicurio Registry ${APICURIO_VERSION} (about 160 MB) from Maven Central into ${shown(APICURIO_DIR)}/ …`);
  await assemble(APICURIO_DIR, valid, async (tmp) => {
    const download = join(tmp, '.download');
    await mkdir(download);
    // dependency:copy fetches the one archive, not the app's hundreds of transitive dependencies.
    await mvn(['dependency:copy', `-Dartifact=${APICURIO_ARTIFACT}`, `-DoutputDirectory=${download}`], download);
    const archive = readdirSync(download).find((name) => name.endsWith('.tar.gz'));
    if (!archive) throw new Error(`Maven copied no .tar.gz for ${APICURIO_ARTIFACT} into ${download}.`);
    const untar = await spawnTool('tar', ['-xzf', join(download, archive), '-C', tmp], 'tar', 'apt-get install -y tar gzip');
    if (untar.code !== 0) throw new Error(`tar could not unpack ${archive}: ${untar.stderr.trim()}`);
    await rm(download, { recursive: true, force: true });
    const launcher = findLauncher(tmp);
    if (!launcher) throw new Error(`No quarkus-run.jar (or *-runner.jar) inside ${archive}; its layout changed.`);
    return { version: APICURIO_VERSION, launcher: relative(tmp, launcher) };
  });
  progress(`apicurio: ${APICURIO_VERSION} provisioned in ${since(start)}`);
  return done(true);
}

function isProvisioned(dir, valid) {
  const marker = readMarker(dir);
  return marker !== undefined && valid(marker);
}

function readMarker(dir) {
  try {
    return JSON.parse(readFileSync(join(dir, MARKER), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Builds `finalDir` in a private temp folder with `fill(tmp)` (which returns the marker), then
 * renames it into place. If another run finished first with a valid result, ours is dropped.
 */
async function assemble(finalDir, valid, fill) {
  await mkdir(CACHE_DIR, { recursive: true });
  const tmp = `${finalDir}.tmp-${process.pid}-${randomBytes(3).toString('hex')}`;
  await mkdir(tmp);
  try {
    const marker = await fill(tmp);
    await writeFile(join(tmp, MARKER), `${JSON.stringify(marker, null, 2)}\n`);
    if (existsSync(finalDir)) {
      if (isProvisioned(finalDir, valid)) return; // a concurrent run won; keep its copy
      const stale = `${finalDir}.stale-${process.pid}-${randomBytes(3).toString('hex')}`;
      await rename(finalDir, stale); // incomplete or outdated: move aside, then delete
      await rm(stale, { recursive: true, force: true });
    }
    try {
      await rename(tmp, finalDir);
    } catch (error) {
      if (!(['ENOTEMPTY', 'EEXIST'].includes(error.code) && isProvisioned(finalDir, valid))) throw error;
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function mvn(args, cwd) {
  const result = await spawnTool('mvn', ['-B', '-q', ...args], 'mvn (Apache Maven)', 'apt-get install -y maven', { cwd });
  if (result.code !== 0) {
    const output = `${result.stdout}${result.stderr}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(`mvn ${args.join(' ')} failed (exit ${result.code}):\n${output}`);
  }
  return result;
}

async function spawnTool(command, args, what, install, options = {}) {
  try {
    return await run(command, args, options);
  } catch (error) {
    if (error.code === 'ENOENT') {
      throw new PrerequisiteError(`${what} is not installed (no \`${command}\` on PATH); the test services need it. Install it: \`${install}\`.`);
    }
    throw error;
  }
}

function findLauncher(root, depth = 0) {
  const entries = readdirSync(root).sort();
  if (entries.includes('quarkus-run.jar')) return join(root, 'quarkus-run.jar');
  const runner = entries.find((name) => name.endsWith('-runner.jar'));
  if (runner) return join(root, runner);
  if (depth >= 3) return undefined;
  for (const name of entries) {
    const path = join(root, name);
    if (!name.startsWith('.') && statSync(path).isDirectory()) {
      const found = findLauncher(path, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** A path as the user knows it: relative inside the repo, absolute outside. */
function shown(path) {
  const rel = relative(REPO_ROOT, path);
  return rel.startsWith('..') ? path : rel;
}

function sha256(data) {
  return createHash('sha256').update(data).digest('hex');
}
