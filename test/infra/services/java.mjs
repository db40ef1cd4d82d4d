// Finds a Java runtime of at least a given major version: JAVA_HOME, then `java` on PATH, then
// the JDKs under /usr/lib/jvm (Debian's layout; these machines carry OpenJDK 17 and Temurin 25).
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { progress, run, since } from './process.mjs';

/** A missing tool (java, mvn, tar): the message says what to install. */
export class PrerequisiteError extends Error {
  constructor(message) {
    super(message);
    this.name = 'PrerequisiteError';
  }
}

const JVM_ROOT = '/usr/lib/jvm';
const versionCache = new Map();

/**
 * `{java, version, release}` (release: the full version from the JDK's `release` file, e.g.
 * `25.0.3`, or undefined) of a runtime with major version >= `min`: $JAVA_HOME when it qualifies,
 * else the newest of `java` on PATH and /usr/lib/jvm/* (newest: it can use an AOT cache, Java 25+).
 * Throws PrerequisiteError naming what to install when none qualifies.
 * @param {number} min
 * @param {string} purpose  what needs it, for the message
 */
export async function findJava(min, purpose) {
  const seen = [];
  const found = [];
  for (const [index, java] of candidates().entries()) {
    const version = await javaVersion(java);
    if (version === undefined) continue;
    seen.push(`${java} (${version})`);
    if (version < min) continue;
    if (index === 0 && process.env.JAVA_HOME && java === join(process.env.JAVA_HOME, 'bin', 'java')) {
      return { java, version, release: releaseString(java) };
    }
    found.push({ java, version, release: releaseString(java) });
  }
  if (found.length > 0) return found.sort((a, b) => b.version - a.version)[0];
  throw new PrerequisiteError(
    `${purpose} needs Java ${min} or newer, and none was found` +
      (seen.length ? ` (found: ${seen.join(', ')})` : ' (no `java` on PATH, no JAVA_HOME, nothing under /usr/lib/jvm)') +
      `. Install a JDK ${min}+ under /usr/lib/jvm (Debian 12 packages only openjdk-17; openjdk-21 comes with Debian 13; ` +
      `a Temurin build works too) or point JAVA_HOME at one.`,
  );
}

/**
 * Where a JVM AOT cache (JEP 483/514, Java 25+) for this exact Java build lives in `dir`, or
 * undefined when this Java cannot make one. A cache serves only the JVM build and class path
 * that wrote it; the JVM ignores (with a warning) one that does not fit.
 */
export function aotCacheFile(dir, { version, release }) {
  if (version < 25 || !release) return undefined;
  return join(dir, `aot-java-${release.replace(/[^A-Za-z0-9._-]/g, '_')}.aot`);
}

/**
 * One AOT training run (Java 25+, JEP 514), shared by the JVM services: `start(jvmFlags)` starts the server
 * writing the cache to a partial file, `exercise(server)` loads the code paths the tests use, and the JVM writes
 * the cache while exiting; the partial file is renamed into place only when it was written.
 * @param {{name: string, dir: string, javaFound: {version: number, release?: string}, start: (jvmFlags: string[]) => Promise<{stop: (o: object) => Promise<void>}>, exercise: (server: any) => Promise<void>}} options
 * @returns {Promise<string | undefined>} the cache file, or undefined when this Java cannot make one
 */
export async function trainAotCache({ name, dir, javaFound, start, exercise }) {
  const target = aotCacheFile(dir, javaFound);
  if (!target) {
    progress(`${name}: no AOT cache (needs Java 25+ with a release file; found Java ${javaFound.version})`);
    return undefined;
  }
  if (existsSync(target)) return target;
  const started = performance.now();
  const partial = `${target}.tmp-${process.pid}`;
  progress(`${name}: training the JVM AOT cache (once; about a minute) …`);
  const server = await start([`-XX:AOTCacheOutput=${partial}`]);
  try {
    await exercise(server);
  } finally {
    await server.stop({ graceMs: 300_000, quiet: true }); // the JVM writes the cache while exiting
  }
  if (!existsSync(partial)) {
    progress(`${name}: the JVM wrote no AOT cache; starting without one (see the JVM's AOT notes in its log)`);
    return undefined;
  }
  await rename(partial, target);
  progress(`${name}: AOT cache trained in ${since(started)} (${target})`);
  return target;
}

function candidates() {
  const list = [];
  if (process.env.JAVA_HOME) list.push(join(process.env.JAVA_HOME, 'bin', 'java'));
  const onPath = whichSync('java');
  if (onPath) list.push(onPath);
  if (existsSync(JVM_ROOT)) {
    const homes = readdirSync(JVM_ROOT)
      .map((name) => join(JVM_ROOT, name, 'bin', 'java'))
      .filter((java) => existsSync(java))
      .sort((a, b) => (releaseVersion(b) ?? 0) - (releaseVersion(a) ?? 0));
    list.push(...homes);
  }
  // Same binary through different symlinks counts once.
  const unique = new Map();
  for (const java of list) {
    const key = safeRealpath(java);
    if (key && !unique.has(key)) unique.set(key, java);
  }
  return [...unique.values()];
}

/** Major version of a java binary, from its home's `release` file, else from `java -version`. */
async function javaVersion(java) {
  if (versionCache.has(java)) return versionCache.get(java);
  let version = releaseVersion(java);
  if (version === undefined) {
    const result = await run(java, ['-version']).catch(() => undefined);
    if (result && result.code === 0) version = parseMajor(result.stderr + result.stdout);
  }
  versionCache.set(java, version);
  return version;
}

function releaseVersion(java) {
  const release = releaseString(java);
  return release ? parseMajor(`version "${release}"`) : undefined;
}

function releaseString(java) {
  const real = safeRealpath(java);
  if (!real) return undefined;
  const release = join(dirname(dirname(real)), 'release');
  if (!existsSync(release)) return undefined;
  return /^JAVA_VERSION="([^"]+)"/m.exec(readFileSync(release, 'utf8'))?.[1];
}

function parseMajor(text) {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(text);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 ? Number(match[2]) : first; // "1.8.0" is Java 8
}

function whichSync(program) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, program);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function safeRealpath(path) {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}
