import type { TrackingUpdate } from '../../../domain/shipping/tracking-events.js';
import { currencyExponent, isCurrency } from '../../../domain/currency.js';

/** A postal address as carriers want it. */
export interface CarrierAddress {
  name: string;
  company?: string | null | undefined;
  line1: string;
  line2?: string | null | undefined;
  city: string;
  region?: string | null | undefined;
  postalCode: string;
  country: string;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  /** For distance-zoned rate tables (the built-in carrier). */
  latitude?: number | null | undefined;
  longitude?: number | null | undefined;
}

/** Metric measures, as Ordo stores them; each adapter converts to its API's units. */
export interface CarrierParcel {
  weightGrams: number;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
}

/** What is to be shipped: one label per parcel (aggregators: one multi-piece purchase). */
export interface CarrierShipment {
  /** Ordo's reference printed on the label (order + shipment number). */
  reference: string;
  from: CarrierAddress;
  to: CarrierAddress;
  parcels: CarrierParcel[];
}

/** One price offer for the shipment. Amounts are integer minor units. */
export interface RateOffer {
  /** The provider's rate id (what buyLabel buys). */
  rateId: string;
  /** The provider's shipment id the rate belongs to (EasyPost), null when the rate alone suffices. */
  providerShipmentId: string | null;
  /** The carrier that moves the parcel, as the provider names it (USPS, UPS, ordo-post, …). */
  carrier: string;
  service: string;
  price: { amount: bigint; currency: string };
  estimatedDays: number | null;
  /** Local date YYYY-MM-DD when the provider knows it. */
  deliveryDate: string | null;
}

/** One parcel's label as the provider sold it. */
export interface ParcelLabel {
  /** What voidLabel refunds for this parcel (EasyPost shipment id, Shippo transaction id). */
  providerLabelId: string;
  trackingNumber: string;
  /** The label as a PDF (fetched from the provider's label URL when it gives one). */
  pdf: Buffer;
  labelUrl: string | null;
}

export interface PurchasedLabel {
  /** The provider's id of the whole purchase (EasyPost shipment or order, Shippo transaction of the first parcel). */
  providerLabelId: string;
  /** One per parcel, in the order of the shipment's parcels. */
  labels: ParcelLabel[];
  trackingNumbers: string[];
  /** Every parcel's label in one PDF, one page (or more) per parcel. */
  labelPdf: Buffer;
  labelUrl: string | null;
  cost: { amount: bigint; currency: string };
}

export interface VoidResult {
  /** The provider's refund status as it said it ('submitted', 'QUEUED', 'refunded', …). */
  status: string;
  accepted: boolean;
}

export interface CarrierAdapter {
  readonly kind: 'table_rate' | 'easypost' | 'shippo';
  /** Rates for the whole shipment (every parcel: a multi-piece shipment when there are several). */
  rates(shipment: CarrierShipment): Promise<RateOffer[]>;
  /**
   * Buys the rate's labels, one per parcel. When something fails after the provider sold labels
   * (a label download, a missing parcel), the adapter refunds what it bought before it throws.
   */
  buyLabel(rate: RateOffer, shipment: CarrierShipment): Promise<PurchasedLabel>;
  /** Refunds one parcel's label. */
  voidLabel(label: { providerLabelId: string; trackingNumber: string }): Promise<VoidResult>;
  /** The carrier's current view of a parcel; null when the provider does not know the number. */
  track(trackingNumber: string, carrier: string): Promise<TrackingUpdate | null>;
}

/** A carrier provider answered with an error (or not at all): 502 for the API caller. */
export class CarrierApiError extends Error {
  override name = 'CarrierApiError';
  constructor(
    readonly provider: string,
    message: string,
    readonly status: number | null,
    readonly body: unknown,
  ) {
    super(message);
  }
}

/** "7.58" in USD → 758n; exact decimal parsing, never through a float. Refuses more decimals than the currency has. */
export function decimalToMinor(value: string | number, currency: string): bigint {
  const code = currency.toUpperCase();
  if (!isCurrency(code)) throw new Error(`unknown currency ${currency}`);
  const text = String(value).trim();
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new Error(`not a decimal amount: ${text}`);
  const exp = currencyExponent(code);
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > exp) throw new Error(`${text} has more decimals than ${code} allows`);
  return BigInt(m[1]!) * 10n ** BigInt(exp) + BigInt((frac.padEnd(exp, '0') || '0'));
}

/** Grams → ounces (avoirdupois), one decimal, never below 0.1. */
export const gramsToOunces = (g: number) => Math.max(0.1, Math.round((g / 28.349523125) * 10) / 10);
/** Millimetres → inches, one decimal, never below 0.1. */
export const mmToInches = (mm: number) => Math.max(0.1, Math.round((mm / 25.4) * 10) / 10);

/** JSON over fetch with the provider's auth; non-2xx → CarrierApiError with the provider's message. */
export async function callJson(provider: string, url: string, init: { method: string; headers: Record<string, string>; body?: unknown }): Promise<any> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method,
      headers: { accept: 'application/json', ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (e) {
    throw new CarrierApiError(provider, `${provider} is unreachable: ${(e as Error).message}`, null, null);
  }
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const b = body as { error?: { message?: string; code?: string }; detail?: string; messages?: Array<{ text?: string }> } | null;
    const msg = b?.error?.message ?? b?.detail ?? b?.messages?.map((x) => x.text).join('; ') ?? `HTTP ${res.status}`;
    throw new CarrierApiError(provider, `${provider}: ${msg}`, res.status, body);
  }
  return body;
}

/** Downloads a label file (the URL the provider returned); must be a PDF. */
export async function fetchLabel(provider: string, url: string): Promise<Buffer> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  } catch (e) {
    throw new CarrierApiError(provider, `${provider} label download failed: ${(e as Error).message}`, null, null);
  }
  if (!res.ok) throw new CarrierApiError(provider, `${provider} label download failed: HTTP ${res.status}`, res.status, null);
  const bytes = Buffer.from(await res.arrayBuffer());
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new CarrierApiError(provider, `${provider} label at ${url} is not a PDF`, res.status, null);
  return bytes;
}

/** Adds whole days to a local date (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The address shape EasyPost and Shippo share (street1/street2, state, zip). */
export const aggregatorAddress = (a: CarrierAddress) => ({
  name: a.name,
  company: a.company ?? undefined,
  street1: a.line1,
  street2: a.line2 ?? undefined,
  city: a.city,
  state: a.region ?? undefined,
  zip: a.postalCode,
  country: a.country,
  phone: a.phone ?? undefined,
  email: a.email ?? undefined,
});

/**
 * Runs the steps that follow a purchase; if one fails, refunds the labels already sold (best effort)
 * and rethrows, so a failed purchase never leaves a paid label behind.
 */
export async function refundOnFailure<T>(adapter: Pick<CarrierAdapter, 'voidLabel'>, sold: () => Array<{ providerLabelId: string; trackingNumber: string }>, steps: () => Promise<T>): Promise<T> {
  try {
    return await steps();
  } catch (e) {
    for (const l of sold()) await adapter.voidLabel(l).catch(() => undefined);
    throw e;
  }
}
