/**
 * The asyncapi stage: `writeAsyncApi` plans the AsyncAPI 3.0 document (pure, `document.ts`),
 * renders it as JSON or YAML at the edge, and writes it atomically or, with `check`, only compares.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import type { JsonObject } from '../core/json.js';
import { writeFileAtomic } from '../core/write-file.js';
import type { Catalog } from '../load/index.js';
import { readEventVersions } from '../records/index.js';
import { buildAsyncApiDocument } from './document.js';

export { buildAsyncApiDocument, componentKey, ASYNCAPI_VERSION, KAFKA_BINDING_VERSION, type AsyncApiDocument, type AsyncApiInput } from './document.js';

export type AsyncApiFormat = 'json' | 'yaml';

export interface WriteAsyncApiOptions {
  catalog: Catalog;
  format: AsyncApiFormat;
  /** File to write (relative to the repository root); undefined: only render. */
  out?: string;
  /** Write nothing; report whether `out` differs from what would be written. @default false */
  check?: boolean;
}

export interface WriteAsyncApiResult {
  text: string;
  /** Absolute path of `out`, when given. */
  path?: string;
  /** `written`, `unchanged`, `stale` (check: differs or missing), `fresh` (check: identical) or `rendered` (no out). */
  outcome: 'written' | 'unchanged' | 'stale' | 'fresh' | 'rendered';
  skipped: string[];
  messages: number;
  channels: number;
}

/** Deterministic text: insertion order is the planned (sorted) order, LF, trailing newline. */
export function renderAsyncApi(document: JsonObject, format: AsyncApiFormat): string {
  if (format === 'json') return `${JSON.stringify(document, null, 2)}\n`;
  return stringify(document, { lineWidth: 0, aliasDuplicateObjects: false, indent: 2 });
}

export async function writeAsyncApi(options: WriteAsyncApiOptions): Promise<WriteAsyncApiResult> {
  const { versions } = await readEventVersions(options.catalog);
  const { document, skipped } = buildAsyncApiDocument({ catalog: options.catalog, versions });
  const text = renderAsyncApi(document, options.format);
  const base = {
    text,
    skipped,
    messages: Object.keys((document.components as JsonObject).messages as JsonObject).length,
    channels: Object.keys(document.channels as JsonObject).length,
  };
  if (options.out === undefined) return { ...base, outcome: 'rendered' };
  const path = resolve(options.catalog.root, options.out);
  if (options.check) {
    const existing = await readFile(path, 'utf8').catch(() => undefined);
    return { ...base, path, outcome: existing === text ? 'fresh' : 'stale' };
  }
  return { ...base, path, outcome: (await writeFileAtomic(path, text)) ? 'written' : 'unchanged' };
}
