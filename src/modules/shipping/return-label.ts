import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { carriers } from '../../platform/db/schema/index.js';
import type { Address } from '../../platform/db/schema/catalog.js';
import { AppError } from '../../platform/errors.js';
import { labelAddress, makeLabels, nextTrackingNumber } from './shipment-labels.js';

/**
 * A return label of the built-in carrier (table rate): a tracking number in the carrier's format
 * (check digit valid) and a PDF whose Code 128 barcode carries it, from the customer to a location.
 * Aggregator return labels (EasyPost, Shippo) are not made here yet: 422.
 */
export async function issueReturnLabel(
  tx: Db,
  input: { carrierCode: string; from: Address; fromName: string; to: Address; toName: string; weightGrams: number; reference: string },
): Promise<{ carrierCode: string; trackingNumber: string; pdf: Buffer }> {
  const [carrier] = await tx.select().from(carriers).where(eq(carriers.code, input.carrierCode));
  if (!carrier || !carrier.active) throw new AppError('not_found', `Carrier ${input.carrierCode} does not exist`, { errors: [{ path: 'carrier', message: 'no active carrier with this code' }] });
  if (carrier.adapter !== 'table_rate') throw new AppError('business_rule', `Return labels of ${carrier.name} (${carrier.adapter}) are not supported yet; use the built-in carrier`, { errors: [{ path: 'carrier', message: 'return labels need a built-in (table rate) carrier' }] });
  const trackingNumber = await nextTrackingNumber(tx, carrier, input.from.country);
  const { pdf } = await makeLabels([
    { carrier: carrier.name, service: 'RETURN', trackingNumber, from: labelAddress(input.from, input.fromName), to: labelAddress(input.to, input.toName), weightGrams: Math.max(1, input.weightGrams), reference: input.reference },
  ]);
  return { carrierCode: carrier.code, trackingNumber, pdf };
}
