/**
 * The applicator keywords of every supported draft: where a subschema can stand. One list for the
 * loader's walker, the registered form, check's documentation stripping and generate's schema graph;
 * each of those narrows it where it handles a keyword on its own.
 */
/** Keywords whose value is one subschema in any supported draft (`items` too, as one schema). */
export const SCHEMA_KEYWORDS = [
  'additionalItems',
  'additionalProperties',
  'contains',
  'contentSchema',
  'else',
  'if',
  'items',
  'not',
  'propertyNames',
  'then',
  'unevaluatedItems',
  'unevaluatedProperties',
] as const;
/** Keywords whose value is an array of subschemas (`items` too, before 2020-12). */
export const SCHEMA_ARRAY_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'] as const;
/** Keywords whose value maps names to subschemas (`dependencies` values may also be arrays of names). */
export const SCHEMA_MAP_KEYWORDS = ['$defs', 'definitions', 'dependencies', 'dependentSchemas', 'patternProperties', 'properties'] as const;
