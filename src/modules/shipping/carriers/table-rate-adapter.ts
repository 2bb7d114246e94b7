import { and, asc, eq, ne } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client.js';
import { shipmentParcels, shipments, trackingEvents, type carriers } from '../../../platform/db/schema/index.js';
import type { TrackingStatus } from '../../../domain/shipping/tracking-events.js';
import type { LabelAddress } from '../../../domain/shipping/zpl.js';
import { quoteShipping } from '../quote-shipping.js';
import { makeLabels, nextTrackingNumber } from '../shipment-labels.js';
import { type CarrierAdapter, type CarrierAddress, type CarrierShipment, type PurchasedLabel, type RateOffer } from './adapter.js';

type CarrierRow = typeof carriers.$inferSelect;

export interface TableRateContext {
  tx: Db;
  now: Date;
  locationCode: string;
  /** The built-in carriers by code (tracking number format, label name). */
  carriers: ReadonlyMap<string, CarrierRow>;
  residential?: boolean;
}

const opt = (v: string | null | undefined) => v ?? undefined;
const labelOf = (a: CarrierAddress): LabelAddress => ({ name: a.name, company: opt(a.company), line1: a.line1, line2: opt(a.line2), city: a.city, region: opt(a.region), postalCode: a.postalCode, country: a.country });
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * Ordo's own table-rate carrier behind the same interface as the aggregators: rates from the stored
 * rate tables and calendars, labels made here (S10 / 1Z tracking numbers, 4×6 PDF and ZPL), a void
 * that needs nobody's consent, and tracking from the timeline Ordo stores.
 */
export type TableRateAdapter = Omit<CarrierAdapter, 'buyLabel'> & {
  /** Also each parcel's own label (PDF page and ZPL). */
  buyLabel(rate: RateOffer, shipment: CarrierShipment): Promise<PurchasedLabel & { parcels: Array<{ pdf: Buffer; zpl: string }> }>;
};

export function tableRateAdapter(c: TableRateContext): TableRateAdapter {
  return {
    kind: 'table_rate',
    async rates(shipment) {
      const quote = await quoteShipping(
        c.tx,
        c.now,
        { locationCode: c.locationCode, shipTo: { country: shipment.to.country, postalCode: shipment.to.postalCode, latitude: shipment.to.latitude ?? undefined, longitude: shipment.to.longitude ?? undefined, residential: c.residential ?? !shipment.to.company }, parcels: shipment.parcels },
        { adapters: ['table_rate'] },
      );
      return quote.options.map((o) => ({
        rateId: `${o.carrier}/${o.service}`,
        providerShipmentId: null,
        carrier: o.carrier,
        service: o.service,
        price: { amount: BigInt(o.total.amount), currency: o.total.currency },
        estimatedDays: daysBetween(c.now.toISOString().slice(0, 10), o.deliveryDate),
        deliveryDate: o.deliveryDate,
      }));
    },
    async buyLabel(rate, shipment) {
      const carrier = c.carriers.get(rate.carrier);
      if (!carrier || carrier.adapter !== 'table_rate') throw new Error(`${rate.carrier} is not a built-in table-rate carrier`);
      const trackingNumbers: string[] = [];
      for (let i = 0; i < shipment.parcels.length; i++) trackingNumbers.push(await nextTrackingNumber(c.tx, carrier, shipment.from.country));
      const labels = await makeLabels(
        shipment.parcels.map((p, i) => ({
          carrier: carrier.name,
          service: rate.service,
          trackingNumber: trackingNumbers[i]!,
          from: labelOf(shipment.from),
          to: labelOf(shipment.to),
          weightGrams: p.weightGrams,
          reference: shipment.reference,
          packageOf: shipment.parcels.length > 1 ? `${i + 1}/${shipment.parcels.length}` : undefined,
        })),
      );
      return {
        providerLabelId: `${rate.carrier}:${trackingNumbers[0]}`,
        labels: trackingNumbers.map((t, i) => ({ providerLabelId: `${rate.carrier}:${t}`, trackingNumber: t, pdf: labels.parcels[i]!.pdf, labelUrl: null })),
        trackingNumbers,
        labelPdf: labels.pdf,
        labelUrl: null,
        cost: rate.price,
        parcels: labels.parcels,
      };
    },
    async voidLabel() {
      // Ordo issued the label itself: nobody else has to agree, the shipment row records the void.
      return { status: 'voided', accepted: true };
    },
    async track(trackingNumber, carrier) {
      const [s] = await c.tx
        .select({ id: shipments.id, status: shipments.status, estimatedDelivery: shipments.estimatedDelivery })
        .from(shipmentParcels)
        .innerJoin(shipments, eq(shipments.id, shipmentParcels.shipmentId))
        .where(and(eq(shipmentParcels.trackingNumber, trackingNumber.toUpperCase()), eq(shipments.carrierCode, carrier), ne(shipments.status, 'voided')));
      if (!s) return null;
      const events = await c.tx.select().from(trackingEvents).where(eq(trackingEvents.shipmentId, s.id)).orderBy(asc(trackingEvents.at));
      const current: TrackingStatus =
        s.status === 'label_purchased' || s.status === 'handed_off' ? 'label_created' : (s.status as Exclude<typeof s.status, 'label_purchased' | 'handed_off' | 'voided'>);
      return {
        updateId: `table_rate:${trackingNumber}:${events.length}`,
        carrier,
        trackingNumber: trackingNumber.toUpperCase(),
        events: events.map((e) => ({ status: e.status as TrackingStatus, carrierStatus: e.carrierStatus, message: e.message, at: e.at.toISOString(), location: e.location })),
        current,
        estimatedDelivery: s.estimatedDelivery,
        proofOfDelivery: null,
      };
    },
  };
}
