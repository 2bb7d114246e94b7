import { and, asc, desc, eq, inArray, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { carriers, locations, manifests, orders, shipments } from '../../platform/db/schema/index.js';
import { queryRows } from '../../platform/db/query.js';
import { AppError, notFound, validation } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { actorLabel } from '../../platform/auth/roles.js';
import { addressLines } from '../../domain/shipping/zpl.js';
import { labelAddress } from './shipment-labels.js';
import { parcelsOf } from './shipments.repository.js';
import { manifestPdf } from './documents/manifest-pdf.js';
import { isUuid } from '../../platform/ids.js';
import { newEvent } from '../../platform/events/define.js';
import { manifestCreated } from './shipping.events.js';

export const createManifestBody = z.object({ carrierCode: z.string().min(1).max(32), locationCode: z.string().min(1).max(32) }).meta({ id: 'CreateManifestRequest' });
export { manifestSchema, type ManifestJson } from './manifest.schema.js';
import type { ManifestJson } from './manifest.schema.js';

type Row = typeof manifests.$inferSelect;
async function toJson(db: Db, rows: Row[]): Promise<ManifestJson[]> {
  const ids = rows.map((r) => r.id);
  const members = ids.length ? await db.select({ manifestId: shipments.manifestId, number: shipments.number }).from(shipments).where(inArray(shipments.manifestId, ids)).orderBy(asc(shipments.number)) : [];
  return rows.map(({ pdf: _pdf, createdAt, ...r }) => ({ ...r, createdAt: createdAt.toISOString(), shipments: members.filter((m) => m.manifestId === r.id).map((m) => m.number) }));
}

/**
 * Closes the day for one carrier at one location: every handed-off shipment not yet on a manifest
 * goes on this one (rows locked, so two clerks cannot list a parcel twice), with the scan form PDF.
 */
export async function createManifest(ctx: Ctx, input: z.output<typeof createManifestBody>): Promise<ManifestJson> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [carrier] = await tx.select().from(carriers).where(eq(carriers.code, input.carrierCode));
    if (!carrier) throw validation([{ path: 'carrierCode', message: `unknown carrier ${input.carrierCode}` }]);
    const [loc] = await tx.select().from(locations).where(eq(locations.code, input.locationCode));
    if (!loc) throw validation([{ path: 'locationCode', message: `unknown location ${input.locationCode}` }]);
    const due = await tx
      .select()
      .from(shipments)
      .where(and(eq(shipments.carrierCode, carrier.code), eq(shipments.locationCode, loc.code), isNull(shipments.manifestId), isNotNull(shipments.handedOffAt), ne(shipments.status, 'voided')))
      .orderBy(asc(shipments.number))
      .for('update');
    if (!due.length) throw new AppError('business_rule', `No handed-off ${carrier.code} shipments at ${loc.code} wait for a manifest`, { reason: 'nothing_to_manifest' });
    const parcels = await parcelsOf(tx, due.map((s) => s.id));
    const orderNumbers = new Map((await tx.select({ id: orders.id, number: orders.number }).from(orders).where(inArray(orders.id, due.map((s) => s.orderId)))).map((o) => [o.id, o.number]));
    const rows = due.map((s) => {
      const mine = parcels.filter((p) => p.shipmentId === s.id);
      return { shipment: s.number, order: orderNumbers.get(s.orderId) ?? '', service: s.serviceCode, trackingNumbers: mine.map((p) => p.trackingNumber), parcels: mine.length, weightGrams: mine.reduce((w, p) => w + p.weightGrams, 0) };
    });
    const [n] = await queryRows<{ n: string }>(tx, sql`select nextval('manifest_number_seq')::text as n`);
    const number = `MF-${n!.n.padStart(6, '0')}`;
    const pdf = await manifestPdf({ number, date: at.toISOString().slice(0, 10), carrier: carrier.name, location: { code: loc.code, name: loc.name, lines: addressLines(labelAddress(loc.address)) }, rows });
    const id = ctx.newId();
    const [row] = await tx
      .insert(manifests)
      .values({ id, number, carrierCode: carrier.code, locationCode: loc.code, shipmentCount: rows.length, parcelCount: rows.reduce((s, r) => s + r.parcels, 0), weightGrams: rows.reduce((s, r) => s + r.weightGrams, 0), pdf, createdBy: actorLabel(ctx.actor), createdAt: at })
      .returning();
    await tx.update(shipments).set({ manifestId: id, updatedAt: at }).where(inArray(shipments.id, due.map((s) => s.id)));
    const [json] = await toJson(tx, [row!]);
    await recordAudit(tx, { ...ctx, at }, { action: 'manifest.created', entityType: 'manifest', entityId: id, after: json });
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(manifestCreated, id, json!)]);
    return json!;
  });
}

export async function listManifests(db: Db, q: { carrierCode?: string | undefined; locationCode?: string | undefined; limit: number }): Promise<ManifestJson[]> {
  const rows = await db
    .select()
    .from(manifests)
    .where(and(q.carrierCode ? eq(manifests.carrierCode, q.carrierCode) : undefined, q.locationCode ? eq(manifests.locationCode, q.locationCode) : undefined))
    .orderBy(desc(manifests.createdAt), desc(manifests.number))
    .limit(q.limit);
  return toJson(db, rows);
}

export async function manifestFile(db: Db, idOrNumber: string): Promise<{ number: string; pdf: Buffer }> {
  const byId = isUuid(idOrNumber);
  const [row] = await db.select({ number: manifests.number, pdf: manifests.pdf }).from(manifests).where(byId ? eq(manifests.id, idOrNumber) : eq(manifests.number, idOrNumber.toUpperCase()));
  if (!row) throw notFound('Manifest', idOrNumber);
  return row;
}
