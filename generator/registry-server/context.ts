import type { CompatibilityLevel, CompatibilityPolicy } from '../core/compatibility.js';
import type { JsonValue } from '../core/json.js';
import { errors } from './errors.js';
import type { Journal } from './log.js';
import type { LogRecord, Mode, SchemaReference } from './records.js';
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

/** Bounds on what references may make of one request (a small request can name a huge schema many times). */
export interface ReferenceLimits {
  /** Entries in a request's `references`. @default 500 */
  maxReferences: number;
  /**
   * Bytes of schema text the request would be judged as, every distinct referenced schema counted
   * once per level. Twice the body limit: a judgement is synchronous and the compat engine takes
   * about a second per MiB on a busy machine, so this bounds how long one request can hold the
   * event loop. @default 2 MiB
   */
  maxResolvedBytes: number;
  /** Levels of references below the request (a references b references c: 2). @default 16 */
  maxReferenceDepth: number;
}

export const REFERENCE_LIMITS: ReferenceLimits = { maxReferences: 500, maxResolvedBytes: 2 * 1024 * 1024, maxReferenceDepth: 16 };

/** Resolved schemas kept in memory, in logical bytes; the least recently used go first. */
const RESOLVED_CACHE_BYTES = 64 * 1024 * 1024;

interface Footprint {
  bytes: number;
  depth: number;
}

/** Lets the event loop answer other requests between the steps of a long judgement. */
export const yieldToOthers = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** What every route handler works with: the state, the one way to change it, and lookups. */
export class RegistryContext {
  /** id → resolved schema, in least-recently-used order; `cachedBytes` is their logical size. */
  private readonly resolved = new Map<number, JsonValue>();
  private cachedBytes = 0;
  /** id → the logical size and depth of its reference tree (registered content never changes). */
  private readonly footprints = new Map<number, Footprint>();

  constructor(
    readonly state: RegistryState,
    private readonly journal: Journal,
    readonly defaults: RegistryDefaults,
    readonly limits: ReferenceLimits = REFERENCE_LIMITS,
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
   * A request's schema with its references inlined, within the limits: too many references, too
   * deep a chain, or too large an inlined size is 42201, decided from sizes computed per id before
   * anything is copied. Yields to other requests before and after the inlining.
   */
  async resolveRequest(request: { parsed: JsonValue; schema: string; references: readonly SchemaReference[] }): Promise<JsonValue> {
    const { maxReferences, maxResolvedBytes, maxReferenceDepth } = this.limits;
    const count = request.references.length;
    if (count === 0) return request.parsed;
    if (count > maxReferences) {
      throw errors.invalidSchema(
        `Invalid schema: it lists ${count} references; this registry accepts at most ${maxReferences} per schema. Reference fewer schemas (one entry per schema the $refs name).`,
      );
    }
    const ids = new Set(request.references.map((ref) => this.referencedId(ref)));
    let bytes = request.schema.length;
    let depth = 0;
    for (const id of ids) {
      const footprint = this.footprintOf(id);
      bytes += footprint.bytes;
      depth = Math.max(depth, footprint.depth + 1);
    }
    if (depth > maxReferenceDepth) {
      throw errors.invalidSchema(
        `Invalid schema: its references nest ${depth} levels deep; this registry resolves at most ${maxReferenceDepth}. Flatten the chain of references.`,
      );
    }
    if (bytes > maxResolvedBytes) {
      throw errors.invalidSchema(
        `Invalid schema: with its references inlined it would be ${bytes} bytes to judge; this registry's limit is ${maxResolvedBytes}. Reference fewer or smaller schemas.`,
      );
    }
    await yieldToOthers();
    const resolved = this.inline(request.parsed, request.references);
    await yieldToOthers();
    return resolved;
  }

  /**
   * The self-contained form of a registered schema: its JSON with every reference inlined
   * (recursively). Cached per id, since registered content never changes, in a cache bounded by
   * logical size (least recently used evicted first).
   */
  resolvedSchema(id: number, seen: ReadonlySet<number> = new Set()): JsonValue {
    const cached = this.resolved.get(id);
    if (cached !== undefined) {
      this.resolved.delete(id);
      this.resolved.set(id, cached);
      return cached;
    }
    const entry = this.state.schemas.get(id);
    if (!entry) throw errors.schemaNotFound(id);
    if (seen.has(id)) throw errors.invalidSchema(`Schema ${id} references itself through its references; cycles cannot be resolved.`);
    const value = this.inline(JSON.parse(entry.schema) as JsonValue, entry.references, new Set([...seen, id]));
    this.resolved.set(id, value);
    this.cachedBytes += this.footprintOf(id).bytes;
    for (const [oldest] of this.resolved) {
      if (this.cachedBytes <= RESOLVED_CACHE_BYTES || oldest === id) break;
      this.resolved.delete(oldest);
      this.cachedBytes -= this.footprintOf(oldest).bytes;
    }
    return value;
  }

  /** The id a reference names, or 42201 when that subject version does not exist. */
  private referencedId(ref: SchemaReference): number {
    const version = this.state.subjects.get(ref.subject)?.versions.find((v) => v.version === ref.version);
    if (!version) {
      throw errors.invalidSchema(
        `Invalid schema: reference '${ref.name}' points at subject '${ref.subject}' version ${ref.version}, which is not registered. Register the referenced schema first.`,
      );
    }
    return version.id;
  }

  /**
   * Logical size (its text plus, once per distinct referenced id, theirs, recursively) and depth
   * of a registered schema's reference tree. Iterative with memo: a long chain neither recurses
   * deeply nor is walked twice.
   */
  footprintOf(root: number): Footprint {
    const stack = [root];
    const onStack = new Set<number>();
    while (stack.length > 0) {
      const id = stack[stack.length - 1] as number;
      if (this.footprints.has(id)) {
        stack.pop();
        continue;
      }
      const entry = this.state.schemas.get(id);
      const children = new Set<number>();
      for (const ref of entry?.references ?? []) {
        const child = this.state.subjects.get(ref.subject)?.versions.find((v) => v.version === ref.version)?.id;
        if (child !== undefined) children.add(child);
      }
      const pending = [...children].filter((child) => !this.footprints.has(child));
      if (pending.length > 0 && !onStack.has(id)) {
        onStack.add(id);
        stack.push(...pending.filter((child) => !onStack.has(child)));
        continue;
      }
      let bytes = entry?.schema.length ?? 0;
      let depth = 0;
      for (const child of children) {
        const footprint = this.footprints.get(child) ?? { bytes: Infinity, depth: Infinity }; // a cycle: never accepted
        bytes += footprint.bytes;
        depth = Math.max(depth, footprint.depth + 1);
      }
      this.footprints.set(id, { bytes, depth });
      onStack.delete(id);
      stack.pop();
    }
    return this.footprints.get(root) as Footprint;
  }

  /** Inlines `references` (which must all be registered) into `schema`; unknown ones are 42201. */
  inline(schema: JsonValue, references: readonly SchemaReference[], seen: ReadonlySet<number> = new Set()): JsonValue {
    if (references.length === 0) return schema;
    const referenced = new Map<string, JsonValue>();
    for (const ref of references) referenced.set(ref.name, this.resolvedSchema(this.referencedId(ref), seen));
    return inlineReferences(schema, referenced);
  }
}
