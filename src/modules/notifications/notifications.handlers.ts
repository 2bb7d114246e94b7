import type { Deps } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { eventHandler } from '../../platform/events/define.js';
import type { EventHandler } from '../../platform/outbox/dispatcher.js';
import { orderCancelled, orderDelivered, orderPlaced, orderShipped } from '../orders/index.js';
import { fulfillmentReadyForPickup } from '../fulfillment/index.js';
import { paymentFailed, paymentRefunded } from '../payments/index.js';
import { listShipments, shipmentDelayed, shipmentException, shipmentTrackingUpdated, getShipmentJson } from '../shipping/index.js';
import { getLocation } from '../locations/index.js';
import { smsTemplates, type ShipmentSnapshot, type TemplateData, type TemplateName } from '../../domain/notifications/templates.js';
import { notFound } from '../../platform/errors.js';
import type { TypedEvent } from '../../platform/events/define.js';
import { orderFacts, orderFactsMany, type OrderFacts } from './order-snapshot.js';
import { queueMessages, type QueueInput } from './queue.js';
import { queueForOrder } from './queue-for-order.js';
import { returnMessageHandler } from './return-messages.js';
import { brandingOf, loadNotificationSettings } from './settings.js';

type Ids = Pick<Deps, 'clock' | 'newId'>;

/**
 * `notifications.order_placed` for a batch: the orders read together and every message inserted in
 * one statement (the confirmation, and a backorder notice when lines are backordered). Neither
 * template goes by SMS.
 */
async function queuePlacedOrders(tx: Db, deps: Ids, events: Array<TypedEvent<typeof orderPlaced>>) {
  const facts = await orderFactsMany(tx, events.map((e) => e.payload.orderId));
  const inputs: QueueInput[] = [];
  const email = (event: { eventId: string; occurredAt: Date }, orderId: string, f: OrderFacts, template: TemplateName, extra: Partial<TemplateData> = {}): QueueInput => ({
    createdAt: event.occurredAt, orderId, customerId: f.json.customer.id, template, orderLocale: f.orderLocale, data: { order: f.snapshot, ...extra },
    dedupeKey: `${event.eventId}:${template}:email`, recipient: f.json.customer.email,
  });
  for (const e of events) {
    const f = facts.get(e.payload.orderId);
    if (!f) throw notFound('Order', e.payload.orderId);
    inputs.push(email(e, e.payload.orderId, f, 'order_confirmation'));
    const backordered = f.json.lines.filter((l) => l.quantities.backordered > 0).map((l) => ({ name: l.name, quantity: l.quantities.backordered }));
    if (backordered.length) inputs.push(email(e, e.payload.orderId, f, 'backorder_notice', { backordered }));
  }
  if (inputs.some((i) => smsTemplates.includes(i.template))) throw new Error('queuePlacedOrders: an SMS template needs queueForOrder');
  await queueMessages(tx, deps, inputs);
}

/** The shipment (carrier, tracking numbers, lines) of one fulfillment order, read through shipping. */
async function shipmentOf(tx: Db, orderId: string, fulfillmentOrderId: string | undefined, lines: Array<{ sku: string; quantity: number }>, names: Map<string, string>): Promise<ShipmentSnapshot> {
  const { items } = await listShipments(tx, { orderId, limit: 200 });
  const s = items.find((x) => x.fulfillmentOrderId === fulfillmentOrderId && x.status !== 'voided');
  return {
    number: s?.number ?? fulfillmentOrderId ?? '',
    carrier: s?.carrier ?? '—',
    trackingNumbers: s?.trackingNumbers ?? [],
    estimatedDelivery: s?.estimatedDelivery ?? null,
    lines: lines.map((l) => ({ name: names.get(l.sku) ?? l.sku, quantity: l.quantity })),
  };
}

/**
 * Customer messages from other modules' events. Each handler only queues (one insert in the event's
 * transaction); the sender job renders and delivers, so a slow or absent mail server never holds back
 * the outbox.
 */
export const notificationHandlers = (deps: Deps): EventHandler[] => [
  eventHandler({
    name: 'notifications.order_placed',
    events: [orderPlaced],
    handle: (tx, event) => queuePlacedOrders(tx, deps, [event]),
    handleBatch: (tx, events) => queuePlacedOrders(tx, deps, events),
  }),
  eventHandler({
    name: 'notifications.order_shipped',
    events: [orderShipped],
    async handle(tx, event) {
      const p = event.payload;
      const facts = await orderFacts(tx, p.orderId);
      const names = new Map(facts.snapshot.lines.map((l) => [l.sku, l.name]));
      const shipment = await shipmentOf(tx, p.orderId, p.fulfillmentOrderId, p.lines ?? [], names);
      const window = brandingOf(await loadNotificationSettings(tx, deps.clock.now())).mergeWindowMinutes;
      await queueForOrder(tx, deps, event, p.orderId, 'shipped', { shipments: [shipment] }, {
        notBefore: new Date(event.occurredAt.getTime() + window * 60_000),
        mergeKey: `${p.orderId}:shipped`,
        merge: (d) => (d.shipments?.some((s) => s.number === shipment.number) ? null : { ...d, shipments: [...(d.shipments ?? []), shipment] }),
      });
    },
  }),
  eventHandler({
    name: 'notifications.order_delivered',
    events: [orderDelivered],
    async handle(tx, event) {
      const p = event.payload;
      const shipment = p.shipmentId ? await getShipmentJson(tx, p.shipmentId).catch(() => null) : null;
      const pod = shipment?.proofOfDelivery ? { signedBy: shipment.proofOfDelivery.signedBy, at: shipment.proofOfDelivery.at } : null;
      await queueForOrder(tx, deps, event, p.orderId, 'delivered', { proofOfDelivery: pod });
    },
  }),
  eventHandler({
    name: 'notifications.order_cancelled',
    events: [orderCancelled],
    async handle(tx, event) {
      await queueForOrder(tx, deps, event, event.payload.orderId, 'cancellation', { reason: event.payload.reason ?? null });
    },
  }),
  eventHandler({
    name: 'notifications.ready_for_pickup',
    events: [fulfillmentReadyForPickup],
    async handle(tx, event) {
      const p = event.payload;
      const location = await getLocation(tx, p.locationCode).catch(() => null);
      await queueForOrder(tx, deps, event, p.orderId, 'ready_for_pickup', { pickup: { code: p.code, location: location?.name ?? p.locationCode, expiresAt: p.expiresAt, fulfillmentOrderId: p.fulfillmentOrderId } });
    },
  }),
  eventHandler({
    name: 'notifications.payments',
    events: [paymentFailed, paymentRefunded],
    async handle(tx, event) {
      const p = event.payload;
      const amount = p.amount ? Number(p.amount.amount) : undefined;
      const template = event.type === 'payment.failed' ? 'payment_failed' : 'refund_issued';
      await queueForOrder(tx, deps, event, p.orderId, template, amount === undefined ? {} : { amount });
    },
  }),
  eventHandler({
    name: 'notifications.tracking',
    events: [shipmentTrackingUpdated, shipmentException, shipmentDelayed],
    async handle(tx, event) {
      if (event.type === 'shipment.tracking_updated') {
        if (event.payload.to !== 'out_for_delivery') return;
        await queueForOrder(tx, deps, event, event.payload.orderId, 'out_for_delivery', { estimatedDelivery: event.payload.estimatedDelivery ?? null });
      } else if (event.type === 'shipment.exception') {
        await queueForOrder(tx, deps, event, event.payload.orderId, 'delivery_exception', { message: event.payload.message });
      } else {
        await queueForOrder(tx, deps, event, event.payload.orderId, 'delay_notice', { promisedDate: event.payload.promisedDate, estimatedDelivery: event.payload.estimatedDelivery });
      }
    },
  }),
  returnMessageHandler(deps),
];
