/**
 * Read what a registry holds for the subjects a plan is about. The only I/O before planning;
 * the result is plain data so `planRegistration` stays pure and testable without a server.
 */
import type { RegisteredSchema, RegistryClient, SubjectConfig } from './client.js';
import { RegistryError } from './errors.js';

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
  /**
   * Subjects whose state could not be read (after retries), with why. The plan leaves them out
   * of this run instead of failing the whole run, so a flaky registry still converges.
   */
  unreadable?: Map<string, string>;
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
  const unreadable = new Map<string, string>();
  const states = await mapLimit(options.subjects, concurrency, async (subject): Promise<SubjectState | undefined> => {
    try {
      const numbers = await client.listVersions(subject);
      const versions = await mapLimit(numbers, 4, (v) => client.getVersion(subject, v));
      const config = await client.getSubjectConfig(subject);
      return { subject, versions, config };
    } catch (error) {
      if (!(error instanceof RegistryError) || !error.retriable) throw error;
      unreadable.set(subject, error.message);
      return undefined;
    } finally {
      options.onSubject?.(subject);
    }
  });
  const read = states.filter((s): s is SubjectState => s !== undefined);
  const subjects = new Map(read.map((s) => [s.subject, s]));
  const referenced = new Map<string, RegisteredSchema>();
  for (const s of read) for (const v of s.versions) referenced.set(refKey(s.subject, v.version), v);
  // Fetch referenced versions we do not have yet, transitively. One that cannot be read makes
  // the subjects whose versions need it unreadable (they cannot be judged).
  const failed = new Map<string, string>();
  let missing = collectMissing(referenced, failed);
  while (missing.length > 0) {
    await mapLimit(missing, concurrency, async ([subject, version]) => {
      try {
        const f = await client.getVersion(subject, version);
        referenced.set(refKey(subject, version), f);
      } catch (error) {
        if (!(error instanceof RegistryError) || !error.retriable) throw error;
        failed.set(refKey(subject, version), error.message);
      }
    });
    missing = collectMissing(referenced, failed);
  }
  if (failed.size > 0) {
    for (const s of read) {
      const needs = s.versions.flatMap((v) => v.references).find((r) => failed.has(refKey(r.subject, r.version)));
      if (needs) {
        unreadable.set(s.subject, failed.get(refKey(needs.subject, needs.version)) as string);
        subjects.delete(s.subject);
      }
    }
  }
  return unreadable.size > 0 ? { subjects, referenced, unreadable } : { subjects, referenced };
}

function collectMissing(referenced: Map<string, RegisteredSchema>, failed: ReadonlyMap<string, string>): [string, number][] {
  const out = new Map<string, [string, number]>();
  for (const v of referenced.values()) {
    for (const r of v.references) {
      const key = refKey(r.subject, r.version);
      if (!referenced.has(key) && !failed.has(key)) out.set(key, [r.subject, r.version]);
    }
  }
  return [...out.values()];
}
