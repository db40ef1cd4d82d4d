/** Writes small contracts repositories to temp folders for CLI tests. */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CliIO } from '../../../generator/cli/command.js';

export const MONEY_FILE = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Money',
  type: 'object',
  required: ['amount', 'currency'],
  properties: { amount: { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]+)?$', maxLength: 40 }, currency: { $ref: './currency.json' } },
  additionalProperties: false,
};
export const CURRENCY_FILE = { $schema: 'http://json-schema.org/draft-07/schema#', title: 'Currency', type: 'string', pattern: '^[A-Z]{3}$', maxLength: 3 };

export function eventFile(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Something happened',
    type: 'object',
    required: ['id', 'total'],
    properties: { id: { type: 'string', maxLength: 64 }, total: { $ref: '../_shared/money.json' }, ...extra },
    additionalProperties: false,
    'x-partition-key': '/id',
    'x-owner': 'team-a',
  };
}

/** A repository with the shared money/currency definitions and the given event files (path → schema). */
export async function writeRepo(events: Record<string, unknown>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'contracts-register-'));
  const files: Record<string, unknown> = { 'schemas/_shared/money.json': MONEY_FILE, 'schemas/_shared/currency.json': CURRENCY_FILE, ...events };
  for (const [path, json] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), JSON.stringify(json, null, 2) + '\n');
  }
  return root;
}

export function captureIO(isTTY = false): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    isTTY,
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
  };
  return io;
}
