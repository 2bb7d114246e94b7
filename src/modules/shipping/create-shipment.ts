import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { carriers, type RateChoiceJson } from '../../platform/db/schema/index.js';
import { AppError, validation } from '../../platform/errors.js';
import { runIdempotent, type Outcome } from '../../platform/idempotency.js';
import { quoteShipping } from './quote-shipping.js';
import { tableRateAdapter } from './carriers/table-rate-adapter.js';
import { buyAggregatorLabel } from './buy-aggregator-label.js';
import { prepareShipment, writeShipment, type CarrierRow, type CreateShipmentInput, type PurchaseOutcome } from './shipment-purchase.js';
import type { ShipmentJson } from './shipments.schemas.js';

/**
 * Buys the label(s) of a packed fulfillment order: rate-shops the built-in carrier's services for its
 * parcels (cheapest meeting the promise, or of the paid level, or the fixed service), makes tracking
 * numbers and labels (PDF + ZPL), and for an international parcel the customs declaration and the
 * commercial invoice — refusing restricted goods before anything is written. An EasyPost / Shippo
 * carrier buys there (see buyAggregatorLabel: no transaction is open while the provider answers).
 * With `trackingNumber` it records a label bought outside Ordo instead.
 */
export async function createShipment(ctx: Ctx, foIdOrNumber: string, input: CreateShipmentInput, idempotencyKey?: string | undefined): Promise<Outcome<ShipmentJson> & { replayed: boolean }> {
  const [named] = input.carrier ? await ctx.db.select().from(carriers).where(eq(carriers.code, input.carrier)) : [];
  if (input.carrier && !named) throw validation([{ path: 'carrier', message: `unknown carrier ${input.carrier}` }]);
  if (named && named.adapter !== 'table_rate' && !input.trackingNumber) {
    return buyAggregatorLabel(ctx, named as CarrierRow & { adapter: 'easypost' | 'shippo' }, foIdOrNumber, input, idempotencyKey);
  }
  const at = ctx.clock.now();
  return runIdempotent(ctx, { key: idempotencyKey, route: 'POST /fulfillment-orders/:id/shipments', request: { fulfillmentOrder: foIdOrNumber, ...input } }, async (tx) => ({
    status: 201,
    body: await buyInOneTransaction(tx, ctx, at, foIdOrNumber, input, named),
  }));
}

/** The built-in carrier (labels made here) or a label bought elsewhere: nothing leaves the machine, one transaction. */
async function buyInOneTransaction(tx: Db, ctx: Ctx, at: Date, foIdOrNumber: string, input: CreateShipmentInput, named: CarrierRow | undefined): Promise<ShipmentJson> {
  const p = await prepareShipment(tx, foIdOrNumber, input);
  if (input.trackingNumber) {
    if (named!.adapter === 'table_rate') throw validation([{ path: 'trackingNumber', message: `${named!.code} labels are made by Ordo: leave trackingNumber out to buy one` }]);
    const outcome: PurchaseOutcome = {
      carrier: named!,
      service: input.service!,
      labelSource: 'external',
      chosen: null,
      alternatives: [],
      rateReason: null,
      trackingNumbers: [input.trackingNumber.toUpperCase()],
      labels: null,
      provider: null,
    };
    return writeShipment(tx, ctx, at, p, outcome);
  }
  const to = p.order.shippingAddress;
  const quote = await quoteShipping(
    tx,
    at,
    { locationCode: p.fo.locationCode, shipTo: { country: to.country, postalCode: to.postalCode, latitude: to.latitude, longitude: to.longitude, residential: !to.company }, parcels: p.parcels, promisedDate: p.promisedDate, level: input.level },
    { adapters: ['table_rate'], carrier: input.carrier, service: input.service },
  );
  if (!quote.chosen) {
    throw new AppError('business_rule', `No service can carry this shipment: ${quote.ineligible.map((i) => `${i.carrier}/${i.service}: ${i.reason}`).join('; ') || 'no active service'}`, { ineligible: quote.ineligible });
  }
  const pick = (o: (typeof quote.options)[number]): RateChoiceJson => ({ carrier: o.carrier, service: o.service, level: o.level, total: o.total, shipDate: o.shipDate, deliveryDate: o.deliveryDate, meetsPromise: o.meetsPromise });
  const chosen = pick(quote.chosen);
  const [carrier] = (await tx.select().from(carriers).where(eq(carriers.code, chosen.carrier))) as [CarrierRow];
  const builtIn = tableRateAdapter({ tx, now: at, locationCode: p.fo.locationCode, carriers: new Map([[carrier.code, carrier]]) });
  const offer = { rateId: `${carrier.code}/${chosen.service}`, providerShipmentId: null, carrier: carrier.code, service: chosen.service, price: { amount: BigInt(chosen.total.amount), currency: chosen.total.currency }, estimatedDays: null, deliveryDate: chosen.deliveryDate };
  const bought = await builtIn.buyLabel(offer, p.shipment);
  return writeShipment(tx, ctx, at, p, {
    carrier,
    service: chosen.service,
    labelSource: 'ordo',
    chosen,
    alternatives: quote.options.map(pick),
    rateReason: quote.reason,
    trackingNumbers: bought.trackingNumbers,
    labels: { pdf: bought.labelPdf, parcels: bought.parcels },
    provider: null,
  });
}
