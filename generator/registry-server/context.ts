import type { CompatibilityLevel, CompatibilityPolicy } from '../core/compatibility.js';
import type { JsonValue } from '../core/json.js';
import { errors } from './errors.js';
import type { Journal } from './log.js';
import type { LogRecord, Mode } from './records.js';
import { inlineReferences } from './references.js';
import { applyRecord, liveVersions, type RegistryState, type SubjectEntry, type VersionEntry } from './state.js';

/** The server-wide defaults used when neither the subject nor the global config says otherwise. */
export interface RegistryDefaults {
  /** @default 'BACKWARD' (Confluent's default) */
  compatibilityLevel: CompatibilityLevel;
  /** @default 'STRICT' (Confluent's verdicts) */
  compatibilityPolicy: CompatibilityPolicy;
}

export const CONFLUENT_DEFAULTS: RegistryDefaults = { compatibilityLevel: 'BACKWARD', compatibilityPolicy: 'STRICT' };

/** What every route handler works with: the state, the one way to change it, and lookups. */
export class RegistryContext {
  private readonly resolved = new Map<number, JsonValue>();

  constructor(
    readonly state: RegistryState,
    private readonly journal: Journal,
    readonly defaults: RegistryDefaults,
  ) {}

  /** Records a decided change: appended to the journal (durable before the reply) and applied. */
  commit(record: LogRecord): void {
    this.journal.append(record);
    applyRecord(this.state, record);
  }

  effectiveMode(subject: string | null): Mode {
    return (subject !== null ? this.state.subjectMode.get(subject) : undefined) ?? this.state.globalMode ?? 'READWRITE';
  }

  effectiveConfig(subject: string | null): { compatibilityLevel: CompatibilityLevel; compatibilityPolicy: CompatibilityPolicy } {
    const own = subject !== null ? this.state.subjectConfig.get(subject) : undefined;
    const global = this.state.globalConfig;
    return {
      compatibilityLevel: own?.compatibilityLevel ?? global.compatibilityLevel ?? this.defaults.compatibilityLevel,
      compatibilityPolicy: own?.compatibilityPolicy ?? global.compatibilityPolicy ?? this.defaults.compatibilityPolicy,
    };
  }

  assertWritable(subject: string | null): void {
    if (this.effectiveMode(subject) === 'READONLY') {
      throw errors.operationNotPermitted(
        subject === null
          ? 'The registry is in read-only mode. PUT /mode {"mode":"READWRITE"} to allow writes.'
          : `Subject ${subject} is in read-only mode. PUT /mode/${subject} {"mode":"READWRITE"} to allow writes.`,
      );
    }
  }

  /** A subject with at least one visible version (soft-deleted ones count when `includeDeleted`), else 40401. */
  requireSubject(name: string, includeDeleted: boolean): SubjectEntry {
    const subject = this.state.subjects.get(name);
    if (!subject || (!includeDeleted && liveVersions(subject).length === 0)) throw errors.subjectNotFound(name);
    return subject;
  }

  /** Resolves `latest` (-1) or a number to a stored version, else 40402. */
  requireVersion(subject: SubjectEntry, version: number, includeDeleted: boolean): VersionEntry {
    const visible = includeDeleted ? subject.versions : liveVersions(subject);
    const found = version === -1 ? visible[visible.length - 1] : visible.find((v) => v.version === version);
    if (!found) throw errors.versionNotFound(version === -1 ? 'latest' : version);
    return found;
  }

  /**
   * The self-contained form of a registered schema: its JSON with every reference inlined
   * (recursively), cached per id since registered content never changes.
   */
  resolvedSchema(id: number, seen: ReadonlySet<number> = new Set()): JsonValue {
    const cached = this.resolved.get(id);
    if (cached !== undefined) return cached;
    const entry = this.state.schemas.get(id);
    if (!entry) throw errors.schemaNotFound(id);
    if (seen.has(id)) throw errors.invalidSchema(`Schema ${id} references itself through its references; cycles cannot be resolved.`);
    const value = this.inline(JSON.parse(entry.schema) as JsonValue, entry.references, new Set([...seen, id]));
    this.resolved.set(id, value);
    return value;
  }

  /** Inlines `references` (which must all be registered) into `schema`; unknown ones are 42201. */
  inline(schema: JsonValue, references: readonly { name: string; subject: string; version: number }[], seen: ReadonlySet<number> = new Set()): JsonValue {
    if (references.length === 0) return schema;
    const referenced = new Map<string, JsonValue>();
    for (const ref of references) {
      const version = this.state.subjects.get(ref.subject)?.versions.find((v) => v.version === ref.version);
      if (!version) {
        throw errors.invalidSchema(
          `Invalid schema: reference '${ref.name}' points at subject '${ref.subject}' version ${ref.version}, which is not registered. Register the referenced schema first.`,
        );
      }
      referenced.set(ref.name, this.resolvedSchema(version.id, seen));
    }
    return inlineReferences(schema, referenced);
  }
}
