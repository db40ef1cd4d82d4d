import { readdirSync, readFileSync } from 'node:fs';
import { appendFile, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeRecord, LOG_FILE, replayBuffer } from '../../../generator/registry-server/log.js';
import type { LogRecord } from '../../../generator/registry-server/records.js';
import { objectSchema, startTestRegistry, tempDir } from './helpers.js';

const RECORDS: LogRecord[] = [
  { op: 'setConfig', subject: null, config: { compatibilityLevel: 'FULL' } },
  { op: 'register', subject: 's', version: 1, id: 1, schema: '{"type":"string"}', references: [] },
  { op: 'register', subject: 's', version: 2, id: 2, schema: '{"type":"string","title":"é"}', references: [] },
];
const LOG = Buffer.concat(RECORDS.map(encodeRecord));
const firstLength = encodeRecord(RECORDS[0] as LogRecord).length;

/** The same record with one payload byte changed (the checksum no longer matches; the newline stays). */
function flipLastPayloadByte(record: Buffer): Buffer {
  const copy = Buffer.from(record);
  copy[copy.length - 3] = (copy[copy.length - 3] as number) ^ 0x01;
  return copy;
}

describe('replayBuffer', () => {
  it('reads back what was encoded', () => {
    expect(replayBuffer(LOG, 'f')).toEqual({ records: RECORDS, validLength: LOG.length, droppedBytes: 0 });
  });

  it.each([
    { name: 'half a record, no newline', tail: encodeRecord(RECORDS[1] as LogRecord).subarray(0, 20) },
    { name: 'all but the newline of a record', tail: encodeRecord(RECORDS[1] as LogRecord).subarray(0, -1) },
    { name: 'zero-filled block', tail: Buffer.alloc(4096) },
  ])('drops a torn tail (a record cut short, no newline): $name', ({ tail }) => {
    const result = replayBuffer(Buffer.concat([LOG, tail]), 'f');
    expect(result.records).toEqual(RECORDS);
    expect(result.validLength).toBe(LOG.length);
    expect(result.droppedBytes).toBe(tail.length);
  });

  // A complete last record (ending with its newline) was written in full and acknowledged: damage
  // to it is corruption, not a torn write (issue 9, item 3).
  it.each([
    { name: 'a whole line with a wrong checksum', tail: Buffer.from('17 00000000 {"op":"setMode"}\n') },
    { name: 'garbage lines', tail: Buffer.from('12 abc\nxx\n\n') },
    { name: 'one byte changed in a complete record', tail: flipLastPayloadByte(encodeRecord(RECORDS[1] as LogRecord)) },
  ])('refuses a complete but damaged last record: $name', ({ tail }) => {
    expect(() => replayBuffer(Buffer.concat([LOG, tail]), '/data/registry.log')).toThrow(
      new RegExp(`/data/registry.log is corrupt at byte ${LOG.length} \\(record 4\\).*it is complete`),
    );
  });

  it('refuses corruption in the middle, naming the byte offset', () => {
    const corrupt = Buffer.from(LOG);
    corrupt[firstLength + 30] = (corrupt[firstLength + 30] as number) ^ 0x01; // flip a bit in record 2
    expect(() => replayBuffer(corrupt, '/data/registry.log')).toThrow(
      new RegExp(`/data/registry.log is corrupt at byte ${firstLength} \\(record 2\\).*valid record follows`),
    );
  });
});

/** The pid of the flock(1) process holding `lockPath` (found through /proc), if any. */
function lockHolderPid(lockPath: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv[0]?.endsWith('flock') && argv.includes(lockPath)) return Number(entry);
    } catch {
      // the process ended meanwhile
    }
  }
  return undefined;
}

describe('file-backed registry', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('keeps registrations, deletes, config and mode across a restart', async () => {
    const first = await startTestRegistry({ dataDir: dir.path });
    await first.register('s', objectSchema({ a: 'string' }));
    await first.register('s', objectSchema({ a: 'string', b: 'string' }, { closed: true }), {}, '?force=true');
    await first.register('t', objectSchema({ a: 'string' }));
    await first.call('DELETE', '/subjects/t');
    await first.call('PUT', '/config/s', { compatibility: 'FULL_TRANSITIVE', compatibilityPolicy: 'LENIENT' });
    await first.call('PUT', '/mode/s', { mode: 'READONLY' });
    const before = await Promise.all(
      ['/subjects?deleted=true', '/subjects/s/versions', '/schemas/ids/2', '/config/s', '/mode/s'].map((p) => first.call('GET', p)),
    );
    await first.close();

    const second = await startTestRegistry({ dataDir: dir.path });
    try {
      const after = await Promise.all(
        ['/subjects?deleted=true', '/subjects/s/versions', '/schemas/ids/2', '/config/s', '/mode/s'].map((p) => second.call('GET', p)),
      );
      expect(after.map((r) => r.body)).toEqual(before.map((r) => r.body));
      expect((await second.call('GET', '/subjects')).body).toEqual(['s']);
      expect((await second.register('s', objectSchema({ c: 'string' }))).body.error_code).toBe(42205);
      // New ids continue after the replayed ones.
      expect((await second.register('u', { type: 'integer' })).body).toMatchObject({ id: 3, version: 1 });
    } finally {
      await second.close();
    }
  });

  it('starts after a torn last record, warns, and truncates the file', async () => {
    const first = await startTestRegistry({ dataDir: dir.path });
    await first.register('s', { type: 'string' });
    await first.close();
    const file = join(dir.path, LOG_FILE);
    const clean = await readFile(file);
    await appendFile(file, encodeRecord(RECORDS[2] as LogRecord).subarray(0, 25));

    const warnings: string[] = [];
    const second = await startTestRegistry({ dataDir: dir.path, onWarning: (m) => warnings.push(m) });
    try {
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/dropped a torn last record \(25 bytes at byte \d+\); it was never acknowledged/);
      expect(await readFile(file)).toEqual(clean);
      expect((await second.call('GET', '/subjects/s/versions')).body).toEqual([1]);
      expect((await second.register('s', { type: 'string', title: 'x' })).body).toMatchObject({ id: 2, version: 2 });
    } finally {
      await second.close();
    }
  });

  it('refuses to start when one byte of the last, acknowledged record changed, and leaves the file untouched', async () => {
    const first = await startTestRegistry({ dataDir: dir.path });
    await first.register('s', { type: 'string' });
    expect((await first.register('s', { type: 'string', title: 'acknowledged' })).status).toBe(200);
    await first.close();
    const file = join(dir.path, LOG_FILE);
    const damaged = await readFile(file);
    const at = damaged.lastIndexOf('acknowledged');
    damaged[at] = 'A'.charCodeAt(0);
    await writeFile(file, damaged);
    const warnings: string[] = [];
    await expect(startTestRegistry({ dataDir: dir.path, onWarning: (m) => warnings.push(m) })).rejects.toMatchObject({
      name: 'RegistryStorageError',
      message: expect.stringMatching(/is corrupt at byte \d+ \(record 2\).*it is complete/),
      hint: expect.stringContaining('Nothing was changed.'),
    });
    expect(warnings).toEqual([]);
    expect(await readFile(file)).toEqual(damaged);
  });

  it('refuses to start on a log corrupt in the middle, and leaves it untouched', async () => {
    const file = join(dir.path, LOG_FILE);
    const corrupt = Buffer.from(LOG);
    corrupt[firstLength + 30] = (corrupt[firstLength + 30] as number) ^ 0x01;
    await writeFile(file, corrupt);
    await expect(startTestRegistry({ dataDir: dir.path })).rejects.toMatchObject({
      name: 'RegistryStorageError',
      message: expect.stringContaining('is corrupt at byte'),
      hint: expect.stringContaining('backup'),
    });
    expect(await readFile(file)).toEqual(corrupt);
    // The failed start released the directory.
    await writeFile(file, LOG);
    const ok = await startTestRegistry({ dataDir: dir.path });
    expect((await ok.call('GET', '/config')).body.compatibilityLevel).toBe('FULL');
    await ok.close();
  });

  it('refuses a second registry on the same data directory', async () => {
    const first = await startTestRegistry({ dataDir: dir.path });
    try {
      await expect(startTestRegistry({ dataDir: dir.path })).rejects.toMatchObject({
        name: 'RegistryStorageError',
        message: expect.stringContaining('is in use by process'),
      });
    } finally {
      await first.close();
    }
    const again = await startTestRegistry({ dataDir: dir.path });
    await again.close();
  });

  // Issue 9 item 2: the lock is the kernel's (flock on the inode), so a symlink to the directory is
  // the same directory, and of simultaneous starts exactly one wins.
  it('refuses a registry on a symlink to a directory another registry owns', async () => {
    const link = `${dir.path}-link`;
    await symlink(dir.path, link);
    try {
      const first = await startTestRegistry({ dataDir: dir.path });
      try {
        await expect(startTestRegistry({ dataDir: link })).rejects.toMatchObject({
          name: 'RegistryStorageError',
          message: expect.stringContaining('is in use by process'),
        });
      } finally {
        await first.close();
      }
      const viaLink = await startTestRegistry({ dataDir: link });
      await expect(startTestRegistry({ dataDir: dir.path })).rejects.toMatchObject({ name: 'RegistryStorageError' });
      await viaLink.close();
    } finally {
      await rm(link, { force: true });
    }
  });

  it('lets exactly one of four simultaneous starts own the directory, in each of 5 trials', async () => {
    const link = `${dir.path}-link`;
    await symlink(dir.path, link);
    try {
      for (let trial = 0; trial < 5; trial++) {
        const starts = await Promise.allSettled([dir.path, link, dir.path, link].map((dataDir) => startTestRegistry({ dataDir })));
        const owners = starts.filter((s) => s.status === 'fulfilled');
        const refused = starts.filter((s) => s.status === 'rejected').map((s) => (s as PromiseRejectedResult).reason as Error);
        expect(owners, `trial ${trial}`).toHaveLength(1);
        expect(refused.map((e) => e.name)).toEqual(['RegistryStorageError', 'RegistryStorageError', 'RegistryStorageError']);
        await (owners[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof startTestRegistry>>>).value.close();
      }
    } finally {
      await rm(link, { force: true });
    }
  });

  it('stops answering (50001) when its lock holder dies, rather than writing without the lock', async () => {
    const registry = await startTestRegistry({ dataDir: dir.path });
    try {
      expect((await registry.register('s', { type: 'string' })).status).toBe(200);
      const holder = lockHolderPid(join(dir.path, 'registry.lock'));
      expect(holder).toBeDefined();
      process.kill(holder as number, 'SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const after = await registry.register('s', { type: 'string', title: 'after' });
      expect(after.status).toBe(500);
      expect(after.body).toMatchObject({ error_code: 50001, message: expect.stringContaining('lock') });
    } finally {
      await registry.close();
    }
  });

  it('acknowledges concurrent registrations only once they are in the log, one record each', async () => {
    const registry = await startTestRegistry({ dataDir: dir.path });
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) => registry.register(`s${i % 5}`, { type: 'object', title: `T${i}` }, {}, '?force=true')),
    );
    expect(replies.every((r) => r.status === 200)).toBe(true);
    const { records } = replayBuffer(await readFile(join(dir.path, LOG_FILE)), 'f');
    expect(records).toHaveLength(50);
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(50);
    await registry.close();
  });
});

describe('graceful close', () => {
  it('lets a request already being received finish and persist, then refuses connections', async () => {
    const dir = await tempDir();
    try {
      const registry = await startTestRegistry({ dataDir: dir.path });
      const body = Buffer.from(JSON.stringify({ schemaType: 'JSON', schema: '{"type":"string"}' }));
      const reply = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = request(
          `${registry.url}/subjects/late/versions`,
          {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'Content-Length': body.length },
          },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          },
        );
        req.on('error', reject);
        req.write(body.subarray(0, 10));
        // Close while the body is half sent, then send the rest.
        req.once('socket', (socket) =>
          socket.once('connect', () =>
            setTimeout(() => {
              closed = registry.close();
              setTimeout(() => req.end(body.subarray(10)), 50);
            }, 50),
          ),
        );
      });
      let closed: Promise<void> | undefined;
      const answer = await reply;
      await closed;
      expect(answer.status, answer.text).toBe(200);
      expect(JSON.parse(answer.text)).toMatchObject({ id: 1, version: 1 });
      await expect(fetch(`${registry.url}/`)).rejects.toThrow();
      const { records } = replayBuffer(await readFile(join(dir.path, LOG_FILE)), 'f');
      expect(records).toEqual([{ op: 'register', subject: 'late', version: 1, id: 1, schema: '{"type":"string"}', references: [] }]);
    } finally {
      await dir.remove();
    }
  });
});
