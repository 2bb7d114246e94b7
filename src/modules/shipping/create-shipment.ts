import { and, eq, gt, inArray, ne, sql } from 'drizzle-orm';
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
import { runIdempotent, type Outcome } from '../../platform/idempotency.js';
import type { Declaration } from '../../domain/shipping/customs.js';
import { buildDeclaration } from './customs.service.js';
import { quoteShipping } from './quote-shipping.js';
import { commercialInvoicePdf } from './documents/commercial-invoice-pdf.js';
import { labelAddress } from './shipment-labels.js';
import { CarrierApiError, type CarrierAdapter, type CarrierShipment } from './carriers/adapter.js';
import { tableRateAdapter } from './carriers/table-rate-adapter.js';
import { shopOffers } from '../../domain/shipping/offer-shop.js';
import { shipDate } from '../../domain/shipping/promise.js';
import { getShippingProfile, shipFromOf } from './shipping-profiles.js';
import { moneyJson } from '../../platform/http/schemas.js';
import { shipmentJson } from './shipments.repository.js';
import type { createShipmentBody, ShipmentJson } from './shipments.schemas.js';
import type { DeclarationJson } from './shipping.schemas.js';
import { isUuid } from '../../platform/ids.js';

type Input = z.output<typeof createShipmentBody>;

/** Locks the order, then the fulfillment order (the lock order every fulfillment writer follows). */
async function lockFulfillment(tx: Db, idOrNumber: string) {
  const where = isUuid(idOrNumber) ? eq(fulfillmentOrders.id, idOrNumber) : eq(fulfillmentOrders.number, idOrNumber.toUpperCase());
  const [head] = await tx.select({ orderId: fulfillmentOrders.orderId }).from(fulfillmentOrders).where(where);
  if (!head) throw notFound('Fulfillment order', idOrNumber);
  const [order] = await tx.select().from(orders).where(eq(orders.id, head.orderId)).for('update');
  const [fo] = await tx.select().from(fulfillmentOrders).where(where).for('update');
  return { order: order!, fo: fo! };
}

/**
 * Buys the label(s) of a packed fulfillment order: rate-shops the built-in carrier's services for its
 * parcels (cheapest meeting the promise, or of the paid level, or the fixed service), makes tracking
 * numbers and labels (PDF + ZPL), and for an international parcel the customs declaration and the
 * commercial invoice — refusing restricted goods before anything is written. With `trackingNumber`
 * it records a label bought outside Ordo (EasyPost / Shippo carriers) instead.
 */
export async function createShipment(ctx: Ctx, foIdOrNumber: string, input: Input, idempotencyKey?: string | undefined): Promise<Outcome<ShipmentJson> & { replayed: boolean }> {
  const at = ctx.clock.now();
  // A label bought from an aggregator whose shipment then fails to commit is refunded (best effort).
  const bought: { current: { adapter: CarrierAdapter; providerLabelId: string; trackingNumber: string } | null } = { current: null };
  const onBought = (b: NonNullable<typeof bought.current>) => {
    bought.current = b;
  };
  try {
    return await runIdempotent(ctx, { key: idempotencyKey, route: 'POST /fulfillment-orders/:id/shipments', request: { fulfillmentOrder: foIdOrNumber, ...input } }, (tx) => buy(tx, ctx, at, foIdOrNumber, input, onBought));
  } catch (e) {
    const b = bought.current;
    if (b) await b.adapter.voidLabel({ providerLabelId: b.providerLabelId, trackingNumber: b.trackingNumber }).catch(() => undefined);
    throw e;
  }
}

/** A carrier API failure becomes a 502 problem naming the provider. */
export async function carrierCall<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof CarrierApiError) throw new AppError('carrier_error', e.message, { provider: e.provider, providerStatus: e.status });
    throw e;
  }
}

async function buy(
  tx: Db,
  ctx: Ctx,
  at: Date,
  foIdOrNumber: string,
  input: Input,
  onBought: (b: { adapter: CarrierAdapter; providerLabelId: string; trackingNumber: string }) => void,
): Promise<Outcome<ShipmentJson>> {
  {
    const { order, fo } = await lockFulfillment(tx, foIdOrNumber);
    if (fo.type !== 'ship') throw new AppError('business_rule', `${fo.number} is a store pickup: it gets no shipping label`, { reason: 'pickup_order' });
    if (fo.status !== 'packed') throw new AppError('illegal_transition', `${fo.number} is ${fo.status}: only a packed fulfillment order gets a label`, { from: fo.status });
    const [active] = await tx.select({ number: shipments.number, status: shipments.status }).from(shipments).where(and(eq(shipments.fulfillmentOrderId, fo.id), ne(shipments.status, 'voided')));
    if (active) throw new AppError('conflict', `${fo.number} already has shipment ${active.number} (${active.status}); void it to buy a new label`, { shipment: active.number });

    const [pkg] = await tx.select().from(fulfillmentPackages).where(eq(fulfillmentPackages.fulfillmentOrderId, fo.id));
    const parcels = input.parcels ?? (pkg ? [{ weightGrams: pkg.weightGrams, lengthMm: pkg.lengthMm, widthMm: pkg.widthMm, heightMm: pkg.heightMm }] : null);
    if (!parcels) throw validation([{ path: 'parcels', message: `${fo.number} has no package: give the parcels` }]);
    const [loc] = await tx.select().from(locations).where(eq(locations.code, fo.locationCode));
    const to = order.shippingAddress;
    const fromCountry = loc!.address.country;

    // Customs first: a refused or undeclarable parcel stops here, before any write.
    let customs: { declaration: Declaration; json: DeclarationJson; shipping: bigint } | null = null;
    if (to.country !== fromCountry) customs = await declarationFor(tx, { fo, order, parcels, incoterm: input.incoterm });

    const [promise] = await tx.select().from(orderPromises).where(eq(orderPromises.orderId, order.id));
    const promisedDate = input.promisedDate ?? promise?.promisedDate;

    let carrier: typeof carriers.$inferSelect;
    let service: string;
    let chosen: RateChoiceJson | null = null;
    let alternatives: RateChoiceJson[] = [];
    let rateReason: string | null = null;
    const [named] = input.carrier ? await tx.select().from(carriers).where(eq(carriers.code, input.carrier)) : [];
    if (input.carrier && !named) throw validation([{ path: 'carrier', message: `unknown carrier ${input.carrier}` }]);
    const [n] = await queryRows<{ n: string }>(tx, sql`select nextval('shipment_number_seq')::text as n`);
    const number = `SH-${n!.n.padStart(6, '0')}`;
    const shipment: CarrierShipment = {
      reference: `${order.number} ${number}`,
      from: { ...labelAddress(loc!.address, loc!.name), name: loc!.address.name ?? loc!.name, phone: loc!.address.phone },
      to: { ...labelAddress(to, order.customerName), name: to.name ?? order.customerName, phone: to.phone, latitude: to.latitude, longitude: to.longitude },
      parcels,
    };
    let trackingNumbers: string[] = [];
    let labels: { pdf: Buffer; parcels: Array<{ pdf: Buffer; zpl: string | null }> } | null = null;
    let provider: { labelId: string; labelUrl: string | null } | null = null;
    if (input.trackingNumber) {
      if (named!.adapter === 'table_rate') throw validation([{ path: 'trackingNumber', message: `${named!.code} labels are made by Ordo: leave trackingNumber out to buy one` }]);
      carrier = named!;
      service = input.service!;
      trackingNumbers = [input.trackingNumber.toUpperCase()];
    } else if (named && named.adapter !== 'table_rate') {
      // EasyPost / Shippo: the aggregator's rates are the offers; the chosen one is bought there.
      const adapter = ctx.carrierApis?.[named.adapter];
      if (!adapter) throw new AppError('unavailable', `${named.adapter} label purchase is not configured: set ${named.adapter === 'easypost' ? 'EASYPOST_API_KEY' : 'SHIPPO_API_KEY'}`);
      if (parcels.length !== 1) throw validation([{ path: 'parcels', message: `${named.adapter} buys one parcel per label: give one parcel` }]);
      const offers = await carrierCall(() => adapter.rates(shipment));
      const ship = shipDate(at, shipFromOf(await getShippingProfile(tx, fo.locationCode)));
      const shop = shopOffers({
        offers: offers.map((o) => ({ rateId: o.rateId, carrier: o.carrier, service: o.service, amount: o.price.amount, currency: o.price.currency, estimatedDays: o.estimatedDays, deliveryDate: o.deliveryDate })),
        shipDate: ship.shipDate,
        promisedDate,
        service: input.service,
      });
      if (!shop.chosen) throw new AppError('business_rule', `No ${named.adapter} rate for this shipment: ${shop.reason}`, { errors: [{ path: input.service ? 'service' : 'carrier', message: shop.reason }] });
      const pick = (o: (typeof shop.options)[number]): RateChoiceJson => ({
        carrier: named.code,
        service: o.service,
        level: 'aggregator',
        total: moneyJson({ amount: o.amount, currency: o.currency }),
        shipDate: ship.shipDate,
        deliveryDate: o.deliveryDate ?? '',
        meetsPromise: o.meetsPromise,
      });
      chosen = pick(shop.chosen);
      alternatives = shop.options.map(pick);
      rateReason = `${shop.reason} (${shop.chosen.carrier} via ${named.adapter})`;
      const offer = offers.find((o) => o.rateId === shop.chosen!.rateId)!;
      const bought = await carrierCall(() => adapter.buyLabel(offer, shipment));
      onBought({ adapter, providerLabelId: bought.providerLabelId, trackingNumber: bought.trackingNumbers[0]! });
      chosen.total = moneyJson(bought.cost);
      carrier = named;
      service = chosen.service;
      trackingNumbers = bought.trackingNumbers;
      labels = { pdf: bought.labelPdf, parcels: [{ pdf: bought.labelPdf, zpl: null }] };
      provider = { labelId: bought.providerLabelId, labelUrl: bought.labelUrl };
    } else {
      const quote = await quoteShipping(
        tx,
        at,
        { locationCode: fo.locationCode, shipTo: { country: to.country, postalCode: to.postalCode, latitude: to.latitude, longitude: to.longitude, residential: !to.company }, parcels, promisedDate, level: input.level },
        { adapters: ['table_rate'], carrier: input.carrier, service: input.service },
      );
      if (!quote.chosen) {
        throw new AppError('business_rule', `No service can carry this shipment: ${quote.ineligible.map((i) => `${i.carrier}/${i.service}: ${i.reason}`).join('; ') || 'no active service'}`, { ineligible: quote.ineligible });
      }
      const pick = (o: (typeof quote.options)[number]): RateChoiceJson => ({ carrier: o.carrier, service: o.service, level: o.level, total: o.total, shipDate: o.shipDate, deliveryDate: o.deliveryDate, meetsPromise: o.meetsPromise });
      chosen = pick(quote.chosen);
      alternatives = quote.options.map(pick);
      rateReason = quote.reason;
      [carrier] = (await tx.select().from(carriers).where(eq(carriers.code, chosen.carrier))) as [typeof carriers.$inferSelect];
      service = chosen.service;
      const builtIn = tableRateAdapter({ tx, now: at, locationCode: fo.locationCode, carriers: new Map([[carrier.code, carrier]]) });
      const offer = { rateId: `${carrier.code}/${service}`, providerShipmentId: null, carrier: carrier.code, service, price: { amount: BigInt(chosen.total.amount), currency: chosen.total.currency }, estimatedDays: null, deliveryDate: chosen.deliveryDate };
      const bought = await builtIn.buyLabel(offer, shipment);
      trackingNumbers = bought.trackingNumbers;
      labels = { pdf: bought.labelPdf, parcels: bought.parcels };
    }

    const invoice = customs
      ? await commercialInvoicePdf(customs.declaration, {
          invoiceNumber: `CI-${number}`,
          orderNumber: order.number,
          date: at.toISOString().slice(0, 10),
          currency: customs.json.currency,
          shipping: customs.shipping,
          exporter: labelAddress(loc!.address, loc!.name),
          consignee: labelAddress(to, order.customerName),
          reasonForExport: 'Sale of goods',
          trackingNumber: trackingNumbers[0],
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
        carrierCode: carrier.code,
        serviceCode: service,
        labelSource: input.trackingNumber ? 'external' : 'ordo',
        status: 'label_purchased',
        promisedDate: promisedDate ?? null,
        shipDate: chosen?.shipDate ?? null,
        estimatedDelivery: chosen?.deliveryDate || null,
        costAmount: chosen ? BigInt(chosen.total.amount) : null,
        costCurrency: chosen?.total.currency ?? null,
        rateReason,
        chosenRate: chosen,
        alternatives,
        customs: customs ? (customs.json as unknown as Record<string, unknown>) : null,
        commercialInvoicePdf: invoice,
        labelPdf: labels?.pdf ?? null,
        providerLabelId: provider?.labelId ?? null,
        labelUrl: provider?.labelUrl ?? null,
        createdAt: at,
        updatedAt: at,
      })
      .returning();
    await tx.insert(shipmentParcels).values(
      parcels.map((p, i) => ({ id: ctx.newId(), shipmentId: id, seq: i + 1, ...p, trackingNumber: trackingNumbers[i]!, labelPdf: labels?.parcels[i]!.pdf ?? null, labelZpl: labels?.parcels[i]!.zpl ?? null })),
    );
    const payload = {
      shipmentId: id,
      number,
      orderId: order.id,
      fulfillmentOrderId: fo.id,
      locationCode: fo.locationCode,
      carrier: carrier.code,
      service,
      labelSource: input.trackingNumber ? 'external' : 'ordo',
      trackingNumbers,
      promisedDate: promisedDate ?? null,
      estimatedDelivery: chosen?.deliveryDate || null,
      cost: chosen?.total ?? null,
      international: customs !== null,
    };
    await recordAudit(tx, { ...ctx, at }, { action: 'shipment.label_purchased', entityType: 'shipment', entityId: id, after: payload });
    await enqueueEvents(tx, { ...ctx, at }, [{ type: 'shipment.label_purchased', aggregateType: 'shipment', aggregateId: id, payload }]);
    return { status: 201, body: await shipmentJson(tx, row!) };
  }
}

/** The customs declaration of a fulfillment order's picked units, valued at the order's prices. */
async function declarationFor(
  tx: Db,
  i: { fo: typeof fulfillmentOrders.$inferSelect; order: typeof orders.$inferSelect; parcels: Array<{ weightGrams: number }>; incoterm: 'DDP' | 'DAP' | undefined },
) {
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
    throw e;
  }
}
