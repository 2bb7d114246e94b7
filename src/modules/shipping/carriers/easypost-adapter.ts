import { parseEasypostEvent } from './tracking-payloads.js';
import {

  callJson,
  CarrierApiError,
  decimalToMinor,
  fetchLabel,
  gramsToOunces,
  mmToInches,
  type CarrierAdapter,
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

const address = aggregatorAddress;

/**
 * EasyPost REST v2 (HTTP Basic, API key as user): rates come with the shipment, a buy takes one rate
 * id, a refund voids the label, a tracker reads a parcel's status. EasyPost wants inches and ounces.
 */
export function easypostAdapter(s: EasypostSettings): CarrierAdapter {
  const base = s.apiBase.replace(/\/+$/, '');
  const headers = { authorization: `Basic ${Buffer.from(`${s.apiKey}:`).toString('base64')}` };
  const call = (method: string, path: string, body?: unknown) => callJson('EasyPost', `${base}${path}`, { method, headers, body });

  const labelOf = async (sh: EpShipment): Promise<PurchasedLabel> => {
    const url = sh.postage_label?.label_pdf_url ?? sh.postage_label?.label_url;
    const rate = sh.selected_rate;
    if (!sh.tracking_code || !url || !rate) throw new CarrierApiError('EasyPost', `EasyPost shipment ${sh.id} has no label after the purchase`, null, sh);
    return {
      providerLabelId: sh.id,
      trackingNumbers: [sh.tracking_code],
      labelPdf: await fetchLabel('EasyPost', url),
      labelUrl: url,
      cost: { amount: decimalToMinor(rate.rate, rate.currency), currency: rate.currency.toUpperCase() },
    };
  };

  return {
    kind: 'easypost',
    async rates(shipment) {
      if (shipment.parcels.length !== 1) throw new CarrierApiError('EasyPost', 'EasyPost buys one parcel per shipment', null, null);
      const p = shipment.parcels[0]!;
      const sh = (await call('POST', '/v2/shipments', {
        shipment: {
          reference: shipment.reference,
          to_address: address(shipment.to),
          from_address: address(shipment.from),
          parcel: { length: mmToInches(p.lengthMm), width: mmToInches(p.widthMm), height: mmToInches(p.heightMm), weight: gramsToOunces(p.weightGrams) },
          options: { label_format: 'PDF' },
        },
      })) as EpShipment;
      return (sh.rates ?? []).map(
        (r): RateOffer => ({
          rateId: r.id,
          providerShipmentId: r.shipment_id ?? sh.id,
          carrier: r.carrier,
          service: r.service,
          price: { amount: decimalToMinor(r.rate, r.currency), currency: r.currency.toUpperCase() },
          estimatedDays: r.delivery_days ?? r.est_delivery_days ?? null,
          deliveryDate: r.delivery_date ? r.delivery_date.slice(0, 10) : null,
        }),
      );
    },
    async buyLabel(rate) {
      if (!rate.providerShipmentId) throw new CarrierApiError('EasyPost', 'an EasyPost rate belongs to a shipment', null, null);
      const id = encodeURIComponent(rate.providerShipmentId);
      let sh: EpShipment;
      try {
        sh = (await call('POST', `/v2/shipments/${id}/buy`, { rate: { id: rate.rateId } })) as EpShipment;
      } catch (e) {
        // Bought already (a retry after a lost answer): EasyPost refuses a second purchase; the label is on the shipment.
        if (!(e instanceof CarrierApiError) || e.status !== 422) throw e;
        sh = (await call('GET', `/v2/shipments/${id}`)) as EpShipment;
        if (!sh.tracking_code || sh.selected_rate?.id !== rate.rateId) throw e;
      }
      return labelOf(sh);
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
}

