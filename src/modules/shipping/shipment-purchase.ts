import { and, asc, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import {
  carriers,
  fulfillmentLines,
  fulfillmentOrders,
  fulfillmentPackages,
  locations,
  orderLines,
  orderPromises,
  orders,
  products,
  shipmentParcels,
  shipments,
  type RateChoiceJson,
} from '../../platform/db/schema/index.js';
import { queryRows } from '../../platform/db/query.js';
import { AppError, notFound, validation } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { isUuid } from '../../platform/ids.js';
import type { Declaration } from '../../domain/shipping/customs.js';
import { buildDeclaration } from './customs.service.js';
import { commercialInvoicePdf } from './documents/commercial-invoice-pdf.js';
import { labelAddress } from './shipment-labels.js';
import { shipmentJson } from './shipments.repository.js';
import type { CarrierParcel, CarrierShipment } from './carriers/adapter.js';
import type { createShipmentBody, ShipmentJson } from './shipments.schemas.js';
import type { DeclarationJson } from './shipping.schemas.js';
import { newEvent } from '../../platform/events/define.js';
import { shipmentLabelPurchased } from './shipping.events.js';

export type CreateShipmentInput = z.output<typeof createShipmentBody>;
type OrderRow = typeof orders.$inferSelect;
type FoRow = typeof fulfillmentOrders.$inferSelect;
type LocationRow = typeof locations.$inferSelect;
export type CarrierRow = typeof carriers.$inferSelect;
export type Customs = { declaration: Declaration; json: DeclarationJson; shipping: bigint };

/** Locks the order, then the fulfillment order (the lock order every fulfillment writer follows). */
export async function lockFulfillment(tx: Db, idOrNumber: string): Promise<{ order: OrderRow; fo: FoRow }> {
  const where = isUuid(idOrNumber) ? eq(fulfillmentOrders.id, idOrNumber) : eq(fulfillmentOrders.number, idOrNumber.toUpperCase());
  const [head] = await tx.select({ orderId: fulfillmentOrders.orderId }).from(fulfillmentOrders).where(where);
  if (!head) throw notFound('Fulfillment order', idOrNumber);
  const [order] = await tx.select().from(orders).where(eq(orders.id, head.orderId)).for('update');
  const [fo] = await tx.select().from(fulfillmentOrders).where(where).for('update');
  return { order: order!, fo: fo! };
}

/** A packed ship-to fulfillment order with no live shipment: the only one a label can be bought for. */
export async function assertLabelable(tx: Db, fo: FoRow): Promise<void> {
  if (fo.type !== 'ship') throw new AppError('business_rule', `${fo.number} is a store pickup: it gets no shipping label`, { reason: 'pickup_order' });
  if (fo.status !== 'packed') throw new AppError('illegal_transition', `${fo.number} is ${fo.status}: only a packed fulfillment order gets a label`, { from: fo.status });
  const [active] = await tx.select({ number: shipments.number, status: shipments.status }).from(shipments).where(and(eq(shipments.fulfillmentOrderId, fo.id), ne(shipments.status, 'voided')));
  if (active) throw new AppError('conflict', `${fo.number} already has shipment ${active.number} (${active.status}); void it to buy a new label`, { shipment: active.number });
}

/** Everything a purchase needs, read under the order's and fulfillment order's locks. */
export interface PreparedShipment {
  order: OrderRow;
  fo: FoRow;
  loc: LocationRow;
  parcels: CarrierParcel[];
  customs: Customs | null;
  promisedDate: string | undefined;
  number: string;
  shipment: CarrierShipment;
}

/**
 * Locks and checks the fulfillment order, takes the parcels (given, or the packed packages), builds
 * the customs declaration of an international parcel — refusing restricted or undeclarable goods
 * before anything is written — and numbers the shipment.
 */
export async function prepareShipment(tx: Db, foIdOrNumber: string, input: CreateShipmentInput): Promise<PreparedShipment> {
  const { order, fo } = await lockFulfillment(tx, foIdOrNumber);
  await assertLabelable(tx, fo);
  // Default parcels: every packed package, in order (one label and tracking number each).
  const packed = await tx.select().from(fulfillmentPackages).where(eq(fulfillmentPackages.fulfillmentOrderId, fo.id)).orderBy(asc(fulfillmentPackages.seq));
  const parcels = input.parcels ?? (packed.length ? packed.map((pkg) => ({ weightGrams: pkg.weightGrams, lengthMm: pkg.lengthMm, widthMm: pkg.widthMm, heightMm: pkg.heightMm })) : null);
  if (!parcels) throw validation([{ path: 'parcels', message: `${fo.number} has no package: give the parcels` }]);
  const [loc] = await tx.select().from(locations).where(eq(locations.code, fo.locationCode));
  const to = order.shippingAddress;
  // Customs first: a refused or undeclarable parcel stops here, before any write.
  const customs = to.country !== loc!.address.country ? await declarationFor(tx, { fo, order, parcels, incoterm: input.incoterm }) : null;
  const [promise] = await tx.select().from(orderPromises).where(eq(orderPromises.orderId, order.id));
  const [n] = await queryRows<{ n: string }>(tx, sql`select nextval('shipment_number_seq')::text as n`);
  const number = `SH-${n!.n.padStart(6, '0')}`;
  const shipment: CarrierShipment = {
    reference: `${order.number} ${number}`,
    from: { ...labelAddress(loc!.address, loc!.name), name: loc!.address.name ?? loc!.name, phone: loc!.address.phone },
    to: { ...labelAddress(to, order.customerName), name: to.name ?? order.customerName, phone: to.phone, latitude: to.latitude, longitude: to.longitude },
    parcels,
  };
  return { order, fo, loc: loc!, parcels, customs, promisedDate: input.promisedDate ?? promise?.promisedDate, number, shipment };
}

/** What was bought: the carrier's service, the rate choice, one tracking number (and label) per parcel. */
export interface PurchaseOutcome {
  carrier: CarrierRow;
  service: string;
  labelSource: 'ordo' | 'external';
  chosen: RateChoiceJson | null;
  alternatives: RateChoiceJson[];
  rateReason: string | null;
  trackingNumbers: string[];
  labels: { pdf: Buffer; parcels: Array<{ pdf: Buffer; zpl: string | null; providerLabelId?: string | null }> } | null;
  provider: { labelId: string; labelUrl: string | null } | null;
}

/**
 * Writes the shipment, its parcels, the commercial invoice of an international parcel, the audit
 * entry and `shipment.label_purchased`, in the caller's transaction.
 */
export async function writeShipment(tx: Db, ctx: Ctx, at: Date, p: Omit<PreparedShipment, 'shipment'>, o: PurchaseOutcome): Promise<ShipmentJson> {
  const { order, fo, loc, customs, number, parcels, promisedDate } = p;
  const to = order.shippingAddress;
  const invoice = customs
    ? await commercialInvoicePdf(customs.declaration, {
        invoiceNumber: `CI-${number}`,
        orderNumber: order.number,
        date: at.toISOString().slice(0, 10),
        currency: customs.json.currency,
        shipping: customs.shipping,
        exporter: labelAddress(loc.address, loc.name),
        consignee: labelAddress(to, order.customerName),
        reasonForExport: 'Sale of goods',
        trackingNumber: o.trackingNumbers[0],
      })
    : null;
  const id = ctx.newId();
  const [row] = await tx
    .insert(shipments)
    .values({
      id,
      number,
      fulfillmentOrderId: fo.id,
      orderId: order.id,
      locationCode: fo.locationCode,
      carrierCode: o.carrier.code,
      serviceCode: o.service,
      labelSource: o.labelSource,
      status: 'label_purchased',
      promisedDate: promisedDate ?? null,
      shipDate: o.chosen?.shipDate ?? null,
      estimatedDelivery: o.chosen?.deliveryDate || null,
      costAmount: o.chosen ? BigInt(o.chosen.total.amount) : null,
      costCurrency: o.chosen?.total.currency ?? null,
      rateReason: o.rateReason,
      chosenRate: o.chosen,
      alternatives: o.alternatives,
      customs: customs ? (customs.json as unknown as Record<string, unknown>) : null,
      commercialInvoicePdf: invoice,
      labelPdf: o.labels?.pdf ?? null,
      providerLabelId: o.provider?.labelId ?? null,
      labelUrl: o.provider?.labelUrl ?? null,
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  await tx.insert(shipmentParcels).values(
    parcels.map((parcel, i) => ({
      id: ctx.newId(),
      shipmentId: id,
      seq: i + 1,
      ...parcel,
      trackingNumber: o.trackingNumbers[i]!,
      labelPdf: o.labels?.parcels[i]!.pdf ?? null,
      labelZpl: o.labels?.parcels[i]!.zpl ?? null,
      providerLabelId: o.labels?.parcels[i]!.providerLabelId ?? null,
    })),
  );
  const payload = {
    shipmentId: id,
    number,
    orderId: order.id,
    fulfillmentOrderId: fo.id,
    locationCode: fo.locationCode,
    carrier: o.carrier.code,
    service: o.service,
    labelSource: o.labelSource,
    trackingNumbers: o.trackingNumbers,
    promisedDate: promisedDate ?? null,
    estimatedDelivery: o.chosen?.deliveryDate || null,
    cost: o.chosen?.total ?? null,
    international: customs !== null,
  };
  await recordAudit(tx, { ...ctx, at }, { action: 'shipment.label_purchased', entityType: 'shipment', entityId: id, after: payload });
  await enqueueEvents(tx, { ...ctx, at }, [newEvent(shipmentLabelPurchased, id, payload)]);
  return shipmentJson(tx, row!);
}

/** The customs declaration of a fulfillment order's picked units, valued at the order's prices. */
export async function declarationFor(tx: Db, i: { fo: FoRow; order: OrderRow; parcels: Array<{ weightGrams: number }>; incoterm: 'DDP' | 'DAP' | undefined }): Promise<Customs> {
  const lines = await tx
    .select({ sku: fulfillmentLines.sku, quantity: fulfillmentLines.picked, unitPrice: orderLines.unitPriceAmount })
    .from(fulfillmentLines)
    .innerJoin(orderLines, eq(orderLines.id, fulfillmentLines.orderLineId))
    .where(and(eq(fulfillmentLines.fulfillmentOrderId, i.fo.id), gt(fulfillmentLines.picked, 0)))
    .orderBy(orderLines.lineNo);
  const weights = await tx.select({ sku: products.sku, w: products.weightGrams }).from(products).where(inArray(products.sku, lines.map((l) => l.sku)));
  const content = lines.reduce((s, l) => s + (weights.find((w) => w.sku === l.sku)?.w ?? 0) * l.quantity, 0);
  const gross = i.parcels.reduce((s, p) => s + p.weightGrams, 0);
  try {
    return await buildDeclaration(tx, {
      country: i.order.shippingAddress.country,
      currency: i.order.currency,
      lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitValue: Number(l.unitPrice) })),
      shipping: Number(i.order.shippingAmount),
      packagingWeightGrams: Math.max(0, gross - content),
      incoterm: i.incoterm,
    });
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') {
      const c = i.order.shippingAddress.country;
      throw new AppError('business_rule', `No customs profile for ${c}: set one with PUT /customs/destinations/${c} before shipping there`, { errors: [{ path: 'shippingAddress.country', message: `no customs profile for ${c}` }] });
    }
    const fx = e instanceof AppError ? (e.extra.fx as { from: string; to: string } | undefined) : undefined;
    if (fx) {
      // The label request has no currency field: say what to configure instead of naming one.
      throw new AppError('business_rule', `No exchange rate ${fx.from}→${fx.to} for the customs declaration: set one with PUT /fx-rates/${fx.from}/${fx.to} before shipping there`, { fx });
    }
    throw e;
  }
}
