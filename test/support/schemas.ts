/** Schema shorthands shared by the tests: the shared money/currency definitions and a small event. */
import type { JsonObject } from '../../generator/core/json.js';

/** `_shared/money.json` without `$schema`/`title` (catalog-level tests). */
export const MONEY: JsonObject = {
  type: 'object',
  required: ['amount', 'currency'],
  properties: { amount: { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]+)?$', maxLength: 40 }, currency: { $ref: './currency.json' } },
  additionalProperties: false,
};
export const CURRENCY: JsonObject = { type: 'string', pattern: '^[A-Z]{3}$', maxLength: 3 };

/** The same definitions as files in a repository (with `$schema` and `title`). */
export const MONEY_FILE: JsonObject = { $schema: 'http://json-schema.org/draft-07/schema#', title: 'Money', ...MONEY };
export const CURRENCY_FILE: JsonObject = { $schema: 'http://json-schema.org/draft-07/schema#', title: 'Currency', ...CURRENCY };

/** `order.placed`'s data: an id and a total in money, closed, keyed by `/orderId`. */
export function orderPlaced(extra: JsonObject = {}): JsonObject {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    required: ['orderId', 'total'],
    properties: { orderId: { type: 'string', maxLength: 64 }, total: { $ref: '../_shared/money.json' }, ...extra },
    additionalProperties: false,
    'x-partition-key': '/orderId',
  };
}

/** JSON.parse keeps `__proto__` as an own key, which object literals cannot. */
export function json(text: string): JsonObject {
  return JSON.parse(text) as JsonObject;
}
