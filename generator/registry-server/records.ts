import type { CompatibilityLevel, CompatibilityPolicy } from '../core/compatibility.js';

/** Confluent schema metadata (7.4+): only `properties` (string → string) is kept. Part of a schema's identity. */
export interface SchemaMetadata {
  properties: Record<string, string>;
}

/** A schema reference as Confluent sends it: the `$ref` name, and the subject/version it points at. */
export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

export const MODES = ['READWRITE', 'READONLY', 'IMPORT'] as const;
export type Mode = (typeof MODES)[number];

/** A subject's or the global compatibility configuration; absent fields fall back to the next scope. */
export interface CompatibilityConfig {
  compatibilityLevel?: CompatibilityLevel;
  compatibilityPolicy?: CompatibilityPolicy;
}

/**
 * One state change, as written to the append-only log (one record per line) and replayed at
 * start. Records are facts already decided by the registry (ids and versions assigned,
 * compatibility judged), so replay is a plain fold with no judgement in it.
 * `subject: null` means the global scope.
 */
export type LogRecord =
  | {
      op: 'register';
      subject: string;
      version: number;
      id: number;
      /** Canonical schema text (compact JSON). */
      schema: string;
      references: SchemaReference[];
      /** Absent when the schema was registered without metadata (and in logs written before metadata was kept). */
      metadata?: SchemaMetadata;
    }
  | { op: 'deleteVersions'; subject: string; versions: number[]; permanent: boolean }
  | { op: 'setConfig'; subject: string | null; config: CompatibilityConfig }
  | { op: 'deleteConfig'; subject: string | null }
  | { op: 'setMode'; subject: string | null; mode: Mode }
  | { op: 'deleteMode'; subject: string | null };
