/**
 * Read what a registry holds for the subjects a plan is about. The only I/O before planning;
 * the result is plain data so `planRegistration` stays pure and testable without a server.
 */
import type { RegisteredSchema, RegistryClient, SubjectConfig } from './client.js';

export interface SubjectState {
  subject: string;
  /** Live (not soft-deleted) versions, ascending. */
  versions: RegisteredSchema[];
  /** Subject-level config; undefined when the subject has none (the global one applies). */
  config?: SubjectConfig;
}

export interface RegistryState {
  /** Every subject asked about, present or not (absent subjects have no versions). */
  subjects: Map<string, SubjectState>;
  /** Every schema referenced by a registered version, by `subject@version`. */
  referenced: Map<string, RegisteredSchema>;
}

export function refKey(subject: string, version: number): string {
  return `${subject}@${version}`;
}

/** Run `fn` over `items` with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export interface ReadStateOptions {
  client: RegistryClient;
  subjects: readonly string[];
  /** @default 8 */
  concurrency?: number;
  /** Called after each subject is read (progress). */
  onSubject?: (subject: string) => void;
}

export async function readRegistryState(options: ReadStateOptions): Promise<RegistryState> {
  const { client } = options;
  const concurrency = options.concurrency ?? 8;
  const states = await mapLimit(options.subjects, concurrency, async (subject) => {
    const numbers = await client.listVersions(subject);
    const versions = await mapLimit(numbers, 4, (v) => client.getVersion(subject, v));
    const config = await client.getSubjectConfig(subject);
    options.onSubject?.(subject);
    return { subject, versions, config } satisfies SubjectState;
  });
  const subjects = new Map(states.map((s) => [s.subject, s]));
  const referenced = new Map<string, RegisteredSchema>();
  for (const s of states) for (const v of s.versions) referenced.set(refKey(s.subject, v.version), v);
  // Fetch referenced versions we do not have yet, transitively.
  let missing = collectMissing(referenced);
  while (missing.length > 0) {
    const fetched = await mapLimit(missing, concurrency, ([subject, version]) => client.getVersion(subject, version));
    for (const f of fetched) referenced.set(refKey(f.subject, f.version), f);
    missing = collectMissing(referenced);
  }
  return { subjects, referenced };
}

function collectMissing(referenced: Map<string, RegisteredSchema>): [string, number][] {
  const out = new Map<string, [string, number]>();
  for (const v of referenced.values()) {
    for (const r of v.references) if (!referenced.has(refKey(r.subject, r.version))) out.set(refKey(r.subject, r.version), [r.subject, r.version]);
  }
  return [...out.values()];
}
