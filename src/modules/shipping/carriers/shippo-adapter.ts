import { parseShippoTrack } from './tracking-payloads.js';
import { mergePdfs } from '../documents/merge-pdfs.js';
import { callJson, CarrierApiError, decimalToMinor, fetchLabel, refundOnFailure, type CarrierAdapter, type ParcelLabel, type RateOffer, aggregatorAddress } from './adapter.js';

export interface ShippoSettings {
  apiKey: string;
  /** Default https://api.goshippo.com */
  apiBase: string;
}

interface ShippoRate {
  object_id: string;
  amount: string;
  currency: string;
  provider: string;
  servicelevel: { token: string; name?: string };
  estimated_days?: number | null;
}

interface ShippoTransaction {
  object_id: string;
  status: string;
  tracking_number?: string;
  label_url?: string;
  messages?: Array<{ text?: string }>;
}

const address = aggregatorAddress;

/**
 * Shippo (`Authorization: ShippoToken <key>`): a synchronous shipment (one or several parcels: a
 * multi-piece shipment) returns its rates, a transaction buys one rate's labels as PDF (the parcels
 * after the first are listed by rate), a refund voids one label, GET /tracks reads a parcel. Shippo
 * takes metric units.
 */
export function shippoAdapter(s: ShippoSettings): CarrierAdapter {
  const base = s.apiBase.replace(/\/+$/, '');
  const headers = { authorization: `ShippoToken ${s.apiKey}` };
  const call = (method: string, path: string, body?: unknown) => callJson('Shippo', `${base}${path}`, { method, headers, body });

  const adapter: CarrierAdapter = {
    kind: 'shippo',
    async rates(shipment) {
      const sh = (await call('POST', '/shipments/', {
        address_from: address(shipment.from),
        address_to: address(shipment.to),
        parcels: shipment.parcels.map((p) => ({
          length: (p.lengthMm / 10).toFixed(1),
          width: (p.widthMm / 10).toFixed(1),
          height: (p.heightMm / 10).toFixed(1),
          distance_unit: 'cm',
          weight: String(p.weightGrams),
          mass_unit: 'g',
        })),
        metadata: shipment.reference,
        async: false,
      })) as { object_id: string; rates?: ShippoRate[] };
      return (sh.rates ?? []).map(
        (r): RateOffer => ({
          rateId: r.object_id,
          providerShipmentId: sh.object_id ?? null,
          carrier: r.provider,
          service: r.servicelevel.token,
          price: { amount: decimalToMinor(r.amount, r.currency), currency: r.currency.toUpperCase() },
          estimatedDays: r.estimated_days ?? null,
          deliveryDate: null,
        }),
      );
    },
    async buyLabel(rate, shipment) {
      const first = (await call('POST', '/transactions/', { rate: rate.rateId, label_file_type: 'PDF', metadata: shipment.reference, async: false })) as ShippoTransaction;
      if (first.status !== 'SUCCESS' || !first.tracking_number || !first.label_url) {
        throw new CarrierApiError('Shippo', `Shippo label purchase ${first.status}: ${(first.messages ?? []).map((m) => m.text).join('; ') || 'no label'}`, 200, first);
      }
      // A multi-piece shipment is bought with one transaction per parcel; Shippo lists them by rate.
      let all: ShippoTransaction[] = [first];
      const sold = () => all.filter((t) => t.tracking_number).map((t) => ({ providerLabelId: t.object_id, trackingNumber: t.tracking_number! }));
      return refundOnFailure(adapter, sold, async () => {
        if (shipment.parcels.length > 1) {
          const page = (await call('GET', `/transactions/?rate=${encodeURIComponent(rate.rateId)}&results=${shipment.parcels.length}`)) as { results?: ShippoTransaction[] };
          const listed = (page.results ?? []).filter((t) => t.status === 'SUCCESS' && t.tracking_number && t.label_url);
          all = [first, ...listed.filter((t) => t.object_id !== first.object_id)];
          if (all.length !== shipment.parcels.length) {
            throw new CarrierApiError('Shippo', `Shippo sold ${all.length} labels for ${shipment.parcels.length} parcels`, null, page);
          }
        }
        const labels: ParcelLabel[] = [];
        for (const t of all) labels.push({ providerLabelId: t.object_id, trackingNumber: t.tracking_number!, pdf: await fetchLabel('Shippo', t.label_url!), labelUrl: t.label_url! });
        return {
          providerLabelId: first.object_id,
          labels,
          trackingNumbers: labels.map((l) => l.trackingNumber),
          labelPdf: await mergePdfs(labels.map((l) => l.pdf)),
          labelUrl: first.label_url!,
          // A multi-piece rate prices the whole shipment.
          cost: rate.price,
        };
      });
    },
    async voidLabel(label) {
      const r = (await call('POST', '/refunds/', { transaction: label.providerLabelId, async: false })) as { status?: string };
      const status = r.status ?? 'unknown';
      return { status, accepted: status !== 'ERROR' };
    },
    async track(trackingNumber, carrier) {
      const t = await call('GET', `/tracks/${encodeURIComponent(carrier.toLowerCase())}/${encodeURIComponent(trackingNumber)}`);
      return parseShippoTrack(t);
    },
  };
  return adapter;
}
