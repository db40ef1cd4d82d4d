/**
 * Sample event data for the example repository's generated packages, one home for the tests that send events
 * (the values satisfy the committed contracts: UUIDs, ISO-4217 currency, ISO-3166 country).
 */
import { randomUUID } from 'node:crypto';
import type { OrderPlacedV1, OrderPlacedV2 } from '../../generated/order-events/index.js';
import type { UserCreatedV1 } from '../../generated/user-events/index.js';

export const SAMPLE_USER_ID = '3f6c2a5e-8a7b-4c1d-9e2f-0a1b2c3d4e5f';

/** An order.placed.v1 with two lines (the shape the v1→v2 migration example converts). */
export function sampleOrderV1(orderId: string = randomUUID(), total = 42.5): OrderPlacedV1 {
  return {
    orderId,
    userId: SAMPLE_USER_ID,
    total,
    lines: [
      { sku: 'BOOK-0001', quantity: 1 },
      { sku: 'MUG-0042', quantity: 2 },
    ],
    placedAt: '2026-11-02T10:00:00Z',
  };
}

/** An order.placed.v2; `twoLines` gives what the migration makes of `sampleOrderV1` (2450 + 2 × 900 = 4250). */
export function sampleOrderV2(orderId: string = randomUUID(), { twoLines = false } = {}): OrderPlacedV2 {
  const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });
  return {
    orderId,
    customer: { userId: SAMPLE_USER_ID },
    total: eur(4250),
    lines: twoLines
      ? [
          { sku: 'BOOK-0001', quantity: 1, unitPrice: eur(2450) },
          { sku: 'MUG-0042', quantity: 2, unitPrice: eur(900) },
        ]
      : [{ sku: 'BOOK-0001', quantity: 1, unitPrice: eur(4250) }],
    shippingAddress: { line1: '12 Analytical Row', city: 'London', postalCode: 'N1 9GU', country: 'GB' },
    placedAt: '2026-11-02T10:00:00Z',
  };
}

/** A user.created.v1 for `email`. */
export function sampleUserCreated(email: string, userId: string = randomUUID()): UserCreatedV1 {
  return { userId, email, createdAt: '2026-11-02T09:15:00Z', displayName: 'Ada Lovelace', locale: 'en-GB', marketingOptIn: false };
}
