/**
 * The change kinds and how each policy judges them: one row per Confluent `Difference.Type`.
 * Diffing only detects changes (differ files in this folder); this table judges them.
 *
 * Verdicts are Confluent's (`SchemaDiff.COMPATIBLE_CHANGES_STRICT` / `COMPATIBLE_CHANGES_LENIENT`,
 * Confluent's compatibility rules, section 2.1): 65 kinds compatible under both policies,
 * 9 compatible only under LENIENT, 58 never compatible.
 *
 * Message templates (see messages.ts) use these placeholders:
 * - `{path}`    the JSON path of the change, e.g. `#/properties/amount`
 * - `{orig}`    the side whose events must stay readable ("the previous revision" when checking backward)
 * - `{upd}`     the side whose readers must read them ("the next revision" when checking backward)
 * - `{readers}` the readers that break ("new consumers (on the next revision)" / "consumers on the previous revision")
 * - `{events}`  the events they fail on ("events still in the topic" / "events of the next revision")
 * - `{v2}`      the next major event type, e.g. `order.placed.v2`, when known
 */

export const CHANGE_KINDS = [
  'ID_CHANGED',
  'DESCRIPTION_CHANGED',
  'TITLE_CHANGED',
  'DEFAULT_CHANGED',
  'SCHEMA_ADDED',
  'SCHEMA_REMOVED',
  'TYPE_EXTENDED',
  'TYPE_NARROWED',
  'TYPE_CHANGED',
  'MAX_LENGTH_ADDED',
  'MAX_LENGTH_REMOVED',
  'MAX_LENGTH_INCREASED',
  'MAX_LENGTH_DECREASED',
  'MIN_LENGTH_ADDED',
  'MIN_LENGTH_REMOVED',
  'MIN_LENGTH_INCREASED',
  'MIN_LENGTH_DECREASED',
  'PATTERN_ADDED',
  'PATTERN_REMOVED',
  'PATTERN_CHANGED',
  'MAXIMUM_ADDED',
  'MAXIMUM_REMOVED',
  'MAXIMUM_INCREASED',
  'MAXIMUM_DECREASED',
  'MINIMUM_ADDED',
  'MINIMUM_REMOVED',
  'MINIMUM_INCREASED',
  'MINIMUM_DECREASED',
  'EXCLUSIVE_MAXIMUM_ADDED',
  'EXCLUSIVE_MAXIMUM_REMOVED',
  'EXCLUSIVE_MAXIMUM_INCREASED',
  'EXCLUSIVE_MAXIMUM_DECREASED',
  'EXCLUSIVE_MINIMUM_ADDED',
  'EXCLUSIVE_MINIMUM_REMOVED',
  'EXCLUSIVE_MINIMUM_INCREASED',
  'EXCLUSIVE_MINIMUM_DECREASED',
  'MULTIPLE_OF_ADDED',
  'MULTIPLE_OF_REMOVED',
  'MULTIPLE_OF_EXPANDED',
  'MULTIPLE_OF_REDUCED',
  'MULTIPLE_OF_CHANGED',
  'REQUIRED_ATTRIBUTE_ADDED',
  'REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED',
  'REQUIRED_ATTRIBUTE_REMOVED',
  'MAX_PROPERTIES_ADDED',
  'MAX_PROPERTIES_REMOVED',
  'MAX_PROPERTIES_INCREASED',
  'MAX_PROPERTIES_DECREASED',
  'MIN_PROPERTIES_ADDED',
  'MIN_PROPERTIES_REMOVED',
  'MIN_PROPERTIES_INCREASED',
  'MIN_PROPERTIES_DECREASED',
  'ADDITIONAL_PROPERTIES_ADDED',
  'ADDITIONAL_PROPERTIES_REMOVED',
  'ADDITIONAL_PROPERTIES_EXTENDED',
  'ADDITIONAL_PROPERTIES_NARROWED',
  'UNEVALUATED_PROPERTIES_ADDED',
  'UNEVALUATED_PROPERTIES_REMOVED',
  'UNEVALUATED_PROPERTIES_EXTENDED',
  'UNEVALUATED_PROPERTIES_NARROWED',
  'DEPENDENCY_ARRAY_ADDED',
  'DEPENDENCY_ARRAY_REMOVED',
  'DEPENDENCY_ARRAY_EXTENDED',
  'DEPENDENCY_ARRAY_NARROWED',
  'DEPENDENCY_ARRAY_CHANGED',
  'DEPENDENCY_SCHEMA_ADDED',
  'DEPENDENCY_SCHEMA_REMOVED',
  'PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
  'REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
  'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL',
  'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
  'PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL',
  'REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL',
  'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL',
  'OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL',
  'PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL',
  'PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL',
  'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL',
  'PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'RESERVED_PROPERTY_REMOVED',
  'RESERVED_PROPERTY_CONFLICTS_WITH_PROPERTY',
  'MAX_ITEMS_ADDED',
  'MAX_ITEMS_REMOVED',
  'MAX_ITEMS_INCREASED',
  'MAX_ITEMS_DECREASED',
  'MIN_ITEMS_ADDED',
  'MIN_ITEMS_REMOVED',
  'MIN_ITEMS_INCREASED',
  'MIN_ITEMS_DECREASED',
  'MAX_CONTAINS_ADDED',
  'MAX_CONTAINS_REMOVED',
  'MAX_CONTAINS_INCREASED',
  'MAX_CONTAINS_DECREASED',
  'MIN_CONTAINS_ADDED',
  'MIN_CONTAINS_REMOVED',
  'MIN_CONTAINS_INCREASED',
  'MIN_CONTAINS_DECREASED',
  'UNIQUE_ITEMS_ADDED',
  'UNIQUE_ITEMS_REMOVED',
  'ADDITIONAL_ITEMS_ADDED',
  'ADDITIONAL_ITEMS_REMOVED',
  'ADDITIONAL_ITEMS_EXTENDED',
  'ADDITIONAL_ITEMS_NARROWED',
  'UNEVALUATED_ITEMS_ADDED',
  'UNEVALUATED_ITEMS_REMOVED',
  'UNEVALUATED_ITEMS_EXTENDED',
  'UNEVALUATED_ITEMS_NARROWED',
  'ITEM_ADDED_TO_OPEN_CONTENT_MODEL',
  'ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL',
  'ITEM_ADDED_TO_CLOSED_CONTENT_MODEL',
  'ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL',
  'ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL',
  'ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL',
  'ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'ENUM_ARRAY_EXTENDED',
  'ENUM_ARRAY_NARROWED',
  'ENUM_ARRAY_CHANGED',
  'COMBINED_TYPE_EXTENDED',
  'COMBINED_TYPE_CHANGED',
  'PRODUCT_TYPE_EXTENDED',
  'PRODUCT_TYPE_NARROWED',
  'SUM_TYPE_EXTENDED',
  'SUM_TYPE_NARROWED',
  'COMBINED_TYPE_SUBSCHEMAS_CHANGED',
  'NOT_TYPE_EXTENDED',
  'NOT_TYPE_NARROWED',
] as const;

/** A Confluent `Difference.Type`. */
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export type Verdict = 'compatible' | 'breaking';

/**
 * Who is hurt when the change is judged breaking. A diff always asks "can a reader of `upd` read every
 * event valid under `orig`?", so a break always lands on the readers of `upd`; `none` marks kinds that
 * never break under either policy.
 */
export type ReaderImpact = 'readers-of-update' | 'none';

export interface ChangeRule {
  /** One line: what was detected. */
  purpose: string;
  strict: Verdict;
  lenient: Verdict;
  /** The fact, as a template (no trailing period). */
  message: string;
  /** Why it breaks (template); defaults to "{readers} reject some {events}". Only used when breaking. */
  why?: string;
  /** What would make it right (template). Only used when breaking. */
  fix: string;
  readers: ReaderImpact;
}

const OK = 'compatible' as const;
const NO = 'breaking' as const;

/** Compatible under both policies. */
function ok(purpose: string, message: string, fix = ''): ChangeRule & { strict: 'compatible' } {
  return { purpose, strict: OK, lenient: OK, message, fix, readers: 'none' };
}
/** Breaking under STRICT, compatible under LENIENT. */
function lenientOnly(purpose: string, message: string, fix: string, why?: string): ChangeRule & { strict: 'breaking' } {
  return { purpose, strict: NO, lenient: OK, message, fix, readers: 'readers-of-update', ...(why ? { why } : {}) };
}
/** Breaking under both policies. */
function never(purpose: string, message: string, fix: string, why?: string): ChangeRule & { strict: 'breaking' } {
  return { purpose, strict: NO, lenient: NO, message, fix, readers: 'readers-of-update', ...(why ? { why } : {}) };
}

const FIX_RELAX = 'Keep the constraint of {orig}, or publish {v2}';

// One row per change kind, one line per row, even past the print width: the table is read and diffed as a
// table (`grep KIND` shows the whole rule), so the formatter leaves it as written.
// prettier-ignore
export const CHANGE_RULES = {
  ID_CHANGED: ok('`$id` changed', '`$id` of `{path}` differs between {orig} and {upd}'),
  DESCRIPTION_CHANGED: ok('`description` changed', 'Description of `{path}` differs between {orig} and {upd}'),
  TITLE_CHANGED: ok('`title` changed', 'Title of `{path}` differs between {orig} and {upd}'),
  DEFAULT_CHANGED: ok('`default` changed', 'Default of `{path}` differs between {orig} and {upd}'),
  SCHEMA_ADDED: never('A subschema (e.g. `items`) appears where there was none', '`{path}` constrains values in {upd} but was absent (anything allowed) in {orig}', 'Drop `{path}` or make it accept everything {orig} accepted, or publish {v2}'),
  SCHEMA_REMOVED: ok('A subschema (e.g. `items`) was removed', '`{path}` constrains values in {orig} but not in {upd}'),
  TYPE_EXTENDED: ok('`integer` became `number`', '`{path}` is an integer in {orig} and any number in {upd}'),
  TYPE_NARROWED: never('`number` became `integer`', 'Type of `{path}` narrowed from number to integer in {upd}', 'Keep `number`, or publish {v2}', '{readers} reject {events} with fractional values'),
  TYPE_CHANGED: never('The kind of schema changed (e.g. string → number)', 'Type of `{path}` differs between {orig} and {upd}', 'Keep the type of {orig} (add a new property for the new type), or publish {v2}', '{readers} reject {events} whose value has the old type'),
  MAX_LENGTH_ADDED: never('`maxLength` added', '`maxLength` was added at `{path}` in {upd}', FIX_RELAX, '{readers} reject {events} with longer strings'),
  MAX_LENGTH_REMOVED: ok('`maxLength` removed', '`maxLength` at `{path}` is in {orig} but not in {upd}'),
  MAX_LENGTH_INCREASED: ok('`maxLength` increased', '`maxLength` at `{path}` is higher in {upd} than in {orig}'),
  MAX_LENGTH_DECREASED: never('`maxLength` decreased', '`maxLength` at `{path}` is lower in {upd} than in {orig}', FIX_RELAX, '{readers} reject {events} with longer strings'),
  MIN_LENGTH_ADDED: never('`minLength` added', '`minLength` was added at `{path}` in {upd}', FIX_RELAX, '{readers} reject {events} with shorter strings'),
  MIN_LENGTH_REMOVED: ok('`minLength` removed', '`minLength` at `{path}` is in {orig} but not in {upd}'),
  MIN_LENGTH_INCREASED: never('`minLength` increased', '`minLength` at `{path}` is higher in {upd} than in {orig}', FIX_RELAX, '{readers} reject {events} with shorter strings'),
  MIN_LENGTH_DECREASED: ok('`minLength` decreased', '`minLength` at `{path}` is lower in {upd} than in {orig}'),
  PATTERN_ADDED: never('`pattern` added', '`pattern` was added at `{path}` in {upd}', FIX_RELAX, '{readers} reject {events} whose strings do not match it'),
  PATTERN_REMOVED: ok('`pattern` removed', '`pattern` at `{path}` is in {orig} but not in {upd}'),
  PATTERN_CHANGED: never('`pattern` changed (compared as text)', '`pattern` at `{path}` differs between {orig} and {upd}', 'Keep the pattern of {orig} (patterns are compared as text), or publish {v2}', '{readers} may reject {events} that matched the old pattern'),
  MAXIMUM_ADDED: never('`maximum` added', '`maximum` was added at `{path}` in {upd}', FIX_RELAX, '{readers} reject {events} with larger numbers'),
  MAXIMUM_REMOVED: ok('`maximum` removed', '`maximum` at `{path}` is in {orig} but not in {upd}'),
  MAXIMUM_INCREASED: ok('`maximum` increased', '`maximum` at `{path}` is higher in {upd} than in {orig}'),
  MAXIMUM_DECREASED: never('`maximum` decreased', '`maximum` at `{path}` is lower in {upd} than in {orig}', FIX_RELAX, '{readers} reject {events} with larger numbers'),
  MINIMUM_ADDED: never('`minimum` added', '`minimum` was added at `{path}` in {upd}', FIX_RELAX, '{readers} reject {events} with smaller numbers'),
  MINIMUM_REMOVED: ok('`minimum` removed', '`minimum` at `{path}` is in {orig} but not in {upd}'),
  MINIMUM_INCREASED: never('`minimum` increased', '`minimum` at `{path}` is higher in {upd} than in {orig}', FIX_RELAX, '{readers} reject {events} with smaller numbers'),
  MINIMUM_DECREASED: ok('`minimum` decreased', '`minimum` at `{path}` is lower in {upd} than in {orig}'),
  EXCLUSIVE_MAXIMUM_ADDED: never('`exclusiveMaximum` added', '`exclusiveMaximum` was added at `{path}` in {upd}', FIX_RELAX, '{readers} reject {events} with larger numbers'),
  EXCLUSIVE_MAXIMUM_REMOVED: ok('`exclusiveMaximum` removed', '`exclusiveMaximum` at `{path}` is in {orig} but not in {upd}'),
  EXCLUSIVE_MAXIMUM_INCREASED: ok('`exclusiveMaximum` increased', '`exclusiveMaximum` at `{path}` is higher in {upd} than in {orig}'),
  EXCLUSIVE_MAXIMUM_DECREASED: never('`exclusiveMaximum` decreased', '`exclusiveMaximum` at `{path}` is lower in {upd} than in {orig}', FIX_RELAX, '{readers} reject {events} with larger numbers'),
  EXCLUSIVE_MINIMUM_ADDED: never('`exclusiveMinimum` added', '`exclusiveMinimum` was added at `{path}` in {upd}', FIX_RELAX, '{readers} reject {events} with smaller numbers'),
  EXCLUSIVE_MINIMUM_REMOVED: ok('`exclusiveMinimum` removed', '`exclusiveMinimum` at `{path}` is in {orig} but not in {upd}'),
  EXCLUSIVE_MINIMUM_INCREASED: never('`exclusiveMinimum` increased', '`exclusiveMinimum` at `{path}` is higher in {upd} than in {orig}', FIX_RELAX, '{readers} reject {events} with smaller numbers'),
  EXCLUSIVE_MINIMUM_DECREASED: ok('`exclusiveMinimum` decreased', '`exclusiveMinimum` at `{path}` is lower in {upd} than in {orig}'),
  MULTIPLE_OF_ADDED: never('`multipleOf` added', '`multipleOf` was added at `{path}` in {upd}', FIX_RELAX, '{readers} reject {events} that are not multiples of it'),
  MULTIPLE_OF_REMOVED: ok('`multipleOf` removed', '`multipleOf` at `{path}` is in {orig} but not in {upd}'),
  MULTIPLE_OF_EXPANDED: never('`multipleOf` became a multiple of the old value (coarser)', '`multipleOf` at `{path}` in {upd} is a multiple of the one in {orig}', 'Keep `multipleOf` of {orig} or a divisor of it, or publish {v2}', '{readers} reject {events} that were multiples of the old value only'),
  MULTIPLE_OF_REDUCED: ok('`multipleOf` became a divisor of the old value (finer)', '`multipleOf` at `{path}` in {upd} divides the one in {orig}'),
  MULTIPLE_OF_CHANGED: never('`multipleOf` changed to an unrelated value', '`multipleOf` at `{path}` differs between {orig} and {upd} and does not divide it', 'Use a divisor of the `multipleOf` of {orig}, or publish {v2}', '{readers} reject {events} that were multiples of the old value only'),
  REQUIRED_ATTRIBUTE_ADDED: never('An existing property became required', 'Property `{path}` is required in {upd} but optional in {orig}', 'Keep it optional, or give it a `default`, or publish {v2}', '{readers} reject {events} that lack it'),
  REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED: ok('An existing property with a default became required', 'Property `{path}` is required in {upd} (with a default) but optional in {orig}'),
  REQUIRED_ATTRIBUTE_REMOVED: ok('A required property became optional', 'Property `{path}` is required in {orig} but optional in {upd}'),
  MAX_PROPERTIES_ADDED: never('`maxProperties` added', '`maxProperties` was added at `{path}` in {upd}', FIX_RELAX, '{readers} reject {events} with more properties'),
  MAX_PROPERTIES_REMOVED: ok('`maxProperties` removed', '`maxProperties` at `{path}` is in {orig} but not in {upd}'),
  MAX_PROPERTIES_INCREASED: ok('`maxProperties` increased', '`maxProperties` at `{path}` is higher in {upd} than in {orig}'),
  MAX_PROPERTIES_DECREASED: never('`maxProperties` decreased', '`maxProperties` at `{path}` is lower in {upd} than in {orig}', FIX_RELAX, '{readers} reject {events} with more properties'),
  MIN_PROPERTIES_ADDED: never('`minProperties` added', '`minProperties` was added at `{path}` in {upd}', FIX_RELAX, '{readers} reject {events} with fewer properties'),
  MIN_PROPERTIES_REMOVED: ok('`minProperties` removed', '`minProperties` at `{path}` is in {orig} but not in {upd}'),
  MIN_PROPERTIES_INCREASED: never('`minProperties` increased', '`minProperties` at `{path}` is higher in {upd} than in {orig}', FIX_RELAX, '{readers} reject {events} with fewer properties'),
  MIN_PROPERTIES_DECREASED: ok('`minProperties` decreased', '`minProperties` at `{path}` is lower in {upd} than in {orig}'),
  ADDITIONAL_PROPERTIES_ADDED: ok('`additionalProperties: false` was lifted', 'Object at `{path}` allows additional properties in {upd} but not in {orig}'),
  ADDITIONAL_PROPERTIES_REMOVED: lenientOnly('`additionalProperties` became false', 'Object at `{path}` allows additional properties in {orig} but not in {upd}', 'Keep the object open, or publish {v2}', '{readers} reject {events} that carry undeclared properties'),
  ADDITIONAL_PROPERTIES_EXTENDED: ok('An `additionalProperties` schema was lifted to allow anything', '`{path}` constrains additional properties in {orig} but not in {upd}'),
  ADDITIONAL_PROPERTIES_NARROWED: lenientOnly('An open object got an `additionalProperties` schema', '`{path}` constrains additional properties in {upd} but not in {orig}', 'Drop the `additionalProperties` schema, or publish {v2}', '{readers} reject {events} whose undeclared properties do not match it'),
  UNEVALUATED_PROPERTIES_ADDED: ok('`unevaluatedProperties: false` was lifted', 'Object at `{path}` allows unevaluated properties in {upd} but not in {orig}'),
  UNEVALUATED_PROPERTIES_REMOVED: lenientOnly('`unevaluatedProperties` became false', 'Object at `{path}` allows unevaluated properties in {orig} but not in {upd}', 'Keep the object open, or publish {v2}', '{readers} reject {events} that carry undeclared properties'),
  UNEVALUATED_PROPERTIES_EXTENDED: ok('An `unevaluatedProperties` schema was lifted', '`{path}` constrains unevaluated properties in {orig} but not in {upd}'),
  UNEVALUATED_PROPERTIES_NARROWED: lenientOnly('An open object got an `unevaluatedProperties` schema', '`{path}` constrains unevaluated properties in {upd} but not in {orig}', 'Drop the `unevaluatedProperties` schema, or publish {v2}', '{readers} reject {events} whose undeclared properties do not match it'),
  DEPENDENCY_ARRAY_ADDED: never('A property dependency (`dependencies`/`dependentRequired` array) added', 'Dependency `{path}` exists in {upd} but not in {orig}', 'Drop the dependency, or publish {v2}', '{readers} reject {events} that have the property without its new dependents'),
  DEPENDENCY_ARRAY_REMOVED: ok('A property dependency array removed', 'Dependency `{path}` is in {orig} but not in {upd}'),
  DEPENDENCY_ARRAY_EXTENDED: never('A property dependency array gained entries', 'Dependency `{path}` requires more properties in {upd} than in {orig}', 'Keep the dependency list of {orig}, or publish {v2}', '{readers} reject {events} that lack the added dependents'),
  DEPENDENCY_ARRAY_NARROWED: ok('A property dependency array lost entries', 'Dependency `{path}` requires fewer properties in {upd} than in {orig}'),
  DEPENDENCY_ARRAY_CHANGED: never('A property dependency array changed', 'Dependency `{path}` lists different properties in {orig} and {upd}', 'Keep the dependency list of {orig} (or a subset), or publish {v2}', '{readers} reject {events} that lack the new dependents'),
  DEPENDENCY_SCHEMA_ADDED: never('A schema dependency (`dependencies`/`dependentSchemas` schema) added', 'Schema dependency `{path}` exists in {upd} but not in {orig}', 'Drop the schema dependency, or publish {v2}', '{readers} reject {events} that do not satisfy it'),
  DEPENDENCY_SCHEMA_REMOVED: ok('A schema dependency removed', 'Schema dependency `{path}` is in {orig} but not in {upd}'),
  PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: never('Deprecated name (before 8.x) of OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL; never emitted', 'Property `{path}` was added to an open object', 'Close the object (`additionalProperties: false`), or publish {v2}'),
  REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: never('A new required property in an open object', 'Required property `{path}` exists in {upd} but not in {orig}', 'Make it optional (or give it a `default`), or publish {v2}', '{readers} reject {events} that lack it'),
  REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL: lenientOnly('A new required property with a default in an open object', 'Required property `{path}` (with a default) exists in {upd} but not in {orig}, whose object is open', 'Close the object in {orig} (`additionalProperties: false`), use the LENIENT policy, or publish {v2}', '{orig} allowed any value under that name, which {readers} may reject'),
  OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: lenientOnly('A new optional property in an open object', 'Optional property `{path}` exists in {upd} but not in {orig}, whose object is open', 'Use the LENIENT policy (producers generated by this tool only emit declared fields), close the object, or publish {v2}', '{orig} allowed any value under that name, which {readers} may reject'),
  PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL: ok('A property accepting anything was added to an open object', 'Property `{path}` (any value) is declared in {upd} but not in {orig}, whose object is open'),
  REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL: never('A new required property in a closed or partially open object', 'Required property `{path}` exists in {upd} but not in {orig}', 'Make it optional (or give it a `default`), or publish {v2}', '{readers} reject {events} that lack it'),
  REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL: ok('A new required property with a default in a closed or partially open object', 'Required property `{path}` (with a default) is in {upd} but not in {orig}'),
  OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL: ok('A new optional property in a closed or partially open object', 'Optional property `{path}` is in {upd} but not in {orig}, whose object is closed or only partially open'),
  PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL: ok('A property removed; the object stays open', 'Property `{path}` is not declared in {upd}; its open object still accepts it'),
  PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL: ok('A forbidden (`false`) property removed from a closed object', 'Forbidden (`false`) property `{path}` of {orig} is gone from {upd}, whose object is closed'),
  PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL: lenientOnly('A property removed from a closed object', 'Property `{path}` is in {orig} but not in {upd}, whose object is closed', 'Keep it (mark it deprecated), or publish {v2}', '{readers} reject {events} that carry it'),
  PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: ok('A property removed; `patternProperties`/`additionalProperties` still accept its values', 'Property `{path}` is not declared in {upd}, but its pattern/additional properties accept every value {orig} allowed'),
  PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: lenientOnly('A property removed; `patternProperties`/`additionalProperties` reject some of its values', 'Property `{path}` is in {orig} but not in {upd}, and its pattern/additional properties reject some of its values', 'Keep it (mark it deprecated), widen the pattern/additional properties schema, or publish {v2}', '{readers} reject {events} that carry it'),
  PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: ok('A property added that the old `patternProperties`/`additionalProperties` already allowed', 'Property `{path}` is declared in {upd}; {orig} already allowed such values under that name'),
  PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: lenientOnly('A property added whose schema is narrower than the old `patternProperties`/`additionalProperties`', 'Property `{path}` in {upd} is narrower than what {orig} allowed under that name', 'Widen the property schema to what {orig} allowed, or publish {v2}', '{readers} reject {events} with other values under that name'),
  RESERVED_PROPERTY_REMOVED: never('A `confluent:reserved` property was removed (declared by Confluent, never emitted by the diff)', 'Reserved property `{path}` was removed', 'Keep the property reserved'),
  RESERVED_PROPERTY_CONFLICTS_WITH_PROPERTY: never('A property uses a `confluent:reserved` name (declared by Confluent, never emitted by the diff)', 'Property `{path}` conflicts with a reserved name', 'Rename the property'),
  MAX_ITEMS_ADDED: never('`maxItems` added', '`maxItems` was added at `{path}` in {upd}', FIX_RELAX, '{readers} reject {events} with longer arrays'),
  MAX_ITEMS_REMOVED: ok('`maxItems` removed', '`maxItems` at `{path}` is in {orig} but not in {upd}'),
  MAX_ITEMS_INCREASED: ok('`maxItems` increased', '`maxItems` at `{path}` is higher in {upd} than in {orig}'),
  MAX_ITEMS_DECREASED: never('`maxItems` decreased', '`maxItems` at `{path}` is lower in {upd} than in {orig}', FIX_RELAX, '{readers} reject {events} with longer arrays'),
  MIN_ITEMS_ADDED: never('`minItems` added', '`minItems` was added at `{path}` in {upd}', FIX_RELAX, '{readers} reject {events} with shorter arrays'),
  MIN_ITEMS_REMOVED: ok('`minItems` removed', '`minItems` at `{path}` is in {orig} but not in {upd}'),
  MIN_ITEMS_INCREASED: never('`minItems` increased', '`minItems` at `{path}` is higher in {upd} than in {orig}', FIX_RELAX, '{readers} reject {events} with shorter arrays'),
  MIN_ITEMS_DECREASED: ok('`minItems` decreased', '`minItems` at `{path}` is lower in {upd} than in {orig}'),
  MAX_CONTAINS_ADDED: never('`maxContains` added', '`maxContains` was added at `{path}` in {upd}', FIX_RELAX, '{readers} reject {events} with more matching items'),
  MAX_CONTAINS_REMOVED: ok('`maxContains` removed', '`maxContains` at `{path}` is in {orig} but not in {upd}'),
  MAX_CONTAINS_INCREASED: ok('`maxContains` increased', '`maxContains` at `{path}` is higher in {upd} than in {orig}'),
  MAX_CONTAINS_DECREASED: never('`maxContains` decreased', '`maxContains` at `{path}` is lower in {upd} than in {orig}', FIX_RELAX, '{readers} reject {events} with more matching items'),
  MIN_CONTAINS_ADDED: never('`minContains` added', '`minContains` was added at `{path}` in {upd}', FIX_RELAX, '{readers} reject {events} with fewer matching items'),
  MIN_CONTAINS_REMOVED: ok('`minContains` removed', '`minContains` at `{path}` is in {orig} but not in {upd}'),
  MIN_CONTAINS_INCREASED: never('`minContains` increased', '`minContains` at `{path}` is higher in {upd} than in {orig}', FIX_RELAX, '{readers} reject {events} with fewer matching items'),
  MIN_CONTAINS_DECREASED: ok('`minContains` decreased', '`minContains` at `{path}` is lower in {upd} than in {orig}'),
  UNIQUE_ITEMS_ADDED: never('`uniqueItems` added', '`uniqueItems` was added at `{path}` in {upd}', FIX_RELAX, '{readers} reject {events} with duplicate items'),
  UNIQUE_ITEMS_REMOVED: ok('`uniqueItems` removed', '`uniqueItems` at `{path}` is in {orig} but not in {upd}'),
  ADDITIONAL_ITEMS_ADDED: ok('`additionalItems: false` was lifted', 'Array at `{path}` allows additional items in {upd} but not in {orig}'),
  ADDITIONAL_ITEMS_REMOVED: never('`additionalItems` became false', 'Array at `{path}` allows additional items in {orig} but not in {upd}', 'Keep the array open, or publish {v2}', '{readers} reject {events} with extra items'),
  ADDITIONAL_ITEMS_EXTENDED: ok('An `additionalItems` schema was lifted', '`{path}` constrains additional items in {orig} but not in {upd}'),
  ADDITIONAL_ITEMS_NARROWED: never('An open array got an `additionalItems` schema', '`{path}` constrains additional items in {upd} but not in {orig}', 'Drop the `additionalItems` schema, or publish {v2}', '{readers} reject {events} whose extra items do not match it'),
  UNEVALUATED_ITEMS_ADDED: ok('`unevaluatedItems: false` was lifted', 'Array at `{path}` allows unevaluated items in {upd} but not in {orig}'),
  UNEVALUATED_ITEMS_REMOVED: never('`unevaluatedItems` became false', 'Array at `{path}` allows unevaluated items in {orig} but not in {upd}', 'Keep the array open, or publish {v2}', '{readers} reject {events} with extra items'),
  UNEVALUATED_ITEMS_EXTENDED: ok('An `unevaluatedItems` schema was lifted', '`{path}` constrains unevaluated items in {orig} but not in {upd}'),
  UNEVALUATED_ITEMS_NARROWED: never('An open array got an `unevaluatedItems` schema', '`{path}` constrains unevaluated items in {upd} but not in {orig}', 'Drop the `unevaluatedItems` schema, or publish {v2}', '{readers} reject {events} whose extra items do not match it'),
  ITEM_ADDED_TO_OPEN_CONTENT_MODEL: never('A tuple position added to an open array', 'Tuple position `{path}` exists in {upd} but not in {orig}, whose array is open', 'Close the array in {orig} (`additionalItems: false`), or publish {v2}', '{orig} allowed any value at that position, which {readers} may reject'),
  ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL: ok('A tuple position accepting anything was added to an open array', 'Tuple position `{path}` (any value) is declared in {upd} but not in {orig}, whose array is open'),
  ITEM_ADDED_TO_CLOSED_CONTENT_MODEL: ok('A tuple position added to a closed array', 'Tuple position `{path}` is in {upd} but not in {orig}, whose array is closed'),
  ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL: ok('A tuple position removed; the array stays open', 'Tuple position `{path}` is not declared in {upd}; its open array still accepts it'),
  ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL: never('A tuple position removed from a closed array', 'Tuple position `{path}` is in {orig} but not in {upd}, whose array is closed', 'Keep the position, or publish {v2}', '{readers} reject {events} that still have that item'),
  ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL: ok('A forbidden (`false`) tuple position removed from a closed array', 'Forbidden (`false`) tuple position `{path}` of {orig} is gone from {upd}, whose array is closed'),
  ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: ok('A tuple position removed; `additionalItems` still accepts its values', 'Tuple position `{path}` is not declared in {upd}, but its additional items accept every value {orig} allowed'),
  ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: never('A tuple position removed; `additionalItems` rejects some of its values', 'Tuple position `{path}` is in {orig} but not in {upd}, and its additional items reject some of its values', 'Keep the position, widen `additionalItems`, or publish {v2}', '{readers} reject {events} that still have that item'),
  ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: ok('A tuple position added that the old `additionalItems` already allowed', 'Tuple position `{path}` is declared in {upd}; {orig} already allowed such items there'),
  ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: never('A tuple position added that is narrower than the old `additionalItems`', 'Tuple position `{path}` in {upd} is narrower than what {orig} allowed there', 'Widen the position schema to what {orig} allowed, or publish {v2}', '{readers} reject {events} with other items there'),
  ENUM_ARRAY_EXTENDED: ok('`enum` gained values', '`{path}` allows more values in {upd} than in {orig}'),
  ENUM_ARRAY_NARROWED: never('`enum` lost values', '`{path}` in {upd} lacks values that {orig} allowed', 'Keep every value of {orig} (deprecate it in the description), or publish {v2}', '{readers} reject {events} with the dropped values'),
  ENUM_ARRAY_CHANGED: never('`enum` or `const` changed (values both added and removed)', '`{path}` allows different values in {orig} and {upd}', 'Keep every value of {orig} and only add new ones, or publish {v2}', '{readers} reject {events} with the dropped values'),
  COMBINED_TYPE_EXTENDED: ok('`allOf`/`oneOf`/`anyOf` became a more permissive combination', 'Combination keyword at `{path}` is more permissive in {upd} than in {orig} (e.g. oneOf → anyOf)'),
  COMBINED_TYPE_CHANGED: never('The combination keyword changed incompatibly (e.g. anyOf → oneOf with several branches)', 'Combination keyword at `{path}` differs between {orig} and {upd}', 'Keep the combination keyword of {orig}, or publish {v2}', '{readers} may reject {events} that satisfy the old combination'),
  PRODUCT_TYPE_EXTENDED: never('`allOf` gained a branch (more constraints)', '`allOf` at `{path}` has more branches in {upd} than in {orig}', 'Drop the added branch, or publish {v2}', '{readers} reject {events} that fail the added branch'),
  PRODUCT_TYPE_NARROWED: ok('`allOf` lost a branch (fewer constraints)', '`allOf` at `{path}` has fewer branches in {upd} than in {orig} (or {upd} keeps only one of them)'),
  SUM_TYPE_EXTENDED: ok('`oneOf`/`anyOf` gained a branch', '`{path}` accepts more alternatives in {upd} than in {orig}'),
  SUM_TYPE_NARROWED: never('`oneOf`/`anyOf` lost a branch', '`{path}` has fewer alternatives in {upd} than in {orig}', 'Keep every alternative of {orig}, or publish {v2}', '{readers} reject {events} that match only the dropped alternative'),
  COMBINED_TYPE_SUBSCHEMAS_CHANGED: never('Branches of `allOf`/`oneOf`/`anyOf` no longer match up compatibly', 'Branches at `{path}` in {orig} have no compatible counterpart in {upd}', 'Change each branch compatibly (see the other changes), or publish {v2}', '{readers} reject {events} that match the changed branches'),
  NOT_TYPE_EXTENDED: never('`not` now excludes more', '`not` at `{path}` excludes values in {upd} that {orig} allowed', 'Keep the `not` schema of {orig}, or publish {v2}', '{readers} reject {events} that the new `not` excludes'),
  NOT_TYPE_NARROWED: ok('`not` now excludes less', '`not` at `{path}` excludes fewer values in {upd} than in {orig}'),
} satisfies Record<ChangeKind, ChangeRule>;

/** The kinds that break under some policy (STRICT judges every kind LENIENT does, and more): the ones a review must explain. */
export type BreakableKind = { [K in ChangeKind]: (typeof CHANGE_RULES)[K]['strict'] extends 'breaking' ? K : never }[ChangeKind];

export type Policy = 'STRICT' | 'LENIENT';

const RULES: Record<ChangeKind, ChangeRule> = CHANGE_RULES;

/** Confluent's `COMPATIBLE_CHANGES_STRICT`, derived from the table. */
export const COMPATIBLE_CHANGES_STRICT: ReadonlySet<ChangeKind> = new Set(CHANGE_KINDS.filter((k) => RULES[k].strict === 'compatible'));
/** Confluent's `COMPATIBLE_CHANGES_LENIENT`, derived from the table. */
export const COMPATIBLE_CHANGES_LENIENT: ReadonlySet<ChangeKind> = new Set(CHANGE_KINDS.filter((k) => RULES[k].lenient === 'compatible'));

export function compatibleChangesFor(policy: Policy): ReadonlySet<ChangeKind> {
  return policy === 'LENIENT' ? COMPATIBLE_CHANGES_LENIENT : COMPATIBLE_CHANGES_STRICT;
}

/** Whether a change kind is compatible under a policy (unknown kinds are not). */
export function isCompatibleChange(type: string, policy: Policy = 'STRICT'): boolean {
  return compatibleChangesFor(policy).has(type as ChangeKind);
}

export function isChangeKind(value: string): value is ChangeKind {
  return Object.prototype.hasOwnProperty.call(CHANGE_RULES, value);
}
