import { parseShippoTrack } from './tracking-payloads.js';
import { callJson, CarrierApiError, decimalToMinor, fetchLabel, type CarrierAdapter, type RateOffer, aggregatorAddress } from './adapter.js';

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

const address = aggregatorAddress;

/**
 * Shippo (`Authorization: ShippoToken <key>`): a synchronous shipment returns its rates, a transaction
 * buys one rate's label as PDF, a refund voids it, GET /tracks reads a parcel. Shippo takes metric units.
 */
export function shippoAdapter(s: ShippoSettings): CarrierAdapter {
  const base = s.apiBase.replace(/\/+$/, '');
  const headers = { authorization: `ShippoToken ${s.apiKey}` };
  const call = (method: string, path: string, body?: unknown) => callJson('Shippo', `${base}${path}`, { method, headers, body });

  return {
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
      const tx = (await call('POST', '/transactions/', { rate: rate.rateId, label_file_type: 'PDF', metadata: shipment.reference, async: false })) as {
        object_id: string;
        status: string;
        tracking_number?: string;
        label_url?: string;
        messages?: Array<{ text?: string }>;
      };
      if (tx.status !== 'SUCCESS' || !tx.tracking_number || !tx.label_url) {
        throw new CarrierApiError('Shippo', `Shippo label purchase ${tx.status}: ${(tx.messages ?? []).map((m) => m.text).join('; ') || 'no label'}`, 200, tx);
      }
      return { providerLabelId: tx.object_id, trackingNumbers: [tx.tracking_number], labelPdf: await fetchLabel('Shippo', tx.label_url), labelUrl: tx.label_url, cost: rate.price };
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
}
