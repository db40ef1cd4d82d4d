import type { CompatibilityConfig, LogRecord, Mode, SchemaMetadata, SchemaReference } from './records.js';
import { contentKey } from './canonical.js';

export interface SchemaEntry {
  id: number;
  /** Canonical schema text. */
  schema: string;
  references: SchemaReference[];
  metadata?: SchemaMetadata;
  contentKey: string;
}

export interface VersionEntry {
  version: number;
  id: number;
  deleted: boolean;
}

export interface SubjectEntry {
  name: string;
  /** Every stored version (live and soft-deleted), ascending by version number. */
  versions: VersionEntry[];
}

/** The whole registry in memory: the fold of every log record. */
export interface RegistryState {
  schemas: Map<number, SchemaEntry>;
  /** Content address → id. Never forgotten, so the same content keeps its id forever. */
  idByContent: Map<string, number>;
  subjects: Map<string, SubjectEntry>;
  /** id → the stored (live or soft-deleted) versions carrying it; an id with none is gone (40403). */
  usage: Map<number, Set<string>>;
  globalConfig: CompatibilityConfig;
  subjectConfig: Map<string, CompatibilityConfig>;
  globalMode: Mode | undefined;
  subjectMode: Map<string, Mode>;
  maxId: number;
}

export function emptyState(): RegistryState {
  return {
    schemas: new Map(),
    idByContent: new Map(),
    subjects: new Map(),
    usage: new Map(),
    globalConfig: {},
    subjectConfig: new Map(),
    globalMode: undefined,
    subjectMode: new Map(),
    maxId: 0,
  };
}

/** Applies one decided record to the state. Pure data manipulation: no validation, no I/O. */
export function applyRecord(state: RegistryState, record: LogRecord): void {
  switch (record.op) {
    case 'register': {
      if (!state.schemas.has(record.id)) {
        const key = contentKey(record.schema, record.references, record.metadata);
        state.schemas.set(record.id, {
          id: record.id,
          schema: record.schema,
          references: record.references,
          ...(record.metadata ? { metadata: record.metadata } : {}),
          contentKey: key,
        });
        if (!state.idByContent.has(key)) state.idByContent.set(key, record.id);
      }
      state.maxId = Math.max(state.maxId, record.id);
      let subject = state.subjects.get(record.subject);
      if (!subject) {
        subject = { name: record.subject, versions: [] };
        state.subjects.set(record.subject, subject);
      }
      // Confluent tombstones soft-deleted versions of this subject that carry the same id.
      const [dropped, kept] = split(subject.versions, (v) => (v.deleted && v.id === record.id) || v.version === record.version);
      for (const v of dropped) forget(state, record.subject, v);
      const added = { version: record.version, id: record.id, deleted: false };
      subject.versions = kept;
      subject.versions.push(added);
      subject.versions.sort((a, b) => a.version - b.version);
      remember(state, record.subject, added);
      return;
    }
    case 'deleteVersions': {
      const subject = state.subjects.get(record.subject);
      if (!subject) return;
      const targets = new Set(record.versions);
      if (record.permanent) {
        const [dropped, kept] = split(subject.versions, (v) => targets.has(v.version));
        for (const v of dropped) forget(state, record.subject, v);
        subject.versions = kept;
        if (subject.versions.length === 0) {
          state.subjects.delete(record.subject);
          state.subjectConfig.delete(record.subject);
          state.subjectMode.delete(record.subject);
        }
      } else {
        for (const v of subject.versions) if (targets.has(v.version)) v.deleted = true;
      }
      return;
    }
    case 'setConfig':
      if (record.subject === null) state.globalConfig = { ...record.config };
      else state.subjectConfig.set(record.subject, { ...record.config });
      return;
    case 'deleteConfig':
      if (record.subject === null) state.globalConfig = {};
      else state.subjectConfig.delete(record.subject);
      return;
    case 'setMode':
      if (record.subject === null) state.globalMode = record.mode;
      else state.subjectMode.set(record.subject, record.mode);
      return;
    case 'deleteMode':
      if (record.subject === null) state.globalMode = undefined;
      else state.subjectMode.delete(record.subject);
      return;
  }
}

function remember(state: RegistryState, subject: string, version: VersionEntry): void {
  let users = state.usage.get(version.id);
  if (!users) {
    users = new Set();
    state.usage.set(version.id, users);
  }
  users.add(`${version.version}\u0000${subject}`);
}

function forget(state: RegistryState, subject: string, version: VersionEntry): void {
  const users = state.usage.get(version.id);
  users?.delete(`${version.version}\u0000${subject}`);
  if (users?.size === 0) state.usage.delete(version.id);
}

function split<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (test(item) ? yes : no).push(item);
  return [yes, no];
}

/** The subject versions carrying schema `id`, each with its subject entry. */
export function versionsOfId(state: RegistryState, id: number): { subject: string; version: VersionEntry }[] {
  const out: { subject: string; version: VersionEntry }[] = [];
  for (const key of state.usage.get(id) ?? []) {
    const subject = key.slice(key.indexOf('\u0000') + 1);
    const version = Number(key.slice(0, key.indexOf('\u0000')));
    const entry = state.subjects.get(subject)?.versions.find((v) => v.version === version);
    if (entry) out.push({ subject, version: entry });
  }
  return out.sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : a.version.version - b.version.version));
}

export function liveVersions(subject: SubjectEntry | undefined): VersionEntry[] {
  return subject ? subject.versions.filter((v) => !v.deleted) : [];
}

/** Ids of schemas whose live versions reference `subject` at `version`. */
export function referencedBy(state: RegistryState, subject: string, version: number): number[] {
  const ids = new Set<number>();
  for (const s of state.subjects.values()) {
    for (const v of s.versions) {
      if (v.deleted) continue;
      const schema = state.schemas.get(v.id);
      if (schema?.references.some((r) => r.subject === subject && r.version === version)) ids.add(v.id);
    }
  }
  return [...ids].sort((a, b) => a - b);
}
