import type { CompatibilityPolicy } from '../core/compatibility.js';
import type { Direction } from './levels.js';

/**
 * What would make a breaking change right, by change type (first matching row wins). The last
 * resort — publishing `v<N+1>` — is appended by the caller to every message.
 */
const FIXES: readonly { match: RegExp; fix: (d: Direction, policy: CompatibilityPolicy) => string }[] = [
  { match: /^REQUIRED_(PROPERTY_ADDED_TO_(OPEN|UNOPEN)_CONTENT_MODEL|ATTRIBUTE_ADDED)$/, fix: () => 'make the property optional, or give it a `default` so that readers of older events can fill it in' },
  {
    match: /^(OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL|PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL|PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL)$/,
    fix: (_d, policy) =>
      policy === 'STRICT'
        ? 'under the STRICT policy an open object cannot gain or lose properties: close the content model (`"additionalProperties": false`) when you create the next major, or configure the LENIENT policy for this event type'
        : 'keep the property set unchanged',
  },
  { match: /^PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL$/, fix: () => 'keep the property (mark it `deprecated` in its description) instead of removing it, or open the content model' },
  { match: /^(ADDITIONAL_PROPERTIES|UNEVALUATED_PROPERTIES)_(REMOVED|NARROWED)$/, fix: () => 'keep the content model as open as it was; close it only in the next major' },
  { match: /^(ADDITIONAL_ITEMS|UNEVALUATED_ITEMS)_(REMOVED|NARROWED)$|^ITEM_/, fix: () => 'keep the array positions and their content model as they were' },
  { match: /^ENUM_ARRAY_(NARROWED|CHANGED)$/, fix: (d) => (d === 'forward' ? 'deployed readers validate against the old value list: keep the enum as it was' : 'keep every previously allowed value') },
  { match: /^TYPE_(CHANGED|NARROWED)$/, fix: () => 'keep the previous type (widening `integer` to `number` is the only compatible type change)' },
  {
    match: /_(ADDED|INCREASED|DECREASED|EXPANDED|CHANGED)$/,
    fix: (d) => (d === 'forward' ? 'keep the previous constraint: deployed readers still enforce it on new events' : 'keep the previous constraint, or loosen it instead of tightening it'),
  },
  { match: /^(SUM_TYPE_NARROWED|PRODUCT_TYPE_EXTENDED|COMBINED_TYPE_SUBSCHEMAS_CHANGED|NOT_TYPE_EXTENDED)$/, fix: () => 'keep the previous alternatives (`anyOf`/`oneOf` may only gain branches, `allOf` only lose them)' },
];

export function fixFor(type: string, direction: Direction, policy: CompatibilityPolicy): string {
  for (const row of FIXES) if (row.match.test(type)) return row.fix(direction, policy);
  return 'revert this change';
}
