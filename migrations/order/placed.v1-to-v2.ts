/**
 * order.placed v1 → v2 (upcast). v1 carried the total as a decimal number in EUR and lines without prices;
 * v2 carries money as { amountMinor, currency }, a price per line, the customer as an object and the address.
 */
import type { OrderPlacedV1, OrderPlacedV2 } from '@acme/order-events/types';

/** v1's schema states its amounts are EUR, so the currency is a constant of the contract, not a guess. */
const V1_CURRENCY = 'EUR';

/**
 * v1 had no shipping address. ZZ is the ISO 3166 user-assigned code for "unknown country": readers that need the
 * address check `shippingAddress.country === 'ZZ'` (or ctx.arrived.major === 1) and look it up by orderId.
 */
const UNKNOWN_ADDRESS = { line1: 'unknown (order.placed.v1)', city: 'unknown', postalCode: 'ZZ', country: 'ZZ' } as const;

const toMinor = (amount: number): number => Math.round(amount * 100);

export default function upcast(data: OrderPlacedV1): OrderPlacedV2 {
  const total = toMinor(data.total);
  const units = data.lines.reduce((n, line) => n + line.quantity, 0);
  // v1 had no unit prices: every unit gets an equal share of the total (rounded down; `total` stays exact).
  const share = units > 0 ? Math.floor(total / units) : 0;
  return {
    orderId: data.orderId,
    customer: { userId: data.userId },
    total: { amountMinor: total, currency: V1_CURRENCY },
    lines: data.lines.map((line) => ({ sku: line.sku, quantity: line.quantity, unitPrice: { amountMinor: share, currency: V1_CURRENCY } })),
    shippingAddress: { ...UNKNOWN_ADDRESS },
    placedAt: data.placedAt,
  };
}
