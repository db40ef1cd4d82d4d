import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ContractsError } from '../core/errors.js';

/** A storage problem the user has to act on (corrupt log, directory in use). Printed without a stack. */
export class RegistryStorageError extends ContractsError {
  override name = 'RegistryStorageError';
}

export const LOCK_FILE = 'registry.lock';

/** flock(1)'s exit code when the lock is held by someone else (`--conflict-exit-code`). */
const BUSY = 75;
/** How long a start waits for a holder that is going away (a kill -9'd holder's lock goes within milliseconds). */
const WAIT_SECONDS = 1;

export interface DirectoryLock {
  readonly path: string;
  /** Releases the lock and waits until the OS has let it go. */
  release(): Promise<void>;
}

/**
 * Takes the exclusive lock of a data directory: a flock(2) on `<dir>/registry.lock`, held by a
 * `flock(1)` child (Node has no flock). The kernel decides between two starters, however close
 * together, and keys the lock by the file's inode, so a symlinked or bind-mounted path is the same
 * directory. The holder dies with us: the child's command reads our pipe, which the OS closes when
 * this process ends in any way (kill -9 included); the child then exits and the OS drops the lock.
 * If the child dies while we run, `onLost` is called: the caller must stop writing.
 * The lock file is never deleted: unlinking a flocked file lets a third process lock a new inode
 * while a second still holds the old one. Why not a pid file or proper-lockfile: docs/decisions.md.
 */
export async function lockDataDirectory(dir: string, onLost: (error: Error) => void): Promise<DirectoryLock> {
  const path = join(dir, LOCK_FILE);
  // `--close`: the command does not inherit the lock's descriptor, so only flock(1) holds it and
  // its exit always releases it. `cat` waits for EOF on our pipe (end of this process or release()).
  const child = spawn(
    'flock',
    ['--exclusive', '--wait', String(WAIT_SECONDS), '--conflict-exit-code', String(BUSY), '--close', path, 'sh', '-c', 'echo locked; exec cat >/dev/null'],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-2000)));
  const outcome = await new Promise<'locked' | { code: number | null; error?: NodeJS.ErrnoException }>((resolve) => {
    child.stdout?.once('data', () => resolve('locked'));
    child.once('error', (error: NodeJS.ErrnoException) => resolve({ code: null, error }));
    child.once('exit', (code) => resolve({ code }));
  });
  if (outcome !== 'locked') throw await lockFailure(dir, path, outcome, stderr);

  let releasing = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    if (!releasing) onLost(new Error(`the lock on ${dir} was lost (its holder, flock pid ${child.pid}, exited with ${signal ?? code}); restart the registry`));
  });
  detach(child);
  const release = async () => {
    releasing = true;
    child.stdin?.end();
    const force = setTimeout(() => child.kill('SIGKILL'), 2_000);
    await exited;
    clearTimeout(force);
  };
  // The pid is for the "in use by process N" message only; the flock is the lock.
  await writeFile(path, `${process.pid}\n`).catch(async (error: Error) => {
    await release();
    throw error;
  });
  return { path, release };
}

/** The lock child must neither keep the event loop alive nor be waited for at exit. */
function detach(child: ChildProcess): void {
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as { unref?: () => void } | null)?.unref?.();
}

async function lockFailure(dir: string, path: string, outcome: { code: number | null; error?: NodeJS.ErrnoException }, stderr: string): Promise<Error> {
  if (outcome.error?.code === 'ENOENT') {
    return new RegistryStorageError(
      `Cannot lock registry data directory ${dir}: the flock(1) command was not found.`,
      'Install util-linux (Debian/Ubuntu: apt-get install util-linux), or run without --data (in memory).',
    );
  }
  if (outcome.code === BUSY) {
    const holder = (await readFile(path, 'utf8').catch(() => '')).trim();
    const who =
      holder === String(process.pid) ? `process ${holder} (this one: another startRegistry)` : /^\d+$/.test(holder) ? `process ${holder}` : 'another process';
    return new RegistryStorageError(
      `Registry data directory ${dir} is in use by ${who}.`,
      'Stop that registry first, or pass another --data directory. Two writers on one log would corrupt it.',
    );
  }
  return new RegistryStorageError(
    `Cannot lock registry data directory ${dir}: ${outcome.error?.message ?? `flock exited with ${outcome.code}`}${stderr ? ` (${stderr.trim()})` : ''}.`,
    'Check that the directory is writable by this user.',
  );
}
