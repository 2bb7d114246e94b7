import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import { carriers, locations, shipments, type RateChoiceJson } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { runIdempotent, type Outcome } from '../../platform/idempotency.js';
import { moneyJson } from '../../platform/http/schemas.js';
import { shopOffers } from '../../domain/shipping/offer-shop.js';
import { shipDate } from '../../domain/shipping/promise.js';
import { getShippingProfile, shipFromOf } from './shipping-profiles.js';
import { shipmentJson } from './shipments.repository.js';
import { CarrierApiError, type CarrierAdapter, type CarrierShipment, type PurchasedLabel } from './carriers/adapter.js';
import { declarationFor, lockFulfillment, assertLabelable, prepareShipment, writeShipment, type CarrierRow, type CreateShipmentInput } from './shipment-purchase.js';
import { abandonLabelOperation, errorOf, finishLabelOperation, loadLabelOperation, recordProgress, reserveLabelOperation, storedError } from './label-operations.js';
import type { ShipmentJson } from './shipments.schemas.js';

/** What the purchase needs once the transaction that reserved it has committed (stored as JSON). */
interface PurchaseRequest {
  [k: string]: unknown;
  adapter: 'easypost' | 'shippo';
  number: string;
  shipment: CarrierShipment;
  shipDate: string;
  promisedDate: string | null;
  service: string | null;
  incoterm: 'DDP' | 'DAP' | null;
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

/** The adapter of an aggregator carrier, or 503 naming the environment variable that enables it. */
export function aggregatorOf(ctx: Pick<Ctx, 'carrierApis'>, kind: 'easypost' | 'shippo'): CarrierAdapter {
  const adapter = ctx.carrierApis?.[kind];
  if (!adapter) throw new AppError('unavailable', `${kind} label purchase is not configured: set ${kind === 'easypost' ? 'EASYPOST_API_KEY' : 'SHIPPO_API_KEY'}`);
  return adapter;
}

/**
 * Buys a label through EasyPost or Shippo without holding a database transaction open while the
 * provider answers: (1) under the order's and fulfillment order's locks, check everything (customs
 * refusals included), number the shipment and reserve a label operation — one per fulfillment order
 * at a time; with an Idempotency-Key the reservation is what the key stores; (2) rate-shop the
 * provider's offers and buy the chosen one (every parcel: a multi-piece purchase), recording the
 * bought labels as soon as the provider answers; (3) write the shipment under the locks again. If
 * (2) or (3) fails, the bought labels are refunded and the operation fails with the problem the
 * caller gets; a crash between the steps is cleaned up by the label sweep.
 */
export async function buyAggregatorLabel(
  ctx: Ctx,
  carrier: CarrierRow & { adapter: 'easypost' | 'shippo' },
  foIdOrNumber: string,
  input: CreateShipmentInput,
  idempotencyKey: string | undefined,
): Promise<Outcome<ShipmentJson> & { replayed: boolean }> {
  const adapter = aggregatorOf(ctx, carrier.adapter);
  const reserved = await runIdempotent(ctx, { key: idempotencyKey, route: 'POST /fulfillment-orders/:id/shipments', request: { fulfillmentOrder: foIdOrNumber, ...input } }, async (tx) => {
    const at = ctx.clock.now();
    const p = await prepareShipment(tx, foIdOrNumber, input);
    const ship = shipDate(at, shipFromOf(await getShippingProfile(tx, p.fo.locationCode)));
    const request: PurchaseRequest = {
      adapter: carrier.adapter,
      number: p.number,
      shipment: p.shipment,
      shipDate: ship.shipDate,
      promisedDate: p.promisedDate ?? null,
      service: input.service ?? null,
      incoterm: input.incoterm ?? null,
    };
    const opId = await reserveLabelOperation(tx, { ...ctx, at }, { kind: 'purchase', fulfillmentOrderId: p.fo.id, fulfillmentNumber: p.fo.number, carrierCode: carrier.code, request });
    await recordAudit(tx, { ...ctx, at }, { action: 'shipment.label_requested', entityType: 'fulfillment_order', entityId: p.fo.id, after: { operationId: opId, carrier: carrier.code, number: p.number } });
    return { status: 201, body: { operationId: opId } };
  });
  const opId = reserved.body.operationId;
  if (!reserved.replayed) await executePurchase(ctx, adapter, carrier, opId);
  const op = await loadLabelOperation(ctx.db, opId);
  if (op?.status === 'succeeded' && op.shipmentId) {
    const [row] = await ctx.db.select().from(shipments).where(eq(shipments.id, op.shipmentId));
    return { status: 201, body: await shipmentJson(ctx.db, row!), replayed: reserved.replayed };
  }
  if (op?.status === 'failed') throw errorOf(op);
  throw new AppError('conflict', 'The label purchase with this Idempotency-Key is still in progress; retry');
}

/** Step 2 and 3: shop and buy at the provider (no transaction open), then record; refund on any failure. */
async function executePurchase(ctx: Ctx, adapter: CarrierAdapter, carrier: CarrierRow, opId: string): Promise<void> {
  const op = (await loadLabelOperation(ctx.db, opId))!;
  const req = op.request as PurchaseRequest;
  let bought: PurchasedLabel | null = null;
  try {
    const offers = await carrierCall(() => adapter.rates(req.shipment));
    const shop = shopOffers({
      offers: offers.map((o) => ({ rateId: o.rateId, carrier: o.carrier, service: o.service, amount: o.price.amount, currency: o.price.currency, estimatedDays: o.estimatedDays, deliveryDate: o.deliveryDate })),
      shipDate: req.shipDate,
      promisedDate: req.promisedDate ?? undefined,
      service: req.service ?? undefined,
    });
    if (!shop.chosen) throw new AppError('business_rule', `No ${carrier.adapter} rate for this shipment: ${shop.reason}`, { errors: [{ path: req.service ? 'service' : 'carrier', message: shop.reason }] });
    const pick = (o: (typeof shop.options)[number]): RateChoiceJson => ({
      carrier: carrier.code,
      service: o.service,
      level: 'aggregator',
      total: moneyJson({ amount: o.amount, currency: o.currency }),
      shipDate: req.shipDate,
      deliveryDate: o.deliveryDate ?? '',
      meetsPromise: o.meetsPromise,
    });
    const chosen = pick(shop.chosen);
    const alternatives = shop.options.map(pick);
    const offer = offers.find((o) => o.rateId === shop.chosen!.rateId)!;
    await recordProgress(ctx.db, opId, { providerShipmentId: offer.providerShipmentId });
    const sold = await carrierCall(() => adapter.buyLabel(offer, req.shipment));
    bought = sold;
    await recordProgress(ctx.db, opId, { labels: sold.labels.map((l) => ({ providerLabelId: l.providerLabelId, trackingNumber: l.trackingNumber })) });
    chosen.total = moneyJson(sold.cost);
    await recordPurchase(ctx, carrier, opId, { bought: sold, chosen, alternatives, rateReason: `${shop.reason} (${shop.chosen.carrier} via ${carrier.adapter})` });
  } catch (e) {
    const held = (bought as PurchasedLabel | null)?.labels.map((l) => ({ providerLabelId: l.providerLabelId, trackingNumber: l.trackingNumber })) ?? [];
    await abandonLabelOperation(ctx, adapter, opId, storedError(e), held);
    throw e;
  }
}

/** Step 3: the shipment is written only if the fulfillment order is still packed and the operation still ours. */
async function recordPurchase(
  ctx: Ctx,
  carrier: CarrierRow,
  opId: string,
  r: { bought: PurchasedLabel; chosen: RateChoiceJson; alternatives: RateChoiceJson[]; rateReason: string },
): Promise<void> {
  const at = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const peek = await loadLabelOperation(tx, opId);
    const { order, fo } = await lockFulfillment(tx, peek!.fulfillmentOrderId);
    const op = await loadLabelOperation(tx, opId, { lock: true });
    if (!op || op.status !== 'pending') throw new AppError('conflict', `The label purchase for ${fo.number} was abandoned while the provider answered; buy again`);
    await assertLabelable(tx, fo);
    const req = op.request as PurchaseRequest;
    const customs = order.shippingAddress.country !== req.shipment.from.country ? await declarationFor(tx, { fo, order, parcels: req.shipment.parcels, incoterm: req.incoterm ?? undefined }) : null;
    const [loc] = await tx.select().from(locations).where(eq(locations.code, fo.locationCode));
    const [row] = await tx.select().from(carriers).where(eq(carriers.code, carrier.code));
    const json = await writeShipment(
      tx,
      ctx,
      at,
      { order, fo, loc: loc!, parcels: req.shipment.parcels, customs, promisedDate: req.promisedDate ?? undefined, number: req.number },
      {
        carrier: row!,
        service: r.chosen.service,
        labelSource: 'ordo',
        chosen: r.chosen,
        alternatives: r.alternatives,
        rateReason: r.rateReason,
        trackingNumbers: r.bought.trackingNumbers,
        labels: { pdf: r.bought.labelPdf, parcels: r.bought.labels.map((l) => ({ pdf: l.pdf, zpl: null, providerLabelId: l.providerLabelId })) },
        provider: { labelId: r.bought.providerLabelId, labelUrl: r.bought.labelUrl },
      },
    );
    await finishLabelOperation(tx, opId, at, { shipmentId: json.id });
  });
}
