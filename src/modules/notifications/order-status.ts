import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { notificationMessages } from '../../platform/db/schema/index.js';
import { findOrderIdByNumber, getOrderJson } from '../orders/index.js';
import { getOrderPromise, getShipmentJson, listShipments } from '../shipping/index.js';
import { getLocation } from '../locations/index.js';
import type { TemplateData } from '../../domain/notifications/templates.js';
import type { OpeningRange } from '../../domain/locations/opening-hours.js';

/** What the public status page shows: nothing beyond what the customer's own e-mails say. */
export interface OrderStatusView {
  number: string;
  status: string;
  placedAt: string;
  customerName: string;
  country: string | null;
  /** The language tag the order was placed with, if any. */
  locale: string | null;
  items: Array<{ name: string; quantity: number; shipped: number; delivered: number; cancelled: number }>;
  promisedDate: string | null;
  shipments: Array<{
    number: string;
    carrier: string;
    status: string;
    trackingNumbers: string[];
    estimatedDelivery: string | null;
    deliveredAt: string | null;
    timeline: Array<{ status: string; message: string | null; location: string | null; at: string }>;
  }>;
  pickup: { location: string; code: string | null; expiresAt: string | null; hours: OpeningRange[] } | null;
}

const norm = (s: unknown) => String(s ?? '').replace(/\s+/g, '').toUpperCase();

/**
 * The order a customer means: its number plus the e-mail or the postal code it was placed with. Null
 * for a wrong number and for a right number with the wrong e-mail alike (the answer must not tell).
 */
export async function lookupOrder(db: Db, input: { orderNumber: string; email?: string | undefined; postalCode?: string | undefined }): Promise<string | null> {
  const id = await findOrderIdByNumber(db, input.orderNumber);
  if (!id) return null;
  const o = await getOrderJson(db, id);
  const byEmail = input.email !== undefined && o.customer.email.trim().toLowerCase() === input.email.trim().toLowerCase();
  const byPostal = input.postalCode !== undefined && norm(input.postalCode) !== '' && norm(o.shippingAddress?.postalCode) === norm(input.postalCode);
  return byEmail || byPostal ? id : null;
}

export async function orderStatusView(db: Db, orderId: string): Promise<OrderStatusView> {
  const o = await getOrderJson(db, orderId);
  const { items } = await listShipments(db, { orderId, limit: 50 });
  const shipments = [];
  for (const s of items.filter((x) => x.status !== 'voided')) {
    const full = await getShipmentJson(db, s.id);
    shipments.push({
      number: s.number,
      carrier: s.carrier,
      status: s.status,
      trackingNumbers: s.trackingNumbers,
      estimatedDelivery: s.estimatedDelivery,
      deliveredAt: s.deliveredAt,
      timeline: full.timeline.map((e) => ({ status: e.status, message: e.message, location: e.location, at: e.at })),
    });
  }
  const promise = await getOrderPromise(db, orderId).catch(() => null);
  let pickup: OrderStatusView['pickup'] = null;
  if (o.delivery.method === 'pickup') {
    const loc = await getLocation(db, o.delivery.locationCode).catch(() => null);
    // The code the customer was sent (stored only as a hash by fulfillment; our message keeps what was sent).
    const [ready] = await db
      .select({ data: notificationMessages.data })
      .from(notificationMessages)
      .where(and(eq(notificationMessages.orderId, orderId), eq(notificationMessages.template, 'ready_for_pickup')))
      .orderBy(desc(notificationMessages.createdAt))
      .limit(1);
    const p = (ready?.data as unknown as TemplateData | undefined)?.pickup;
    const open = !['delivered', 'cancelled'].includes(o.status);
    pickup = { location: loc?.name ?? o.delivery.locationCode, code: open && p ? p.code : null, expiresAt: open && p ? p.expiresAt : null, hours: loc?.openingHours ?? [] };
  }
  return {
    number: o.number,
    status: o.status,
    placedAt: o.placedAt,
    customerName: o.customer.name,
    locale: o.locale ?? null,
    country: typeof o.shippingAddress?.country === 'string' ? o.shippingAddress.country : null,
    items: o.lines.map((l) => ({ name: l.name, quantity: l.quantity, shipped: l.quantities.shipped, delivered: l.quantities.delivered, cancelled: l.quantities.cancelled })),
    promisedDate: promise?.promisedDate ?? null,
    shipments,
    pickup,
  };
}
