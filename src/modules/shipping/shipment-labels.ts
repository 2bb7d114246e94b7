import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { queryRows } from '../../platform/db/query.js';
import { makeS10, upsCheckDigit } from '../../domain/shipping/tracking-numbers.js';
import { labelZpl, type LabelAddress, type LabelData } from '../../domain/shipping/zpl.js';
import type { Address } from '../../platform/db/schema/catalog.js';
import { labelPdf } from './documents/label-pdf.js';

async function nextSerial(tx: Db): Promise<number> {
  const [r] = await queryRows<{ n: string }>(tx, sql`select nextval('tracking_serial_seq')::text as n`);
  return Number(r!.n);
}

/**
 * A tracking number of the built-in carrier in its format, with a valid check digit: UPU S10
 * (`LX00000017DE`-style: prefix, 8-digit serial, mod-11 digit, origin country) or UPS-style `1Z`.
 * Serials come from a Postgres sequence, so concurrent labels never share one.
 */
export async function nextTrackingNumber(tx: Db, carrier: { trackingFormat: 's10' | 'ups'; trackingPrefix: string }, originCountry: string): Promise<string> {
  const serial = await nextSerial(tx);
  if (carrier.trackingFormat === 'ups') {
    const body = `${carrier.trackingPrefix}0RD0`.slice(0, 6) + '03' + String(serial % 10_000_000).padStart(7, '0');
    return `1Z${body}${upsCheckDigit(body)}`;
  }
  return makeS10(carrier.trackingPrefix, serial, originCountry);
}

export const labelAddress = (a: Address, name?: string): LabelAddress => ({
  name: a.name ?? name,
  company: a.company,
  line1: a.line1,
  line2: a.line2,
  city: a.city,
  region: a.region,
  postalCode: a.postalCode,
  country: a.country,
});

/** The label of each parcel (PDF page and ZPL) and the whole shipment's PDF, made once and stored. */
export async function makeLabels(labels: LabelData[]): Promise<{ pdf: Buffer; parcels: Array<{ pdf: Buffer; zpl: string }> }> {
  const parcels = [];
  for (const l of labels) parcels.push({ pdf: await labelPdf([l]), zpl: labelZpl(l) });
  return { pdf: await labelPdf(labels), parcels };
}
