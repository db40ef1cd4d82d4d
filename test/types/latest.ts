/**
 * onLatest and the bridge option, compiled strict against the generated order package (run with service.ts by
 * test/unit/generate/type-tests.test.ts). Every `@ts-expect-error` marks code that must NOT compile.
 */
import { createOrderConsumer, createOrderPublisher, type OrderPlacedV1Event, type OrderPlacedV2Event } from '@acme/order-events';

export function readLatest(): void {
  const consumer = createOrderConsumer({ groupId: 'billing' });
  consumer.onLatest('order.placed', (event, ctx) => {
    const latest: OrderPlacedV2Event = event;
    const currency: string = event.data.total.currency;
    const major: number = ctx.arrived.major;
    const original: OrderPlacedV1Event | OrderPlacedV2Event = ctx.arrived.original;
    const wasUpcast: boolean = ctx.arrived.upcast;
    // @ts-expect-error the handler sees the latest major only: v1's decimal total is gone
    const decimal: number = event.data.total;
    // @ts-expect-error eventType is the latest major's literal
    const v1: 'order.placed.v1' = event.eventType;
    void [latest, currency, major, original, wasUpcast, decimal, v1];
  });
  // @ts-expect-error a handler written for v1 does not fit: it would be given v2 events
  consumer.onLatest('order.placed', (event: OrderPlacedV1Event) => void event.data.total.toFixed(2));
  // @ts-expect-error a family is named without its major
  consumer.onLatest('order.placed.v2', () => undefined);
  // @ts-expect-error no such family in this package
  consumer.onLatest('order.shipped', () => undefined);
  // `on` keeps the package's consumer type, so chains can mix both.
  consumer
    .on('order.item.added.v1', () => undefined)
    .onLatest('order.item.added', (event) => {
      const literal: 'order.item.added.v1' = event.eventType;
      void literal;
    });
}

export function bridge(): void {
  createOrderPublisher({ source: 'checkout', bridge: ['order.placed.v2'] });
  // @ts-expect-error only event types with a downcast migration can be bridged
  createOrderPublisher({ source: 'checkout', bridge: ['order.item.added.v1'] });
}
