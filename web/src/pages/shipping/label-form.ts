import { randomId } from '@mantine/hooks';
import type { Schemas } from '../../api/client';
import i18n from '../../i18n';

type FO = Schemas['FulfillmentOrder'];
export type Carrier = Schemas['Carrier'];
export type ShipmentRequest = Schemas['CreateShipmentRequest'];

/** "Cheapest (built-in carriers)": no carrier in the request (carrier codes are lowercase, never `*`). */
export const CHEAPEST = '*';

/** One parcel row of the editor; `key` only keeps React rows stable when a parcel is removed. */
export interface ParcelValues {
  key: string;
  weightGrams: number | string;
  lengthMm: number | string;
  widthMm: number | string;
  heightMm: number | string;
}

/** The Buy label panel's form. Field names follow the API body, so problem+json paths (`parcels.1.weightGrams`) land on their inputs. */
export interface LabelValues {
  mode: 'buy' | 'record';
  carrier: string;
  service: string;
  level: string | null;
  trackingNumber: string;
  parcels: ParcelValues[];
}

export const emptyParcel = (): ParcelValues => ({ key: randomId(), weightGrams: '', lengthMm: '', widthMm: '', heightMm: '' });

/** Every packed carton as a parcel (or one empty row when the order was packed without one). */
export function initialValues(fo: Pick<FO, 'package' | 'packages'>): LabelValues {
  const packed = fo.packages?.length ? fo.packages : fo.package ? [fo.package] : [];
  const parcels = packed.map((p) => ({ key: randomId(), weightGrams: p.weightGrams, lengthMm: p.dimensionsMm.length, widthMm: p.dimensionsMm.width, heightMm: p.dimensionsMm.height }));
  return { mode: 'buy', carrier: CHEAPEST, service: '', level: null, trackingNumber: '', parcels: parcels.length ? parcels : [emptyParcel()] };
}

const positiveInt = (v: number | string) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? null : i18n.t('shipping.validate.positive'));

/** Client-side checks; the API's own limits (e.g. at most 1,000,000 g) come back as field errors. */
export const validate = {
  parcels: { weightGrams: positiveInt, lengthMm: positiveInt, widthMm: positiveInt, heightMm: positiveInt },
  service: (v: string, all: LabelValues) => (all.mode === 'record' && !v.trim() ? i18n.t('shipping.validate.serviceRequired') : null),
  trackingNumber: (v: string, all: LabelValues) => {
    if (all.mode !== 'record') return null;
    return /^[A-Za-z0-9]{6,40}$/.test(v.trim()) ? null : i18n.t('shipping.validate.tracking');
  },
};

/** The request body: the parcels always (the editor starts from the packed package), carrier/service/level as chosen. */
export function toRequest(v: LabelValues): ShipmentRequest {
  const parcels = v.parcels.map((p) => ({ weightGrams: Number(p.weightGrams), lengthMm: Number(p.lengthMm), widthMm: Number(p.widthMm), heightMm: Number(p.heightMm) }));
  // Service codes are lowercase in the API; aggregators match them case-insensitively ("Priority" = "priority").
  const service = v.service.trim().toLowerCase() || undefined;
  if (v.mode === 'record') return { parcels, carrier: v.carrier, service, trackingNumber: v.trackingNumber.trim() };
  if (v.carrier === CHEAPEST) return { parcels, ...(v.level ? { level: v.level } : {}) };
  return { parcels, carrier: v.carrier, ...(service ? { service } : {}) };
}

export const isAggregator = (c: Carrier | undefined) => c?.adapter === 'easypost' || c?.adapter === 'shippo';
export const adapterLabel: Record<Carrier['adapter'], string> = { table_rate: 'built-in', easypost: 'EasyPost', shippo: 'Shippo' };
