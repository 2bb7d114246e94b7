import { parseEasypostEvent } from './tracking-payloads.js';
import { mergePdfs } from '../documents/merge-pdfs.js';
import {
  callJson,
  CarrierApiError,
  decimalToMinor,
  fetchLabel,
  gramsToOunces,
  mmToInches,
  refundOnFailure,
  type CarrierAdapter,
  type CarrierParcel,
  type ParcelLabel,
  type PurchasedLabel,
  type RateOffer,
  aggregatorAddress,
} from './adapter.js';

export interface EasypostSettings {
  apiKey: string;
  /** Default https://api.easypost.com */
  apiBase: string;
}

interface EpRate {
  id: string;
  shipment_id?: string;
  carrier: string;
  service: string;
  rate: string;
  currency: string;
  delivery_days?: number | null;
  est_delivery_days?: number | null;
  delivery_date?: string | null;
}
interface EpShipment {
  id: string;
  rates?: EpRate[];
  messages?: Array<{ carrier?: string; message?: string }>;
  tracking_code?: string | null;
  postage_label?: { label_url?: string | null; label_pdf_url?: string | null } | null;
  selected_rate?: EpRate | null;
  refund_status?: string | null;
}
/** A multi-piece purchase: one Shipment per parcel, rates for the whole order (EasyPost's Order object). */
interface EpOrder {
  id: string;
  rates?: EpRate[];
  shipments?: EpShipment[];
}

const address = aggregatorAddress;
const parcelOf = (p: CarrierParcel) => ({ length: mmToInches(p.lengthMm), width: mmToInches(p.widthMm), height: mmToInches(p.heightMm), weight: gramsToOunces(p.weightGrams) });
const offerOf = (r: EpRate, fallbackId: string): RateOffer => ({
  rateId: r.id,
  providerShipmentId: r.shipment_id ?? fallbackId,
  carrier: r.carrier,
  service: r.service,
  price: { amount: decimalToMinor(r.rate, r.currency), currency: r.currency.toUpperCase() },
  estimatedDays: r.delivery_days ?? r.est_delivery_days ?? null,
  deliveryDate: r.delivery_date ? r.delivery_date.slice(0, 10) : null,
});

/**
 * EasyPost REST v2 (HTTP Basic, API key as user). One parcel: a Shipment (its rates, buy one rate id,
 * refund). Several parcels: an Order of one Shipment per parcel (rates for the whole order, bought by
 * carrier + service; each parcel's Shipment is refunded on its own). A tracker reads a parcel's
 * status. EasyPost wants inches and ounces.
 */
export function easypostAdapter(s: EasypostSettings): CarrierAdapter {
  const base = s.apiBase.replace(/\/+$/, '');
  const headers = { authorization: `Basic ${Buffer.from(`${s.apiKey}:`).toString('base64')}` };
  const call = (method: string, path: string, body?: unknown) => callJson('EasyPost', `${base}${path}`, { method, headers, body });

  /** The bought labels of these EasyPost shipments (one per parcel); refunds them all if one is missing or cannot be fetched. */
  const labelsOf = async (self: CarrierAdapter, purchaseId: string, bought: EpShipment[]): Promise<PurchasedLabel> => {
    const sold = bought.filter((sh) => sh.tracking_code).map((sh) => ({ providerLabelId: sh.id, trackingNumber: sh.tracking_code! }));
    return refundOnFailure(self, () => sold, async () => {
      const labels: ParcelLabel[] = [];
      let cost = 0n;
      let currency = '';
      for (const sh of bought) {
        const url = sh.postage_label?.label_pdf_url ?? sh.postage_label?.label_url;
        const rate = sh.selected_rate;
        if (!sh.tracking_code || !url || !rate) throw new CarrierApiError('EasyPost', `EasyPost shipment ${sh.id} has no label after the purchase`, null, sh);
        labels.push({ providerLabelId: sh.id, trackingNumber: sh.tracking_code, pdf: await fetchLabel('EasyPost', url), labelUrl: url });
        cost += decimalToMinor(rate.rate, rate.currency);
        currency = rate.currency.toUpperCase();
      }
      return {
        providerLabelId: purchaseId,
        labels,
        trackingNumbers: labels.map((l) => l.trackingNumber),
        labelPdf: await mergePdfs(labels.map((l) => l.pdf)),
        labelUrl: labels[0]!.labelUrl,
        cost: { amount: cost, currency },
      };
    });
  };

  const adapter: CarrierAdapter = {
    kind: 'easypost',
    async rates(shipment) {
      if (shipment.parcels.length > 1) {
        const order = (await call('POST', '/v2/orders', {
          order: {
            reference: shipment.reference,
            to_address: address(shipment.to),
            from_address: address(shipment.from),
            shipments: shipment.parcels.map((p) => ({ parcel: parcelOf(p), options: { label_format: 'PDF' } })),
          },
        })) as EpOrder;
        // An order's rates price every parcel together; the order id is what is bought.
        return (order.rates ?? []).map((r) => ({ ...offerOf(r, order.id), providerShipmentId: order.id }));
      }
      const sh = (await call('POST', '/v2/shipments', {
        shipment: {
          reference: shipment.reference,
          to_address: address(shipment.to),
          from_address: address(shipment.from),
          parcel: parcelOf(shipment.parcels[0]!),
          options: { label_format: 'PDF' },
        },
      })) as EpShipment;
      return (sh.rates ?? []).map((r) => offerOf(r, sh.id));
    },
    async buyLabel(rate, shipment) {
      if (!rate.providerShipmentId) throw new CarrierApiError('EasyPost', 'an EasyPost rate belongs to a shipment or an order', null, null);
      const id = encodeURIComponent(rate.providerShipmentId);
      if (shipment.parcels.length > 1) {
        let order: EpOrder;
        try {
          order = (await call('POST', `/v2/orders/${id}/buy`, { carrier: rate.carrier, service: rate.service })) as EpOrder;
        } catch (e) {
          // Bought already (a retry after a lost answer): the labels are on the order's shipments.
          if (!(e instanceof CarrierApiError) || e.status !== 422) throw e;
          order = (await call('GET', `/v2/orders/${id}`)) as EpOrder;
          if (!(order.shipments ?? []).every((sh) => sh.tracking_code)) throw e;
        }
        const bought = order.shipments ?? [];
        if (bought.length !== shipment.parcels.length) {
          const sold = bought.filter((sh) => sh.tracking_code).map((sh) => ({ providerLabelId: sh.id, trackingNumber: sh.tracking_code! }));
          return refundOnFailure(adapter, () => sold, async () => {
            throw new CarrierApiError('EasyPost', `EasyPost order ${order.id} holds ${bought.length} shipments for ${shipment.parcels.length} parcels`, null, order);
          });
        }
        return labelsOf(adapter, order.id, bought);
      }
      let sh: EpShipment;
      try {
        sh = (await call('POST', `/v2/shipments/${id}/buy`, { rate: { id: rate.rateId } })) as EpShipment;
      } catch (e) {
        // Bought already (a retry after a lost answer): EasyPost refuses a second purchase; the label is on the shipment.
        if (!(e instanceof CarrierApiError) || e.status !== 422) throw e;
        sh = (await call('GET', `/v2/shipments/${id}`)) as EpShipment;
        if (!sh.tracking_code || sh.selected_rate?.id !== rate.rateId) throw e;
      }
      return labelsOf(adapter, sh.id, [sh]);
    },
    async voidLabel(label) {
      const sh = (await call('POST', `/v2/shipments/${encodeURIComponent(label.providerLabelId)}/refund`)) as EpShipment;
      const status = sh.refund_status ?? 'unknown';
      return { status, accepted: status === 'submitted' || status === 'refunded' };
    },
    async track(trackingNumber, carrier) {
      const tracker = await call('POST', '/v2/trackers', { tracker: { tracking_code: trackingNumber, carrier } });
      // A Tracker is the `result` of a tracker event: one parser for webhooks and reads.
      return parseEasypostEvent({ object: 'Event', description: 'tracker.updated', result: tracker });
    },
  };
  return adapter;
}
