/**
 * Shared pieces of the delivery tests: a raw kafkajs reader that collects what reached a topic (decoded
 * envelopes, in partition order), a prisma client generated for real in a scratch folder, and polling.
 */
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Consumer } from 'kafkajs';
import { kafkaClient, uniqueGroupId } from '../../infra/kafka.js';

export interface Seen {
  eventId: string;
  eventType: string;
  key: string | null;
  partition: number;
  offset: string;
  schemaId: number | undefined;
  headers: Record<string, string>;
  data: any;
}

/** Decodes a Confluent-framed (or plain) JSON envelope. */
export function decode(value: Buffer): { schemaId: number | undefined; envelope: any } {
  const framed = value[0] === 0;
  return { schemaId: framed ? value.readUInt32BE(1) : undefined, envelope: JSON.parse(value.subarray(framed ? 5 : 0).toString('utf8')) };
}

/** Reads `topic` from the beginning into `seen` (every record, duplicates included) until stop(). */
export async function readTopic(topic: string, brokers?: string[]): Promise<{ seen: Seen[]; stop(): Promise<void> }> {
  const seen: Seen[] = [];
  const kafka = kafkaClient('delivery-reader', brokers ? { brokers } : {});
  const consumer: Consumer = kafka.consumer({ groupId: uniqueGroupId('delivery-reader'), maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const { schemaId, envelope } = decode(message.value!);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
      seen.push({
        eventId: envelope.eventId,
        eventType: envelope.eventType,
        key: message.key?.toString() ?? null,
        partition,
        offset: message.offset,
        schemaId,
        headers,
        data: envelope.data,
      });
    },
  });
  return { seen, stop: () => consumer.disconnect() };
}

export { waitFor } from '../../support/wait.js';

const REPO = resolve(import.meta.dirname, '../../..');

/**
 * Generates a Prisma 7 client (Rust-free, no engine download) for `schema` into a scratch folder inside the repo
 * (so `prisma/config` and `@prisma/client` resolve) and returns the folder; `remove()` deletes it.
 */
export async function generatePrismaClient(schema: string): Promise<{ dir: string; clientModule: string; remove(): Promise<void> }> {
  const dir = join(REPO, '.cache', `prisma-test-${randomBytes(4).toString('hex')}`);
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'schema.prisma'),
    `generator client {\n  provider = "prisma-client"\n  output   = "./client"\n}\n\ndatasource db {\n  provider = "postgresql"\n}\n\n${schema}\n`,
  );
  // The URL is only read by migrate/db commands; generate needs none.
  await writeFile(
    join(dir, 'prisma.config.ts'),
    `import { defineConfig } from 'prisma/config';\nexport default defineConfig({ schema: 'schema.prisma', datasource: { url: 'postgres://unused@127.0.0.1:1/unused' } });\n`,
  );
  await promisify(execFile)(join(REPO, 'node_modules/.bin/prisma'), ['generate'], {
    cwd: dir,
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true', PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
  return { dir, clientModule: join(dir, 'client', 'client.ts'), remove: () => rm(dir, { recursive: true, force: true }) };
}
