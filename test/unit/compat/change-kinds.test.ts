/**
 * One fixture per change kind: given (original, update), want the exact backward diff and the exact
 * forward diff (FORWARD swaps the two). Verdicts per policy come from the table and are checked against
 * the reference lists (compatibility-rules.md §2.1).
 */
import { describe, expect, it } from 'vitest';
import {
  CHANGE_KINDS,
  CHANGE_RULES,
  COMPATIBLE_CHANGES_LENIENT,
  COMPATIBLE_CHANGES_STRICT,
  compareSchemas,
  diffSchemas,
  isCompatibleChange,
  type ChangeKind,
} from '../../../generator/compat/index.js';
import { A, A20, I, N, O, O20, S } from '../../support/compat.js';

interface Case {
  kind: ChangeKind;
  given: [unknown, unknown];
  /** Exact backward diff ("TYPE path"). */
  want: string[];
  /** Exact diff of the same pair at FORWARD. */
  forward: string[];
}

const c = (kind: ChangeKind, original: unknown, update: unknown, want: string[], forward: string[]): Case => ({
  kind,
  given: [original, update],
  want,
  forward,
});

// One fixture per change kind, one line per fixture, like the table it tests (`grep KIND` shows the whole
// case), so the formatter leaves it as written.
// prettier-ignore
const CASES: Case[] = [
  c('ID_CHANGED', { $id: 'a' }, { $id: 'b' }, ['ID_CHANGED #/'], ['ID_CHANGED #/']),
  c('DESCRIPTION_CHANGED', S({ description: 'a' }), S({ description: 'b' }), ['DESCRIPTION_CHANGED #/'], ['DESCRIPTION_CHANGED #/']),
  c('TITLE_CHANGED', S({ title: 'a' }), S(), ['TITLE_CHANGED #/'], ['TITLE_CHANGED #/']),
  c('DEFAULT_CHANGED', N({ default: 1 }), N({ default: 2 }), ['DEFAULT_CHANGED #/'], ['DEFAULT_CHANGED #/']),
  c('SCHEMA_ADDED', A(), A({ items: S() }), ['SCHEMA_ADDED #/items'], ['SCHEMA_REMOVED #/items']),
  c('SCHEMA_REMOVED', A({ items: S() }), A(), ['SCHEMA_REMOVED #/items'], ['SCHEMA_ADDED #/items']),
  c('TYPE_EXTENDED', I(), N(), ['TYPE_EXTENDED #/'], ['TYPE_NARROWED #/']),
  c('TYPE_NARROWED', N(), I(), ['TYPE_NARROWED #/'], ['TYPE_EXTENDED #/']),
  c('TYPE_CHANGED', S(), N(), ['TYPE_CHANGED #/'], ['TYPE_CHANGED #/']),
  c('MAX_LENGTH_ADDED', S(), S({ maxLength: 5 }), ['MAX_LENGTH_ADDED #/maxLength'], ['MAX_LENGTH_REMOVED #/maxLength']),
  c('MAX_LENGTH_REMOVED', S({ maxLength: 5 }), S(), ['MAX_LENGTH_REMOVED #/maxLength'], ['MAX_LENGTH_ADDED #/maxLength']),
  c('MAX_LENGTH_INCREASED', S({ maxLength: 5 }), S({ maxLength: 6 }), ['MAX_LENGTH_INCREASED #/maxLength'], ['MAX_LENGTH_DECREASED #/maxLength']),
  c('MAX_LENGTH_DECREASED', S({ maxLength: 6 }), S({ maxLength: 5 }), ['MAX_LENGTH_DECREASED #/maxLength'], ['MAX_LENGTH_INCREASED #/maxLength']),
  c('MIN_LENGTH_ADDED', S(), S({ minLength: 1 }), ['MIN_LENGTH_ADDED #/minLength'], ['MIN_LENGTH_REMOVED #/minLength']),
  c('MIN_LENGTH_REMOVED', S({ minLength: 1 }), S(), ['MIN_LENGTH_REMOVED #/minLength'], ['MIN_LENGTH_ADDED #/minLength']),
  c('MIN_LENGTH_INCREASED', S({ minLength: 1 }), S({ minLength: 2 }), ['MIN_LENGTH_INCREASED #/minLength'], ['MIN_LENGTH_DECREASED #/minLength']),
  c('MIN_LENGTH_DECREASED', S({ minLength: 2 }), S({ minLength: 1 }), ['MIN_LENGTH_DECREASED #/minLength'], ['MIN_LENGTH_INCREASED #/minLength']),
  c('PATTERN_ADDED', S(), S({ pattern: '^a' }), ['PATTERN_ADDED #/pattern'], ['PATTERN_REMOVED #/pattern']),
  c('PATTERN_REMOVED', S({ pattern: '^a' }), S(), ['PATTERN_REMOVED #/pattern'], ['PATTERN_ADDED #/pattern']),
  c('PATTERN_CHANGED', S({ pattern: '^a' }), S({ pattern: '^(a)' }), ['PATTERN_CHANGED #/pattern'], ['PATTERN_CHANGED #/pattern']),
  c('MAXIMUM_ADDED', N(), N({ maximum: 9 }), ['MAXIMUM_ADDED #/maximum'], ['MAXIMUM_REMOVED #/maximum']),
  c('MAXIMUM_REMOVED', N({ maximum: 9 }), N(), ['MAXIMUM_REMOVED #/maximum'], ['MAXIMUM_ADDED #/maximum']),
  c('MAXIMUM_INCREASED', N({ maximum: 9 }), N({ maximum: 9.5 }), ['MAXIMUM_INCREASED #/maximum'], ['MAXIMUM_DECREASED #/maximum']),
  c('MAXIMUM_DECREASED', N({ maximum: 9.5 }), N({ maximum: 9 }), ['MAXIMUM_DECREASED #/maximum'], ['MAXIMUM_INCREASED #/maximum']),
  c('MINIMUM_ADDED', N(), N({ minimum: 0 }), ['MINIMUM_ADDED #/minimum'], ['MINIMUM_REMOVED #/minimum']),
  c('MINIMUM_REMOVED', N({ minimum: 0 }), N(), ['MINIMUM_REMOVED #/minimum'], ['MINIMUM_ADDED #/minimum']),
  c('MINIMUM_INCREASED', N({ minimum: 0 }), N({ minimum: 1 }), ['MINIMUM_INCREASED #/minimum'], ['MINIMUM_DECREASED #/minimum']),
  c('MINIMUM_DECREASED', N({ minimum: 1 }), N({ minimum: 0 }), ['MINIMUM_DECREASED #/minimum'], ['MINIMUM_INCREASED #/minimum']),
  c('EXCLUSIVE_MAXIMUM_ADDED', N(), N({ exclusiveMaximum: 10 }), ['EXCLUSIVE_MAXIMUM_ADDED #/exclusiveMaximum'], ['EXCLUSIVE_MAXIMUM_REMOVED #/exclusiveMaximum']),
  c('EXCLUSIVE_MAXIMUM_REMOVED', N({ exclusiveMaximum: 10 }), N(), ['EXCLUSIVE_MAXIMUM_REMOVED #/exclusiveMaximum'], ['EXCLUSIVE_MAXIMUM_ADDED #/exclusiveMaximum']),
  c('EXCLUSIVE_MAXIMUM_INCREASED', N({ exclusiveMaximum: 10 }), N({ exclusiveMaximum: 11 }), ['EXCLUSIVE_MAXIMUM_INCREASED #/exclusiveMaximum'], ['EXCLUSIVE_MAXIMUM_DECREASED #/exclusiveMaximum']),
  c('EXCLUSIVE_MAXIMUM_DECREASED', N({ exclusiveMaximum: 11 }), N({ exclusiveMaximum: 10 }), ['EXCLUSIVE_MAXIMUM_DECREASED #/exclusiveMaximum'], ['EXCLUSIVE_MAXIMUM_INCREASED #/exclusiveMaximum']),
  c('EXCLUSIVE_MINIMUM_ADDED', N(), N({ exclusiveMinimum: 0 }), ['EXCLUSIVE_MINIMUM_ADDED #/exclusiveMinimum'], ['EXCLUSIVE_MINIMUM_REMOVED #/exclusiveMinimum']),
  c('EXCLUSIVE_MINIMUM_REMOVED', N({ exclusiveMinimum: 0 }), N(), ['EXCLUSIVE_MINIMUM_REMOVED #/exclusiveMinimum'], ['EXCLUSIVE_MINIMUM_ADDED #/exclusiveMinimum']),
  c('EXCLUSIVE_MINIMUM_INCREASED', N({ exclusiveMinimum: 0 }), N({ exclusiveMinimum: 1 }), ['EXCLUSIVE_MINIMUM_INCREASED #/exclusiveMinimum'], ['EXCLUSIVE_MINIMUM_DECREASED #/exclusiveMinimum']),
  c('EXCLUSIVE_MINIMUM_DECREASED', N({ exclusiveMinimum: 1 }), N({ exclusiveMinimum: 0 }), ['EXCLUSIVE_MINIMUM_DECREASED #/exclusiveMinimum'], ['EXCLUSIVE_MINIMUM_INCREASED #/exclusiveMinimum']),
  c('MULTIPLE_OF_ADDED', N(), N({ multipleOf: 2 }), ['MULTIPLE_OF_ADDED #/multipleOf'], ['MULTIPLE_OF_REMOVED #/multipleOf']),
  c('MULTIPLE_OF_REMOVED', N({ multipleOf: 2 }), N(), ['MULTIPLE_OF_REMOVED #/multipleOf'], ['MULTIPLE_OF_ADDED #/multipleOf']),
  c('MULTIPLE_OF_EXPANDED', N({ multipleOf: 0.5 }), N({ multipleOf: 10 }), ['MULTIPLE_OF_EXPANDED #/multipleOf'], ['MULTIPLE_OF_REDUCED #/multipleOf']),
  c('MULTIPLE_OF_REDUCED', N({ multipleOf: 0.3 }), N({ multipleOf: 0.1 }), ['MULTIPLE_OF_REDUCED #/multipleOf'], ['MULTIPLE_OF_EXPANDED #/multipleOf']),
  c('MULTIPLE_OF_CHANGED', N({ multipleOf: 10 }), N({ multipleOf: 11 }), ['MULTIPLE_OF_CHANGED #/multipleOf'], ['MULTIPLE_OF_CHANGED #/multipleOf']),
  c('REQUIRED_ATTRIBUTE_ADDED', O({ properties: { a: S() } }), O({ properties: { a: S() }, required: ['a'] }), ['REQUIRED_ATTRIBUTE_ADDED #/required/a'], ['REQUIRED_ATTRIBUTE_REMOVED #/required/a']),
  c('REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED', O({ properties: { a: S({ default: 'x' }) } }), O({ properties: { a: S({ default: 'x' }) }, required: ['a'] }), ['REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED #/required/a'], ['REQUIRED_ATTRIBUTE_REMOVED #/required/a']),
  c('REQUIRED_ATTRIBUTE_REMOVED', O({ properties: { a: S() }, required: ['a'] }), O({ properties: { a: S() } }), ['REQUIRED_ATTRIBUTE_REMOVED #/required/a'], ['REQUIRED_ATTRIBUTE_ADDED #/required/a']),
  c('MAX_PROPERTIES_ADDED', O(), O({ maxProperties: 3 }), ['MAX_PROPERTIES_ADDED #/maxProperties'], ['MAX_PROPERTIES_REMOVED #/maxProperties']),
  c('MAX_PROPERTIES_REMOVED', O({ maxProperties: 3 }), O(), ['MAX_PROPERTIES_REMOVED #/maxProperties'], ['MAX_PROPERTIES_ADDED #/maxProperties']),
  c('MAX_PROPERTIES_INCREASED', O({ maxProperties: 3 }), O({ maxProperties: 4 }), ['MAX_PROPERTIES_INCREASED #/maxProperties'], ['MAX_PROPERTIES_DECREASED #/maxProperties']),
  c('MAX_PROPERTIES_DECREASED', O({ maxProperties: 4 }), O({ maxProperties: 3 }), ['MAX_PROPERTIES_DECREASED #/maxProperties'], ['MAX_PROPERTIES_INCREASED #/maxProperties']),
  c('MIN_PROPERTIES_ADDED', O(), O({ minProperties: 1 }), ['MIN_PROPERTIES_ADDED #/minProperties'], ['MIN_PROPERTIES_REMOVED #/minProperties']),
  c('MIN_PROPERTIES_REMOVED', O({ minProperties: 1 }), O(), ['MIN_PROPERTIES_REMOVED #/minProperties'], ['MIN_PROPERTIES_ADDED #/minProperties']),
  c('MIN_PROPERTIES_INCREASED', O({ minProperties: 1 }), O({ minProperties: 2 }), ['MIN_PROPERTIES_INCREASED #/minProperties'], ['MIN_PROPERTIES_DECREASED #/minProperties']),
  c('MIN_PROPERTIES_DECREASED', O({ minProperties: 2 }), O({ minProperties: 1 }), ['MIN_PROPERTIES_DECREASED #/minProperties'], ['MIN_PROPERTIES_INCREASED #/minProperties']),
  c('ADDITIONAL_PROPERTIES_ADDED', O({ additionalProperties: false }), O(), ['ADDITIONAL_PROPERTIES_ADDED #/additionalProperties'], ['ADDITIONAL_PROPERTIES_REMOVED #/additionalProperties']),
  c('ADDITIONAL_PROPERTIES_REMOVED', O({ additionalProperties: true }), O({ additionalProperties: false }), ['ADDITIONAL_PROPERTIES_REMOVED #/additionalProperties'], ['ADDITIONAL_PROPERTIES_ADDED #/additionalProperties']),
  c('ADDITIONAL_PROPERTIES_EXTENDED', O({ additionalProperties: S() }), O(), ['ADDITIONAL_PROPERTIES_EXTENDED #/additionalProperties'], ['ADDITIONAL_PROPERTIES_NARROWED #/additionalProperties']),
  c('ADDITIONAL_PROPERTIES_NARROWED', O(), O({ additionalProperties: S() }), ['ADDITIONAL_PROPERTIES_NARROWED #/additionalProperties'], ['ADDITIONAL_PROPERTIES_EXTENDED #/additionalProperties']),
  c('UNEVALUATED_PROPERTIES_ADDED', O20({ unevaluatedProperties: false }), O20(), ['UNEVALUATED_PROPERTIES_ADDED #/unevaluatedProperties'], ['UNEVALUATED_PROPERTIES_REMOVED #/unevaluatedProperties']),
  c('UNEVALUATED_PROPERTIES_REMOVED', O20(), O20({ unevaluatedProperties: false }), ['UNEVALUATED_PROPERTIES_REMOVED #/unevaluatedProperties'], ['UNEVALUATED_PROPERTIES_ADDED #/unevaluatedProperties']),
  c('UNEVALUATED_PROPERTIES_EXTENDED', O20({ unevaluatedProperties: S() }), O20({ unevaluatedProperties: true }), ['UNEVALUATED_PROPERTIES_EXTENDED #/unevaluatedProperties'], ['UNEVALUATED_PROPERTIES_NARROWED #/unevaluatedProperties']),
  c('UNEVALUATED_PROPERTIES_NARROWED', O20(), O20({ unevaluatedProperties: S() }), ['UNEVALUATED_PROPERTIES_NARROWED #/unevaluatedProperties'], ['UNEVALUATED_PROPERTIES_EXTENDED #/unevaluatedProperties']),
  c('DEPENDENCY_ARRAY_ADDED', O(), O({ dependencies: { a: ['b'] } }), ['DEPENDENCY_ARRAY_ADDED #/dependencies/a'], ['DEPENDENCY_ARRAY_REMOVED #/dependencies/a']),
  c('DEPENDENCY_ARRAY_REMOVED', O({ dependencies: { a: ['b'] } }), O(), ['DEPENDENCY_ARRAY_REMOVED #/dependencies/a'], ['DEPENDENCY_ARRAY_ADDED #/dependencies/a']),
  c('DEPENDENCY_ARRAY_EXTENDED', O({ dependencies: { a: ['b'] } }), O({ dependencies: { a: ['b', 'c'] } }), ['DEPENDENCY_ARRAY_EXTENDED #/dependencies/a'], ['DEPENDENCY_ARRAY_NARROWED #/dependencies/a']),
  c('DEPENDENCY_ARRAY_NARROWED', O({ dependencies: { a: ['b', 'c'] } }), O({ dependencies: { a: ['c'] } }), ['DEPENDENCY_ARRAY_NARROWED #/dependencies/a'], ['DEPENDENCY_ARRAY_EXTENDED #/dependencies/a']),
  c('DEPENDENCY_ARRAY_CHANGED', O({ dependencies: { a: ['b'] } }), O({ dependencies: { a: ['c'] } }), ['DEPENDENCY_ARRAY_CHANGED #/dependencies/a'], ['DEPENDENCY_ARRAY_CHANGED #/dependencies/a']),
  c('DEPENDENCY_SCHEMA_ADDED', O(), O({ dependencies: { a: { required: ['b'] } } }), ['DEPENDENCY_SCHEMA_ADDED #/dependencies/a'], ['DEPENDENCY_SCHEMA_REMOVED #/dependencies/a']),
  c('DEPENDENCY_SCHEMA_REMOVED', O({ dependencies: { a: { required: ['b'] } } }), O(), ['DEPENDENCY_SCHEMA_REMOVED #/dependencies/a'], ['DEPENDENCY_SCHEMA_ADDED #/dependencies/a']),
  c('REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', O(), O({ properties: { a: S() }, required: ['a'] }), ['REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/a'], ['PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL #/properties/a']),
  c('REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL', O(), O({ properties: { a: S({ default: '' }) }, required: ['a'] }), ['REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL #/properties/a'], ['PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL #/properties/a']),
  c('OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', O(), O({ properties: { a: S() } }), ['OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/a'], ['PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL #/properties/a']),
  c('PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL', O(), O({ properties: { a: { description: 'anything' } } }), ['PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL #/properties/a'], ['PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL #/properties/a']),
  c('REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL', O({ additionalProperties: false }), O({ properties: { a: S() }, required: ['a'], additionalProperties: false }), ['REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/a'], ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/a']),
  c('REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL', O({ additionalProperties: false }), O({ properties: { a: S({ default: '' }) }, required: ['a'], additionalProperties: false }), ['REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/a'], ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/a']),
  c('OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL', O({ additionalProperties: false }), O({ properties: { a: S() }, additionalProperties: false }), ['OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/a'], ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/a']),
  c('PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL', O({ properties: { a: S() } }), O(), ['PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL #/properties/a'], ['OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/a']),
  c('PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL', O({ properties: { a: false }, additionalProperties: false }), O({ additionalProperties: false }), ['PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/a'], ['OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/a']),
  c('PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL', O({ properties: { a: S() }, additionalProperties: false }), O({ additionalProperties: false }), ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/a'], ['OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/a']),
  c('PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', O({ properties: { a: S() }, patternProperties: { '^a': S() } }), O({ patternProperties: { '^a': S() } }), ['PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/a'], ['PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/a', 'OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/a']),
  c('PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', O({ properties: { a: N() }, additionalProperties: S() }), O({ additionalProperties: S() }), ['TYPE_CHANGED #/properties/a', 'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/a'], ['TYPE_CHANGED #/properties/a', 'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/a', 'OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/a']),
  c('PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', O({ additionalProperties: S() }), O({ properties: { a: S() }, additionalProperties: S() }), ['PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/a', 'OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/a'], ['PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/a']),
  c('PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', O({ additionalProperties: S() }), O({ properties: { a: S({ maxLength: 3 }) }, additionalProperties: S() }), ['MAX_LENGTH_ADDED #/properties/a/maxLength', 'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/a', 'OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/a'], ['MAX_LENGTH_REMOVED #/properties/a/maxLength', 'PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/a']),
  c('MAX_ITEMS_ADDED', A(), A({ maxItems: 3 }), ['MAX_ITEMS_ADDED #/maxItems'], ['MAX_ITEMS_REMOVED #/maxItems']),
  c('MAX_ITEMS_REMOVED', A({ maxItems: 3 }), A(), ['MAX_ITEMS_REMOVED #/maxItems'], ['MAX_ITEMS_ADDED #/maxItems']),
  c('MAX_ITEMS_INCREASED', A({ maxItems: 3 }), A({ maxItems: 4 }), ['MAX_ITEMS_INCREASED #/maxItems'], ['MAX_ITEMS_DECREASED #/maxItems']),
  c('MAX_ITEMS_DECREASED', A({ maxItems: 4 }), A({ maxItems: 3 }), ['MAX_ITEMS_DECREASED #/maxItems'], ['MAX_ITEMS_INCREASED #/maxItems']),
  c('MIN_ITEMS_ADDED', A(), A({ minItems: 1 }), ['MIN_ITEMS_ADDED #/minItems'], ['MIN_ITEMS_REMOVED #/minItems']),
  c('MIN_ITEMS_REMOVED', A({ minItems: 1 }), A(), ['MIN_ITEMS_REMOVED #/minItems'], ['MIN_ITEMS_ADDED #/minItems']),
  c('MIN_ITEMS_INCREASED', A({ minItems: 1 }), A({ minItems: 2 }), ['MIN_ITEMS_INCREASED #/minItems'], ['MIN_ITEMS_DECREASED #/minItems']),
  c('MIN_ITEMS_DECREASED', A({ minItems: 2 }), A({ minItems: 1 }), ['MIN_ITEMS_DECREASED #/minItems'], ['MIN_ITEMS_INCREASED #/minItems']),
  c('MAX_CONTAINS_ADDED', A20({ contains: S() }), A20({ contains: S(), maxContains: 2 }), ['MAX_CONTAINS_ADDED #/maxContains'], ['MAX_CONTAINS_REMOVED #/maxContains']),
  c('MAX_CONTAINS_REMOVED', A20({ contains: S(), maxContains: 2 }), A20({ contains: S() }), ['MAX_CONTAINS_REMOVED #/maxContains'], ['MAX_CONTAINS_ADDED #/maxContains']),
  c('MAX_CONTAINS_INCREASED', A20({ contains: S(), maxContains: 2 }), A20({ contains: S(), maxContains: 3 }), ['MAX_CONTAINS_INCREASED #/maxContains'], ['MAX_CONTAINS_DECREASED #/maxContains']),
  c('MAX_CONTAINS_DECREASED', A20({ contains: S(), maxContains: 3 }), A20({ contains: S(), maxContains: 2 }), ['MAX_CONTAINS_DECREASED #/maxContains'], ['MAX_CONTAINS_INCREASED #/maxContains']),
  c('MIN_CONTAINS_ADDED', A20({ contains: S() }), A20({ contains: S(), minContains: 2 }), ['MIN_CONTAINS_ADDED #/minContains'], ['MIN_CONTAINS_REMOVED #/minContains']),
  c('MIN_CONTAINS_REMOVED', A20({ contains: S(), minContains: 2 }), A20({ contains: S() }), ['MIN_CONTAINS_REMOVED #/minContains'], ['MIN_CONTAINS_ADDED #/minContains']),
  c('MIN_CONTAINS_INCREASED', A20({ contains: S(), minContains: 2 }), A20({ contains: S(), minContains: 3 }), ['MIN_CONTAINS_INCREASED #/minContains'], ['MIN_CONTAINS_DECREASED #/minContains']),
  c('MIN_CONTAINS_DECREASED', A20({ contains: S(), minContains: 3 }), A20({ contains: S(), minContains: 2 }), ['MIN_CONTAINS_DECREASED #/minContains'], ['MIN_CONTAINS_INCREASED #/minContains']),
  c('UNIQUE_ITEMS_ADDED', A(), A({ uniqueItems: true }), ['UNIQUE_ITEMS_ADDED #/uniqueItems'], ['UNIQUE_ITEMS_REMOVED #/uniqueItems']),
  c('UNIQUE_ITEMS_REMOVED', A({ uniqueItems: true }), A({ uniqueItems: false }), ['UNIQUE_ITEMS_REMOVED #/uniqueItems'], ['UNIQUE_ITEMS_ADDED #/uniqueItems']),
  c('ADDITIONAL_ITEMS_ADDED', A({ items: [S()], additionalItems: false }), A({ items: [S()] }), ['ADDITIONAL_ITEMS_ADDED #/additionalItems'], ['ADDITIONAL_ITEMS_REMOVED #/additionalItems']),
  c('ADDITIONAL_ITEMS_REMOVED', A({ items: [S()] }), A({ items: [S()], additionalItems: false }), ['ADDITIONAL_ITEMS_REMOVED #/additionalItems'], ['ADDITIONAL_ITEMS_ADDED #/additionalItems']),
  c('ADDITIONAL_ITEMS_EXTENDED', A({ items: [S()], additionalItems: N() }), A({ items: [S()], additionalItems: true }), ['ADDITIONAL_ITEMS_EXTENDED #/additionalItems'], ['ADDITIONAL_ITEMS_NARROWED #/additionalItems']),
  c('ADDITIONAL_ITEMS_NARROWED', A({ items: [S()] }), A({ items: [S()], additionalItems: N() }), ['ADDITIONAL_ITEMS_NARROWED #/additionalItems'], ['ADDITIONAL_ITEMS_EXTENDED #/additionalItems']),
  c('UNEVALUATED_ITEMS_ADDED', A20({ unevaluatedItems: false }), A20(), ['UNEVALUATED_ITEMS_ADDED #/unevaluatedItems'], ['UNEVALUATED_ITEMS_REMOVED #/unevaluatedItems']),
  c('UNEVALUATED_ITEMS_REMOVED', A20(), A20({ unevaluatedItems: false }), ['UNEVALUATED_ITEMS_REMOVED #/unevaluatedItems'], ['UNEVALUATED_ITEMS_ADDED #/unevaluatedItems']),
  c('UNEVALUATED_ITEMS_EXTENDED', A20({ unevaluatedItems: S() }), A20(), ['UNEVALUATED_ITEMS_EXTENDED #/unevaluatedItems'], ['UNEVALUATED_ITEMS_NARROWED #/unevaluatedItems']),
  c('UNEVALUATED_ITEMS_NARROWED', A20(), A20({ unevaluatedItems: S() }), ['UNEVALUATED_ITEMS_NARROWED #/unevaluatedItems'], ['UNEVALUATED_ITEMS_EXTENDED #/unevaluatedItems']),
  c('ITEM_ADDED_TO_OPEN_CONTENT_MODEL', A({ items: [S()] }), A({ items: [S(), N()] }), ['ITEM_ADDED_TO_OPEN_CONTENT_MODEL #/items/1'], ['ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL #/items/1']),
  c('ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL', A({ items: [S()] }), A({ items: [S(), {}] }), ['ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL #/items/1'], ['ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL #/items/1']),
  c('ITEM_ADDED_TO_CLOSED_CONTENT_MODEL', A({ items: [S()], additionalItems: false }), A({ items: [S(), N()], additionalItems: false }), ['ITEM_ADDED_TO_CLOSED_CONTENT_MODEL #/items/1'], ['ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL #/items/1']),
  c('ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL', A({ items: [S(), N()] }), A({ items: [S()] }), ['ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL #/items/1'], ['ITEM_ADDED_TO_OPEN_CONTENT_MODEL #/items/1']),
  c('ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL', A({ items: [S(), N()], additionalItems: false }), A({ items: [S()], additionalItems: false }), ['ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL #/items/1'], ['ITEM_ADDED_TO_CLOSED_CONTENT_MODEL #/items/1']),
  c('ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL', A({ items: [S(), false], additionalItems: false }), A({ items: [S()], additionalItems: false }), ['ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL #/items/1'], ['ITEM_ADDED_TO_CLOSED_CONTENT_MODEL #/items/1']),
  c('ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', A({ items: [S(), S()], additionalItems: S() }), A({ items: [S()], additionalItems: S() }), ['ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/items/1'], ['ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/items/1']),
  c('ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', A({ items: [S(), N()], additionalItems: S() }), A({ items: [S()], additionalItems: S() }), ['TYPE_CHANGED #/items/1', 'ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/items/1'], ['TYPE_CHANGED #/items/1', 'ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/items/1']),
  c('ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', A({ items: [S()], additionalItems: S() }), A({ items: [S(), S()], additionalItems: S() }), ['ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/items/1'], ['ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/items/1']),
  c('ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', A({ items: [S()], additionalItems: S() }), A({ items: [S(), S({ maxLength: 1 })], additionalItems: S() }), ['MAX_LENGTH_ADDED #/items/1/maxLength', 'ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/items/1'], ['MAX_LENGTH_REMOVED #/items/1/maxLength', 'ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/items/1']),
  c('ENUM_ARRAY_EXTENDED', { enum: ['a'] }, { enum: ['a', 'b'] }, ['ENUM_ARRAY_EXTENDED #/enum'], ['ENUM_ARRAY_NARROWED #/enum']),
  c('ENUM_ARRAY_NARROWED', { enum: ['a', 'b'] }, { enum: ['b'] }, ['ENUM_ARRAY_NARROWED #/enum'], ['ENUM_ARRAY_EXTENDED #/enum']),
  c('ENUM_ARRAY_CHANGED', { const: 1 }, { const: 2 }, ['ENUM_ARRAY_CHANGED #/const'], ['ENUM_ARRAY_CHANGED #/const']),
  c('COMBINED_TYPE_EXTENDED', { oneOf: [S()] }, { anyOf: [S()] }, ['COMBINED_TYPE_EXTENDED #/'], ['COMBINED_TYPE_EXTENDED #/']),
  c('COMBINED_TYPE_CHANGED', { anyOf: [S(), N()] }, { oneOf: [S()] }, ['COMBINED_TYPE_CHANGED #/'], ['COMBINED_TYPE_EXTENDED #/', 'SUM_TYPE_EXTENDED #/']),
  c('PRODUCT_TYPE_EXTENDED', { allOf: [S()] }, { allOf: [S(), { maxLength: 3 }] }, ['PRODUCT_TYPE_EXTENDED #/'], ['PRODUCT_TYPE_NARROWED #/']),
  c('PRODUCT_TYPE_NARROWED', { allOf: [S(), { maxLength: 3 }] }, { allOf: [S()] }, ['PRODUCT_TYPE_NARROWED #/'], ['PRODUCT_TYPE_EXTENDED #/']),
  c('SUM_TYPE_EXTENDED', { oneOf: [S()] }, { oneOf: [S(), N()] }, ['SUM_TYPE_EXTENDED #/'], ['SUM_TYPE_NARROWED #/']),
  c('SUM_TYPE_NARROWED', { anyOf: [S(), N()] }, { anyOf: [N()] }, ['SUM_TYPE_NARROWED #/'], ['SUM_TYPE_EXTENDED #/']),
  c('COMBINED_TYPE_SUBSCHEMAS_CHANGED', { oneOf: [S(), N()] }, { oneOf: [S(), { type: 'boolean' }] }, ['COMBINED_TYPE_SUBSCHEMAS_CHANGED #/'], ['COMBINED_TYPE_SUBSCHEMAS_CHANGED #/']),
  c('NOT_TYPE_EXTENDED', { not: I() }, { not: N() }, ['NOT_TYPE_EXTENDED #/not'], ['NOT_TYPE_NARROWED #/not']),
  c('NOT_TYPE_NARROWED', { not: N() }, { not: I() }, ['NOT_TYPE_NARROWED #/not'], ['NOT_TYPE_EXTENDED #/not']),
];

/** Declared by Confluent but never emitted by its diff (reserved fields are checked elsewhere in the registry). */
const NEVER_EMITTED: ChangeKind[] = ['PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', 'RESERVED_PROPERTY_REMOVED', 'RESERVED_PROPERTY_CONFLICTS_WITH_PROPERTY'];

const sorted = (xs: string[]) => [...xs].sort();

// Reference lists, compatibility-rules.md §2.1.
const LENIENT_ONLY = [
  'ADDITIONAL_PROPERTIES_REMOVED',
  'ADDITIONAL_PROPERTIES_NARROWED',
  'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL',
  'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
  'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL',
  'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'UNEVALUATED_PROPERTIES_REMOVED',
  'UNEVALUATED_PROPERTIES_NARROWED',
];

describe('change-kind table', () => {
  it('has a row for each of the 132 Confluent Difference.Type values', () => {
    expect(CHANGE_KINDS).toHaveLength(132);
    expect(new Set(CHANGE_KINDS).size).toBe(132);
    expect(Object.keys(CHANGE_RULES).sort()).toEqual([...CHANGE_KINDS].sort());
  });

  it('splits 65 compatible / 9 lenient-only / 58 never compatible, as Confluent does', () => {
    expect(COMPATIBLE_CHANGES_STRICT.size).toBe(65);
    expect(COMPATIBLE_CHANGES_LENIENT.size).toBe(74);
    expect(sorted([...COMPATIBLE_CHANGES_LENIENT].filter((k) => !COMPATIBLE_CHANGES_STRICT.has(k)))).toEqual(sorted(LENIENT_ONLY));
    for (const k of COMPATIBLE_CHANGES_STRICT) expect(COMPATIBLE_CHANGES_LENIENT.has(k)).toBe(true);
    expect(CHANGE_KINDS.filter((k) => !COMPATIBLE_CHANGES_LENIENT.has(k))).toHaveLength(58);
  });

  it.each(CHANGE_KINDS.map((k) => [k]))('%s has a purpose, a message with its path, and a fix when it can break', (kind) => {
    const rule = CHANGE_RULES[kind];
    expect(rule.purpose.length).toBeGreaterThan(5);
    expect(rule.message).toContain('{path}');
    expect(rule.readers).toBe(rule.lenient === 'compatible' && rule.strict === 'compatible' ? 'none' : 'readers-of-update');
    if (rule.strict === 'breaking') expect(rule.fix).toMatch(/\{v2\}|reserved|Rename/);
    expect(isCompatibleChange(kind, 'STRICT')).toBe(rule.strict === 'compatible');
    expect(isCompatibleChange(kind, 'LENIENT')).toBe(rule.lenient === 'compatible');
  });

  it('has a fixture below for every kind the diff can emit', () => {
    const covered = new Set(CASES.map((x) => x.kind));
    expect(CHANGE_KINDS.filter((k) => !covered.has(k) && !NEVER_EMITTED.includes(k))).toEqual([]);
  });
});

describe.each(CASES)('$kind', ({ kind, given: [original, update], want, forward }) => {
  it('backward: exact diff', () => {
    expect(sorted(diffSchemas(original, update).differences.map((d) => `${d.type} ${d.path}`))).toEqual(sorted(want));
  });
  it('forward (same pair, FORWARD level): exact diff', () => {
    const r = compareSchemas(original, update, { level: 'FORWARD' });
    expect(sorted(r.changes.map((d) => `${d.type} ${d.path}`))).toEqual(sorted(forward));
    expect(r.changes.every((d) => d.direction === 'forward')).toBe(true);
  });
  it('verdict per policy follows the table', () => {
    for (const policy of ['STRICT', 'LENIENT'] as const) {
      const r = compareSchemas(original, update, { policy });
      expect(r.compatible).toBe(r.changes.every((ch) => isCompatibleChange(ch.type, policy)));
      const own = r.changes.find((ch) => ch.type === kind)!;
      expect(own.compatible).toBe(CHANGE_RULES[kind][policy === 'STRICT' ? 'strict' : 'lenient'] === 'compatible');
      expect(own.message).toContain(`\`${own.path}\``);
    }
  });
});
