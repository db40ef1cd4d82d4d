import { mkdir, open, readFile, realpath, type FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { join, resolve } from 'node:path';
import { lockDataDirectory, RegistryStorageError, type DirectoryLock } from './lock.js';
import type { LogRecord } from './records.js';

export { RegistryStorageError };

/**
 * Where state changes go before a write is acknowledged. `append` is synchronous (it only
 * queues), `durable()` resolves once everything appended so far is on stable storage.
 */
export interface Journal {
  append(record: LogRecord): void;
  durable(): Promise<void>;
  close(): Promise<void>;
  /** Human description for logs: the file path, or "in memory". */
  readonly where: string;
}

export const LOG_FILE = 'registry.log';

/** No `--data`: nothing survives the process, and writes are durable as soon as they are applied. */
export function memoryJournal(): Journal {
  return { append: () => undefined, durable: async () => undefined, close: async () => undefined, where: 'in memory' };
}

/**
 * Record framing, one per line: `<payload byte length> <crc32 of payload, 8 hex> <payload JSON>\n`.
 * The length and checksum make a torn or bit-flipped line detectable; the newline keeps the
 * file readable with `less` and `jq` (`cut -d' ' -f3-`).
 */
export function encodeRecord(record: LogRecord): Buffer {
  const payload = Buffer.from(JSON.stringify(record), 'utf8');
  const header = `${payload.length} ${crc32(payload).toString(16).padStart(8, '0')} `;
  return Buffer.concat([Buffer.from(header, 'ascii'), payload, Buffer.from('\n', 'ascii')]);
}

const HEADER = /^(\d{1,10}) ([0-9a-f]{8}) /;
const OPS = new Set(['register', 'deleteVersions', 'setConfig', 'deleteConfig', 'setMode', 'deleteMode']);

/** Decodes the line starting at `offset`; returns the record and the offset after it, or undefined if damaged. */
function decodeAt(data: Buffer, offset: number): { record: LogRecord; next: number } | undefined {
  const newline = data.indexOf(0x0a, offset);
  if (newline < 0) return undefined;
  const line = data.subarray(offset, newline);
  const match = HEADER.exec(line.subarray(0, 21).toString('latin1'));
  if (!match) return undefined;
  const payload = line.subarray(match[0].length);
  if (payload.length !== Number(match[1]) || crc32(payload) !== parseInt(match[2] as string, 16)) return undefined;
  try {
    const record = JSON.parse(payload.toString('utf8')) as LogRecord;
    if (typeof record !== 'object' || record === null || !OPS.has(record.op)) return undefined;
    return { record, next: newline + 1 };
  } catch {
    return undefined;
  }
}

export interface ReplayResult {
  records: LogRecord[];
  /** Byte length of the valid prefix; anything after it was a torn tail. */
  validLength: number;
  /** Bytes dropped from the end (0 when the log was clean). */
  droppedBytes: number;
}

/**
 * Reads a log buffer. Only an incomplete last record (no terminating newline) can be a torn write
 * that was never acknowledged: a write leaves a prefix of its bytes, and a record's payload holds no
 * raw newline, so a prefix that contains a record's newline contains the whole record. Such a tail
 * is reported via `droppedBytes`. A complete record that fails its length/checksum check was
 * written in full (and fsynced before its reply), so it is corruption, wherever it is: it throws,
 * naming the byte offset and record number.
 */
export function replayBuffer(data: Buffer, file: string): ReplayResult {
  const records: LogRecord[] = [];
  let offset = 0;
  while (offset < data.length) {
    const decoded = decodeAt(data, offset);
    if (decoded) {
      records.push(decoded.record);
      offset = decoded.next;
      continue;
    }
    const end = data.indexOf(0x0a, offset);
    if (end >= 0) {
      const later = findValidRecordAfter(data, offset);
      const why =
        later !== undefined
          ? `a valid record follows at byte ${later}, so this is not a torn last write`
          : `it is complete (it ends with its newline at byte ${end}), so it was written in full and acknowledged: only a record cut short can be a torn last write`;
      throw new RegistryStorageError(
        `Registry log ${file} is corrupt at byte ${offset} (record ${records.length + 1}): the record fails its length/checksum check, and ${why}.`,
        `Restore ${file} from a backup, or move it aside to start with an empty registry. Nothing was changed.`,
      );
    }
    return { records, validLength: offset, droppedBytes: data.length - offset };
  }
  return { records, validLength: offset, droppedBytes: 0 };
}

function findValidRecordAfter(data: Buffer, offset: number): number | undefined {
  let newline = data.indexOf(0x0a, offset);
  while (newline >= 0 && newline + 1 < data.length) {
    if (decodeAt(data, newline + 1)) return newline + 1;
    newline = data.indexOf(0x0a, newline + 1);
  }
  return undefined;
}

/**
 * Opens (creating if needed) the append-only log in `dir`, replays it, drops a torn tail with a
 * warning, and returns the records plus a journal that appends with group commit: every append
 * made while a write+fdatasync is in flight goes out in the next single write+fdatasync.
 */
export async function openFileJournal(dirInput: string, onWarning: (message: string) => void): Promise<{ journal: Journal; records: LogRecord[] }> {
  await mkdir(resolve(dirInput), { recursive: true });
  // The real path names the directory in messages; the lock itself is keyed by inode (see lock.ts).
  const dir = await realpath(resolve(dirInput));
  let journal: FileJournal | undefined;
  let lostEarly: Error | undefined;
  const lock = await lockDataDirectory(dir, (error) => (journal ? journal.fail(error) : (lostEarly = error)));
  const file = join(dir, LOG_FILE);
  let handle: FileHandle | undefined;
  try {
    const existed = await readFile(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    const replay = replayBuffer(existed ?? Buffer.alloc(0), file);
    handle = await open(file, 'a');
    if (replay.droppedBytes > 0) {
      await handle.truncate(replay.validLength);
      await handle.datasync();
      onWarning(
        `registry log ${file}: dropped a torn last record (${replay.droppedBytes} bytes at byte ${replay.validLength}); it was never acknowledged. ${replay.records.length} records replayed.`,
      );
    }
    if (existed === undefined) await syncDirectory(dir);
    if (lostEarly) throw lostEarly;
    journal = new FileJournal(handle, file, lock);
    return { journal, records: replay.records };
  } catch (error) {
    await handle?.close();
    await lock.release();
    throw error;
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const dirHandle = await open(dir, 'r');
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
}

interface Waiter {
  seq: number;
  resolve(): void;
  reject(error: Error): void;
}

class FileJournal implements Journal {
  private pending: Buffer[] = [];
  private appended = 0;
  private flushed = 0;
  private waiters: Waiter[] = [];
  private flushing: Promise<void> | undefined;
  private failure: Error | undefined;
  private closed = false;

  constructor(
    private readonly handle: FileHandle,
    readonly where: string,
    private readonly lock: DirectoryLock,
  ) {}

  /** Stops accepting anything: every pending and later write is answered with `error`. */
  fail(error: Error): void {
    this.failure ??= error;
    for (const w of this.waiters) w.reject(this.failure);
    this.waiters = [];
  }

  append(record: LogRecord): void {
    if (this.failure) throw this.failure;
    if (this.closed) throw new Error('registry log is closed');
    this.pending.push(encodeRecord(record));
    this.appended += 1;
    this.flushing ??= this.flushLoop();
  }

  durable(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const seq = this.appended;
    if (this.flushed >= seq) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ seq, resolve, reject }));
  }

  private async flushLoop(): Promise<void> {
    await Promise.resolve(); // let the appends of this tick join the batch
    while (this.pending.length > 0 && !this.failure) {
      const batch = Buffer.concat(this.pending);
      const upTo = this.appended;
      this.pending = [];
      try {
        let written = 0;
        while (written < batch.length) {
          const { bytesWritten } = await this.handle.write(batch, written);
          written += bytesWritten;
        }
        await this.handle.datasync();
      } catch (error) {
        // After a failed fsync the file's state is unknown: stop accepting anything.
        this.fail(new Error(`writing ${this.where} failed: ${(error as Error).message}; restart the registry`));
        break;
      }
      this.flushed = upTo;
      const [done, waiting] = partition(this.waiters, (w) => w.seq <= upTo);
      this.waiters = waiting;
      for (const w of done) w.resolve();
    }
    this.flushing = undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flushing;
    await this.handle.close();
    await this.lock.release(); // the lock file stays: see lock.ts
  }
}

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (test(item) ? yes : no).push(item);
  return [yes, no];
}
