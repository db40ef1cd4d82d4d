/**
 * order.placed v2 → v1 (downcast), for the publisher bridge: v1 consumers keep receiving orders until v1's sunset.
 * v1 only knows EUR totals; a non-EUR order cannot be expressed in v1 and fails the bridge (nothing is sent).
 */
import type { MigrationContext } from '@event-contracts/runtime';
import type { OrderPlacedV1, OrderPlacedV2 } from '@acme/order-events/types';

export default function downcast(data: OrderPlacedV2, ctx: MigrationContext): OrderPlacedV1 {
  if (data.total.currency !== 'EUR') {
    throw new Error(`order ${data.orderId} (event ${ctx.eventId}) is in ${data.total.currency}; order.placed.v1 carries EUR only`);
  }
  return {
    orderId: data.orderId,
    userId: data.customer.userId,
    total: data.total.amountMinor / 100,
    lines: data.lines.map((line) => ({ sku: line.sku, quantity: line.quantity })),
    placedAt: data.placedAt,
  };
}
