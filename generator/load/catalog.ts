import type { ContractsConfig, Draft } from '../core/config.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { JsonObject, JsonValue } from '../core/json.js';
import type { DeclaredId, RefEdge } from './refs.js';

/** 1-based line and column of a JSON value in its source file. */
export interface SourceLocation {
  line: number;
  column: number;
}

/** One JSON file read from the repository, with its source map. */
export interface SourceFile {
  /** Repository-relative POSIX path, e.g. `schemas/user/created.v1.json`. */
  path: string;
  text: string;
  /** Parsed value; undefined when the file could not be parsed. */
  json: JsonValue | undefined;
  /** Location of the value at `pointer`, or of its nearest existing ancestor. */
  locate(pointer: string): SourceLocation;
  /** Location of a character offset in `text` (set by the loader). */
  position?(offset: number): SourceLocation;
}

/** An event type defined by `schemas/<domain>/<action>.v<N>.json`. */
export interface EventContract {
  /** `<domain>.<action>.v<N>` */
  eventType: string;
  domain: string;
  /** May contain dots (`item.added`). */
  action: string;
  version: number;
  /** Repository-relative path of the schema file. */
  file: string;
  /** The `data` schema exactly as written (refs not resolved). */
  schema: JsonObject;
  draft: Draft;
  /** `x-topic` or the configured default pattern applied. */
  topic: string;
  /** `x-partition-key`: JSON pointer into `data` (undefined when missing, which lint reports). */
  partitionKey?: string;
  owner?: string;
  deprecated: boolean;
  /** `x-sunset` ISO date. */
  sunset?: string;
  examples: JsonValue[];
}

/** A schema file that defines no event type (e.g. under `schemas/_shared/`). */
export interface SharedSchema {
  file: string;
  /** `$id` when declared. */
  id?: string;
  schema: JsonObject;
  /** Draft from `$schema`, else the configured default. */
  draft?: Draft;
}

/** The whole contracts repository as read by `loadCatalog`. */
export interface Catalog {
  /** Absolute path of the repository root. */
  root: string;
  config: ContractsConfig;
  /** Every JSON file read (schemas, shared definitions, config), by repository-relative path. */
  files: ReadonlyMap<string, SourceFile>;
  /** Sorted by eventType. */
  events: EventContract[];
  /** Sorted by file. */
  shared: SharedSchema[];
  /** Problems found while loading (malformed JSON, bad names, unresolved or remote $ref, …). */
  diagnostics: Diagnostic[];
  /** Every `$ref` in the repository's schema files and what it resolved to (sorted by file, pointer). */
  refs?: RefEdge[];
  /** Every `$id`/anchor declared, by absolute URI (more than one entry = a collision). */
  ids?: ReadonlyMap<string, readonly DeclaredId[]>;
}
