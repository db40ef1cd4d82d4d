// Child-process plumbing for the test services: free ports, spawning with logs to a file,
// readiness polling, stopping by the PID we spawned (never by name), and exit safety.
import { spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';

/** Children started by this process that are still running: pid → {name, dir}. */
const live = new Map();
let safetyInstalled = false;

/** Writes one progress line to stderr (`kafka: ready on …`). */
export function progress(line) {
  process.stderr.write(`${line}\n`);
}

/** Seconds since `start` (a performance.now() value), one decimal: `6.1s`. */
export function since(start) {
  return `${((performance.now() - start) / 1000).toFixed(1)}s`;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `count` distinct free TCP ports on 127.0.0.1. They are free when returned; a server that
 * loses the race for one fails to bind and is restarted by its caller on new ports.
 */
export async function freePorts(count) {
  const servers = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
    }
    return servers.map((server) => server.address().port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(() => resolve()))));
  }
}

/**
 * Runs a command to completion and collects its output. Rejects with `ENOENT` when the
 * program is not installed (the caller turns that into an install hint).
 */
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/**
 * Starts a long-running server process with stdout and stderr appended to `logFile`, records
 * its PID for the exit safety net, and returns a handle to wait for and stop it.
 */
export function spawnServer({ name, command, args, cwd, logFile, env, spawnOptions }) {
  installExitSafety();
  const fd = openSync(logFile, 'a');
  let child;
  try {
    child = spawn(command, args, { cwd, env: env ?? process.env, stdio: ['ignore', fd, fd], ...spawnOptions });
  } finally {
    closeSync(fd);
  }
  const handle = {
    name,
    pid: child.pid,
    logFile,
    /** `{code, signal}` once the process has exited, else undefined. */
    exited: undefined,
    exit: undefined,
  };
  handle.exit = new Promise((resolve, reject) => {
    child.once('error', (error) => {
      handle.exited = { code: null, signal: null, error };
      live.delete(child.pid);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      handle.exited = { code, signal };
      live.delete(child.pid);
      resolve(handle.exited);
    });
  });
  handle.exit.catch(() => {}); // observed through handle.exited
  if (child.pid !== undefined) live.set(child.pid, { name, dir: cwd });
  return handle;
}

/**
 * Polls `probe` every `intervalMs` until it resolves true. Fails fast when the server exits,
 * and on timeout, with the tail of its log.
 */
export async function waitUntilReady(handle, probe, { timeoutMs, intervalMs = 250 }) {
  const deadline = performance.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  for (;;) {
    if (handle.exited) {
      const how = handle.exited.error ? handle.exited.error.message : `code ${handle.exited.code ?? handle.exited.signal}`;
      throw new ServiceStartError(`${handle.name} exited (${how}) before it was ready.`, handle.logFile);
    }
    try {
      if (await probe()) return;
      lastProblem = 'the probe answered not ready';
    } catch (error) {
      lastProblem = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    if (performance.now() > deadline) {
      throw new ServiceStartError(`${handle.name} was not ready after ${Math.round(timeoutMs / 1000)}s (last probe: ${lastProblem}).`, handle.logFile);
    }
    await sleep(intervalMs);
  }
}

/** A server that did not start; the message carries the last lines of its log. */
export class ServiceStartError extends Error {
  constructor(message, logFile) {
    super(`${message} Last lines of ${logFile}:\n${logTail(logFile)}`);
    this.name = 'ServiceStartError';
    this.logFile = logFile;
  }
  /** True when the log says a port was taken (another process won the race for it). */
  get portTaken() {
    return /Address already in use|BindException|Port .* in use/i.test(logTail(this.logFile, 200));
  }
}

/** The last `lines` lines of a log file ('' when it does not exist). */
export function logTail(file, lines = 25) {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Stops a server we spawned: SIGTERM (or `signal`, e.g. PostgreSQL's fast shutdown SIGINT) to its PID,
 * SIGKILL after `graceMs`.
 * Only the PID this process spawned is signalled, and only while that child is still running.
 */
export async function stopServer(handle, { graceMs = 10_000, signal: first = 'SIGTERM' } = {}) {
  if (handle.exited || handle.pid === undefined) return;
  signal(handle.pid, first);
  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs);
  });
  const outcome = await Promise.race([handle.exit.catch(() => undefined), timedOut]);
  clearTimeout(timer); // a pending timer would keep the runner alive after the run
  if (outcome === 'timeout' && !handle.exited) {
    signal(handle.pid, 'SIGKILL');
    await handle.exit.catch(() => undefined);
  }
}

/** Removes a server's temp folder; registers nothing, throws nothing. */
export function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The `stop()` of a started service: stop its process (`handleOf()`, read at stop time because a
 * fault test may have restarted it), remove its folder, and say how long that took.
 */
export function stopAndRemove(name, handleOf, dir) {
  return async ({ graceMs = 15_000, quiet = false } = {}) => {
    const stopping = performance.now();
    await stopServer(handleOf(), { graceMs });
    removeDir(dir);
    if (!quiet) progress(`${name}: stopped in ${since(stopping)}`);
  };
}

function signal(pid, name) {
  try {
    process.kill(pid, name);
  } catch (error) {
    if (error.code !== 'ESRCH') throw error;
  }
}

/**
 * If the runner dies before its teardown (an uncaught error, process.exit, Ctrl-C), kill the
 * children it started and delete their temp folders, so no broker outlives the run. Only PIDs
 * recorded in `live` are touched.
 */
function installExitSafety() {
  if (safetyInstalled) return;
  safetyInstalled = true;
  process.on('exit', killAllSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    const onSignal = () => {
      killAllSync();
      // Re-raise for the default behaviour (terminate) when nobody else handles the signal.
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.once(sig, onSignal);
  }
}

function killAllSync() {
  for (const [pid, { dir }] of live) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    try {
      if (dir) rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort while exiting
    }
  }
  live.clear();
}
