/**
 * The typed view model the templates print. Every decision (names, order, imports, escaping)
 * is made here; templates only iterate and print. Fields are named after the context their
 * text is escaped for: `…Literal` (JS/TS string literal), `…Comment` (inside a block comment),
 * `…Md` (Markdown text), `…Code` (Markdown code span), `…Json` (JSON text for a code block),
 * `…Expr` (a JS expression built from escaped parts). Plain identifiers come from names.ts.
 */
import type { EventNames, PackageNames } from './names.js';

export interface EventView {
  names: EventNames;
  eventTypeLiteral: string;
  eventTypeCode: string;
  /** Inside a block comment, one line. */
  eventTypeComment: string;
  eventVersionLiteral: string;
  eventVersionCode: string;
  topicLiteral: string;
  topicCode: string;
  subjectLiteral: string;
  subjectCode: string;
  /** `./validators/user.created.v1.js` as a literal. */
  validatorImportLiteral: string;
  /** `./serializers/user.created.v1.js` as a literal. */
  serializerImportLiteral: string;
  /** JS expression reading the partition key from `data` (`data?.["userId"]`), or `null`. */
  partitionKeyExpr: string;
  partitionKeyCode: string;
  /** The pointer as a JS string literal (or `null`), for README comments inside code blocks. */
  partitionKeyLiteral: string;
  /** Registered schema text as a literal; `undefined` when the registration view left the event out. */
  registeredSchemaLiteral: string;
  referencesLiteral: string;
  /** Confluent schema metadata registered with the schema (owner, partition key, sunset, …), or `undefined`. */
  metadataLiteral: string;
  /** Lines of the JSDoc block (already escaped), without the leading ` * `. */
  docComment: string[];
  descriptionMd: string[];
  fileCode: string;
  deprecated: boolean;
  deprecatedComment: string;
  deprecatedMd: string;
  /** First example of `data` (or a placeholder), as JSON for README code blocks. */
  exampleJson: string;
  /** The same, indented for use inside a TS code block call. */
  exampleArgJson: string;
  examplesFence: string;
  hasExample: boolean;
}

export interface TopicView {
  topicLiteral: string;
  topicCode: string;
  /** Inside a block comment, one line. */
  topicComment: string;
  unionType: string;
  /** `A | B`: the envelope types on this topic. */
  envelopeUnion: string;
  eventTypesCode: string;
}

export interface PackageView {
  banner: string;
  bannerMd: string;
  names: PackageNames;
  domainCode: string;
  packageNameLiteral: string;
  events: EventView[];
  topics: TopicView[];
  /** `A | B | C`: every envelope type of the package. */
  envelopeUnion: string;
  /** `"a" | "b"`: every topic literal. */
  topicUnion: string;
  /** First event, for README usage examples. */
  first: EventView;
  readmeFence: string;
  /** Import list of data types from ./types.js, sorted. */
  typeImports: string[];
  /** One per event family (`order.placed`): every major, for `onLatest`. */
  families: FamilyView[];
  /** The families the README shows `onLatest` for (those with several majors, else the first). */
  readmeFamilies: FamilyView[];
  /** `"order.placed.v2" | …`: event types with a downcast migration; `never` when none. */
  bridgeableUnion: string;
}

export interface FamilyView {
  /** `"order.placed"` */
  familyLiteral: string;
  familyCode: string;
  /** Envelope type of the highest major. */
  latestEnvelope: string;
  /** `A | B`: the envelope of every major. */
  anyEnvelopeUnion: string;
  /** Majors with an upcast path to the latest, for the README (`v1 → v2`); empty when there is one major. */
  chainCode: string;
}

export interface PackageJsonView {
  name: string;
  version: string;
  description: string;
  runtimeRange: string;
  domain: string;
  events: string[];
}
