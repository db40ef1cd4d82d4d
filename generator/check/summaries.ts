/**
 * The first line a reviewer reads for a breaking change: what the change did and who cannot read what,
 * written for the direction that fails. One row per change kind that can break (the compiler demands
 * every one). The Confluent change type stays beside it (it is what the registry says), but a forward
 * break is found by the mirrored diff (`compare(next, previous)`), so its type names the inverse of what
 * the PR did: a PR that makes `code` optional is reported as `REQUIRED_ATTRIBUTE_ADDED`. Hence two
 * phrasings of the deed, one per direction.
 *
 * `{field}` is the field in the reviewer's words (see pointers.ts `fieldName`).
 */
import type { BreakableKind } from '../compat/index.js';
import type { Direction } from '../core/compatibility.js';

export interface ChangeSummary {
  /** What the PR did, when the backward diff (`compare(previous, next)`) reports this kind. */
  backward: string;
  /** What the PR did, when the forward diff (`compare(next, previous)`) reports this kind: the inverse deed. */
  forward: string;
  /** Which events fail to read (after "… can't read <events>"). */
  fails: string;
}

function row(backward: string, forward: string, fails: string): ChangeSummary {
  return { backward, forward, fails };
}
/** A change that reads the same in both directions (`type` changed, `pattern` changed, …). */
function both(deed: string, fails: string): ChangeSummary {
  return { backward: deed, forward: deed, fails };
}
/** A keyword added in one direction is a keyword removed in the other. */
function added(keyword: string, fails: string): ChangeSummary {
  return row(`Added \`${keyword}\` to {field}`, `Removed \`${keyword}\` from {field}`, fails);
}
function lowered(keyword: string, fails: string): ChangeSummary {
  return row(`Lowered \`${keyword}\` of {field}`, `Raised \`${keyword}\` of {field}`, fails);
}
function raised(keyword: string, fails: string): ChangeSummary {
  return row(`Raised \`${keyword}\` of {field}`, `Lowered \`${keyword}\` of {field}`, fails);
}

const LONGER = 'with longer strings there';
const SHORTER = 'with shorter strings there';
const LARGER = 'with larger numbers there';
const SMALLER = 'with smaller numbers there';
const NAMED_OTHERWISE = 'with another value under that name';

export const CHANGE_SUMMARIES = {
  SCHEMA_ADDED: row(
    'Added a constraint at {field}, where anything was allowed',
    'Removed the constraint at {field} (anything is allowed now)',
    'whose value there the constraint rejects',
  ),
  TYPE_NARROWED: row('Narrowed {field} from number to integer', 'Widened {field} from integer to number', 'with fractional values there'),
  TYPE_CHANGED: both('Changed the type of {field}', 'whose value there has the other type'),
  MAX_LENGTH_ADDED: added('maxLength', LONGER),
  MAX_LENGTH_DECREASED: lowered('maxLength', LONGER),
  MIN_LENGTH_ADDED: added('minLength', SHORTER),
  MIN_LENGTH_INCREASED: raised('minLength', SHORTER),
  PATTERN_ADDED: added('pattern', 'whose strings there do not match the pattern'),
  PATTERN_CHANGED: both('Changed the `pattern` of {field}', 'whose strings there match only the other pattern'),
  MAXIMUM_ADDED: added('maximum', LARGER),
  MAXIMUM_DECREASED: lowered('maximum', LARGER),
  MINIMUM_ADDED: added('minimum', SMALLER),
  MINIMUM_INCREASED: raised('minimum', SMALLER),
  EXCLUSIVE_MAXIMUM_ADDED: added('exclusiveMaximum', LARGER),
  EXCLUSIVE_MAXIMUM_DECREASED: lowered('exclusiveMaximum', LARGER),
  EXCLUSIVE_MINIMUM_ADDED: added('exclusiveMinimum', SMALLER),
  EXCLUSIVE_MINIMUM_INCREASED: raised('exclusiveMinimum', SMALLER),
  MULTIPLE_OF_ADDED: added('multipleOf', 'whose numbers there are not multiples of it'),
  MULTIPLE_OF_EXPANDED: row(
    'Made `multipleOf` of {field} coarser',
    'Made `multipleOf` of {field} finer',
    'whose numbers there are not multiples of the coarser value',
  ),
  MULTIPLE_OF_CHANGED: both('Changed `multipleOf` of {field} to an unrelated value', 'whose numbers there are multiples of only one of the values'),
  REQUIRED_ATTRIBUTE_ADDED: row('Made {field} required', 'Made {field} optional', 'without it'),
  MAX_PROPERTIES_ADDED: added('maxProperties', 'with more properties there'),
  MAX_PROPERTIES_DECREASED: lowered('maxProperties', 'with more properties there'),
  MIN_PROPERTIES_ADDED: added('minProperties', 'with fewer properties there'),
  MIN_PROPERTIES_INCREASED: raised('minProperties', 'with fewer properties there'),
  ADDITIONAL_PROPERTIES_REMOVED: row(
    'Closed {field} to undeclared properties',
    'Opened {field} to undeclared properties',
    'that carry undeclared properties there',
  ),
  ADDITIONAL_PROPERTIES_NARROWED: row(
    'Constrained the undeclared properties of {field}',
    'Lifted the constraint on undeclared properties of {field}',
    'whose undeclared properties there do not fit it',
  ),
  UNEVALUATED_PROPERTIES_REMOVED: row(
    'Closed {field} to unevaluated properties',
    'Opened {field} to unevaluated properties',
    'that carry undeclared properties there',
  ),
  UNEVALUATED_PROPERTIES_NARROWED: row(
    'Constrained the unevaluated properties of {field}',
    'Lifted the constraint on unevaluated properties of {field}',
    'whose undeclared properties there do not fit it',
  ),
  DEPENDENCY_ARRAY_ADDED: row(
    'Added the property dependency {field}',
    'Removed the property dependency {field}',
    'that have the property without its dependents',
  ),
  DEPENDENCY_ARRAY_EXTENDED: row('Added dependents to {field}', 'Removed dependents from {field}', 'that have the property without those dependents'),
  DEPENDENCY_ARRAY_CHANGED: both('Changed the dependents of {field}', 'that have the property without the other dependents'),
  DEPENDENCY_SCHEMA_ADDED: row(
    'Added the schema dependency {field}',
    'Removed the schema dependency {field}',
    'that have the property but fail the dependency',
  ),
  PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: row('Added property {field} to an open object', 'Removed property {field} from an open object', NAMED_OTHERWISE),
  REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: row('Added required property {field}', 'Removed required property {field}', 'without it'),
  REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL: row(
    'Added required property {field} (with a default) to an open object',
    'Removed required property {field} (with a default) from an open object',
    NAMED_OTHERWISE,
  ),
  OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: row(
    'Added optional property {field} to an open object',
    'Removed property {field} from an open object',
    NAMED_OTHERWISE,
  ),
  REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL: row('Added required property {field}', 'Removed required property {field}', 'without it'),
  PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL: row(
    'Removed property {field} from a closed object',
    'Added property {field} to a closed object',
    'that carry it',
  ),
  PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: row(
    'Removed property {field}, whose values the pattern/additional properties only partly accept',
    'Added property {field}, whose values the earlier pattern/additional properties only partly accept',
    'that carry it',
  ),
  PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: row(
    'Declared property {field} narrower than the pattern/additional properties allowed',
    'Removed property {field}; the pattern/additional properties now allow more under that name',
    NAMED_OTHERWISE,
  ),
  RESERVED_PROPERTY_REMOVED: both('Removed the reservation of {field}', 'that use that name'),
  RESERVED_PROPERTY_CONFLICTS_WITH_PROPERTY: both('Used the reserved name {field}', 'that use that name'),
  MAX_ITEMS_ADDED: added('maxItems', 'with longer arrays there'),
  MAX_ITEMS_DECREASED: lowered('maxItems', 'with longer arrays there'),
  MIN_ITEMS_ADDED: added('minItems', 'with shorter arrays there'),
  MIN_ITEMS_INCREASED: raised('minItems', 'with shorter arrays there'),
  MAX_CONTAINS_ADDED: added('maxContains', 'with more matching items there'),
  MAX_CONTAINS_DECREASED: lowered('maxContains', 'with more matching items there'),
  MIN_CONTAINS_ADDED: added('minContains', 'with fewer matching items there'),
  MIN_CONTAINS_INCREASED: raised('minContains', 'with fewer matching items there'),
  UNIQUE_ITEMS_ADDED: row('Required unique items in {field}', 'Allowed duplicate items in {field}', 'with duplicate items there'),
  ADDITIONAL_ITEMS_REMOVED: row('Closed array {field} to extra items', 'Opened array {field} to extra items', 'with extra items there'),
  ADDITIONAL_ITEMS_NARROWED: row(
    'Constrained the extra items of {field}',
    'Lifted the constraint on extra items of {field}',
    'whose extra items there do not fit it',
  ),
  UNEVALUATED_ITEMS_REMOVED: row('Closed array {field} to unevaluated items', 'Opened array {field} to unevaluated items', 'with extra items there'),
  UNEVALUATED_ITEMS_NARROWED: row(
    'Constrained the unevaluated items of {field}',
    'Lifted the constraint on unevaluated items of {field}',
    'whose extra items there do not fit it',
  ),
  ITEM_ADDED_TO_OPEN_CONTENT_MODEL: row(
    'Added tuple position {field} to an open array',
    'Removed tuple position {field} from an open array',
    'with another value at that position',
  ),
  ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL: row(
    'Removed tuple position {field} from a closed array',
    'Added tuple position {field} to a closed array',
    'that have that item',
  ),
  ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: row(
    'Removed tuple position {field}, whose values `additionalItems` only partly accepts',
    'Added tuple position {field}, whose values the earlier `additionalItems` only partly accepts',
    'that have that item',
  ),
  ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: row(
    'Declared tuple position {field} narrower than `additionalItems` allowed',
    'Removed tuple position {field}; `additionalItems` now allows more there',
    'with another value at that position',
  ),
  ENUM_ARRAY_NARROWED: row('Removed allowed values from {field}', 'Added allowed values to {field}', 'with those values there'),
  ENUM_ARRAY_CHANGED: both('Changed the allowed values of {field}', 'with a value there that only the other revision allows'),
  COMBINED_TYPE_CHANGED: both('Changed the combination keyword of {field}', 'that satisfy only the other combination'),
  PRODUCT_TYPE_EXTENDED: row('Added an `allOf` branch to {field}', 'Removed an `allOf` branch from {field}', 'that fail that branch'),
  SUM_TYPE_NARROWED: row('Removed an alternative from {field}', 'Added an alternative to {field}', 'that match only that alternative'),
  COMBINED_TYPE_SUBSCHEMAS_CHANGED: both('Changed {field} incompatibly', 'that only the other revision accepts there'),
  NOT_TYPE_EXTENDED: row('Made `not` at {field} exclude more', 'Made `not` at {field} exclude less', 'that the stricter `not` excludes'),
} satisfies Record<BreakableKind, ChangeSummary>;

/** Changes the check stage finds itself (not Confluent kinds), whole lines: they have no direction. */
const OWN_SUMMARIES: Record<string, string> = {
  EVENT_TYPE_REMOVED: 'Deleted the event type before its sunset: consumers still subscribed to it stop receiving events.',
};

/** `1.0.0`, `1.0.0 and 1.1.0`, `origin/main`; "earlier revisions" when a label names the lock file rather than a revision. */
function revisionsWords(against: readonly string[]): string {
  const named = against.filter((l) => !l.endsWith('.json'));
  if (named.length === 0 || named.length !== against.length) return 'earlier revisions';
  return named.length === 1 ? (named[0] as string) : `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}`;
}

/**
 * One line for a breaking change, for the direction that fails: backward = consumers on this revision
 * cannot read events written under the earlier ones; forward = consumers still on an earlier revision
 * cannot read the events this revision writes. Undefined for kinds no row describes.
 */
export function summarizeBreak(type: string, direction: Direction, field: string, against: readonly string[]): string | undefined {
  const own = OWN_SUMMARIES[type];
  if (own) return own;
  const summary: ChangeSummary | undefined = (CHANGE_SUMMARIES as Record<string, ChangeSummary>)[type];
  if (!summary) return undefined;
  const deed = summary[direction].replace(/\{field\}/g, field);
  const earlier = revisionsWords(against);
  const who =
    direction === 'backward'
      ? `consumers on this revision can't read events written under ${earlier}`
      : `consumers still on ${earlier} can't read the events this revision writes`;
  return `${deed}: ${who} ${summary.fails}.`;
}
