/** Writes small contracts repositories to temp folders for CLI tests. */
import { makeRepo } from '../../support/repo.js';
import { CURRENCY_FILE, MONEY_FILE } from '../../support/schemas.js';
import type { CliIO } from '../../../generator/cli/command.js';

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
  return makeRepo({ 'schemas/_shared/money.json': MONEY_FILE, 'schemas/_shared/currency.json': CURRENCY_FILE, ...events }, 'contracts-register-');
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
