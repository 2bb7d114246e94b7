import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import {
  fulfillmentLines, fulfillmentOrders, fulfillmentPackages, fulfillmentWorkSteps, orderLines, orders, pickupCodes, products,
} from '../../platform/db/schema/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { queryRows } from '../../platform/db/query.js';
import { canFulfillmentTransition, nextFulfillmentStates, type FulfillmentStatus } from '../../domain/fulfillment/fulfillment-states.js';
import { isUuid } from '../../platform/ids.js';

export type FulfillmentOrderRow = typeof fulfillmentOrders.$inferSelect;
export type FulfillmentLineRow = typeof fulfillmentLines.$inferSelect;
export type WorkStepRow = typeof fulfillmentWorkSteps.$inferSelect;
export type PackageRow = typeof fulfillmentPackages.$inferSelect;

export interface LineFacts extends FulfillmentLineRow {
  lineNo: number;
  name: string;
  gtin: string | null;
  customization: Record<string, string>;
  weightGrams: number | null;
  lengthMm: number | null;
  widthMm: number | null;
  heightMm: number | null;
}

export interface LoadedFulfillment {
  fo: FulfillmentOrderRow;
  order: { id: string; number: string; status: string; shippingAddress: Record<string, unknown>; customerName: string };
  lines: LineFacts[];
  steps: WorkStepRow[];
  /** The first package (seq 1), kept for the single-package readers. */
  pkg: PackageRow | null;
  /** Every package in seq order. */
  packages: PackageRow[];
  pickupExpiresAt: Date | null;
}


/**
 * A fulfillment order by id or number (FO-000123) with its lines (joined with order line and
 * product facts), work steps and package. `lock` takes the fulfillment order row FOR UPDATE.
 */
export async function loadFulfillment(db: Db, idOrNumber: string, opts: { lock?: boolean } = {}): Promise<LoadedFulfillment> {
  const where = isUuid(idOrNumber) ? eq(fulfillmentOrders.id, idOrNumber) : eq(fulfillmentOrders.number, idOrNumber.toUpperCase());
  const q = db.select().from(fulfillmentOrders).where(where);
  const [fo] = opts.lock ? await q.for('update') : await q;
  if (!fo) throw notFound('Fulfillment order', idOrNumber);
  const [order] = await db
    .select({ id: orders.id, number: orders.number, status: orders.status, shippingAddress: orders.shippingAddress, customerName: orders.customerName })
    .from(orders)
    .where(eq(orders.id, fo.orderId));
  const rows = await db
    .select({
      line: fulfillmentLines,
      lineNo: orderLines.lineNo,
      name: orderLines.name,
      customization: orderLines.customization,
      gtin: products.gtin,
      weightGrams: products.weightGrams,
      lengthMm: products.lengthMm,
      widthMm: products.widthMm,
      heightMm: products.heightMm,
    })
    .from(fulfillmentLines)
    .innerJoin(orderLines, eq(orderLines.id, fulfillmentLines.orderLineId))
    .innerJoin(products, eq(products.sku, fulfillmentLines.sku))
    .where(eq(fulfillmentLines.fulfillmentOrderId, fo.id))
    .orderBy(asc(orderLines.lineNo));
  const steps = await db.select().from(fulfillmentWorkSteps).where(eq(fulfillmentWorkSteps.fulfillmentOrderId, fo.id)).orderBy(asc(fulfillmentWorkSteps.kind));
  const packages = await db.select().from(fulfillmentPackages).where(eq(fulfillmentPackages.fulfillmentOrderId, fo.id)).orderBy(asc(fulfillmentPackages.seq));
  const [code] = await db.select({ expiresAt: pickupCodes.expiresAt }).from(pickupCodes).where(eq(pickupCodes.fulfillmentOrderId, fo.id));
  return {
    fo,
    order: { ...order!, shippingAddress: order!.shippingAddress as unknown as Record<string, unknown> },
    lines: rows.map((r) => ({ ...r.line, lineNo: r.lineNo, name: r.name, gtin: r.gtin, customization: r.customization, weightGrams: r.weightGrams, lengthMm: r.lengthMm, widthMm: r.widthMm, heightMm: r.heightMm })),
    steps,
    pkg: packages[0] ?? null,
    packages,
    pickupExpiresAt: code?.expiresAt ?? null,
  };
}

/** Units of a line still to pick. */
export const remainingOf = (l: { quantity: number; picked: number; short: number }) => l.quantity - l.picked - l.short;

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The ship-to block the warehouse may see: name and address, no phone or email. */
export function shipToJson(a: Record<string, unknown>) {
  const pick = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : null);
  return { name: pick('name'), company: pick('company'), line1: pick('line1') ?? '', line2: pick('line2'), city: pick('city') ?? '', region: pick('region'), postalCode: pick('postalCode') ?? '', country: pick('country') ?? '' };
}

export function toFulfillmentJson(f: LoadedFulfillment) {
  const { fo } = f;
  return {
    id: fo.id,
    number: fo.number,
    orderId: fo.orderId,
    orderNumber: f.order.number,
    orderStatus: f.order.status,
    locationCode: fo.locationCode,
    type: fo.type,
    status: fo.status as FulfillmentStatus,
    nextStatuses: [...nextFulfillmentStates(fo.status as FulfillmentStatus)],
    assignedTo: fo.assignedTo,
    pickListId: fo.pickListId,
    rejectionReason: fo.rejectionReason,
    cancellationReason: fo.cancellationReason,
    shipTo: shipToJson(f.order.shippingAddress),
    lines: f.lines.map((l) => ({
      id: l.id,
      orderLineId: l.orderLineId,
      lineNo: l.lineNo,
      sku: l.sku,
      name: l.name,
      gtin: l.gtin,
      bin: l.bin,
      quantity: l.quantity,
      picked: l.picked,
      short: l.short,
      remaining: remainingOf(l),
      shortReason: l.shortReason,
      customization: l.customization,
    })),
    workSteps: f.steps.map(workStepJson),
    package: f.pkg ? { boxCode: f.pkg.boxCode, weightGrams: f.pkg.weightGrams, dimensionsMm: { length: f.pkg.lengthMm, width: f.pkg.widthMm, height: f.pkg.heightMm } } : null,
    packages: f.packages.map(packageJson),
    pickupExpiresAt: iso(f.pickupExpiresAt),
    createdAt: fo.createdAt.toISOString(),
    pickingAt: iso(fo.pickingAt),
    pickedAt: iso(fo.pickedAt),
    packingAt: iso(fo.packingAt),
    packedAt: iso(fo.packedAt),
    handedOffAt: iso(fo.handedOffAt),
    readyForPickupAt: iso(fo.readyForPickupAt),
    pickedUpAt: iso(fo.pickedUpAt),
    rejectedAt: iso(fo.rejectedAt),
    cancelledAt: iso(fo.cancelledAt),
    updatedAt: fo.updatedAt.toISOString(),
  };
}
export type FulfillmentJson = ReturnType<typeof toFulfillmentJson>;

export const packageJson = (p: PackageRow) => ({
  seq: p.seq,
  boxCode: p.boxCode,
  weightGrams: p.weightGrams,
  dimensionsMm: { length: p.lengthMm, width: p.widthMm, height: p.heightMm },
  contents: p.contents,
});

export const workStepJson = (s: WorkStepRow) => ({
  id: s.id,
  lineId: s.fulfillmentLineId,
  kind: s.kind,
  label: s.label,
  values: s.values,
  confirmed: s.confirmed,
  completedBy: s.completedBy,
  completedAt: iso(s.completedAt),
  note: s.note,
});

/** Refuses a move the state table does not allow, naming the allowed ones. */
export function requireTransition(fo: FulfillmentOrderRow, to: FulfillmentStatus, doing: string): void {
  const from = fo.status as FulfillmentStatus;
  const next = nextFulfillmentStates(from);
  if (!next.includes(to)) {
    throw new AppError('illegal_transition', `Fulfillment order ${fo.number} is ${from} and cannot ${doing}`, { from, to, allowed: [...next] });
  }
}

/** Column holding the timestamp of each state. */
export const stateTimestamp: Partial<Record<FulfillmentStatus, keyof FulfillmentOrderRow>> = {
  picking: 'pickingAt',
  picked: 'pickedAt',
  packing: 'packingAt',
  packed: 'packedAt',
  handed_off: 'handedOffAt',
  ready_for_pickup: 'readyForPickupAt',
  picked_up: 'pickedUpAt',
  rejected: 'rejectedAt',
  cancelled: 'cancelledAt',
};

/**
 * The one writer of a fulfillment order's status (the caller holds it locked): refuses a move the state
 * table (domain/fulfillment/fulfillment-states.ts) does not allow, then writes it and its timestamp.
 */
export async function setFulfillmentStatus(tx: Db, fo: FulfillmentOrderRow, to: FulfillmentStatus, at: Date, extra: Partial<FulfillmentOrderRow> = {}) {
  if (!canFulfillmentTransition(fo.status as FulfillmentStatus, to)) requireTransition(fo, to, `move to ${to}`);
  const col = stateTimestamp[to];
  const [row] = await tx
    .update(fulfillmentOrders)
    .set({ status: to, updatedAt: at, ...(col ? { [col]: at } : {}), ...extra })
    .where(eq(fulfillmentOrders.id, fo.id))
    .returning();
  return row!;
}

export async function nextFulfillmentNumber(tx: Db): Promise<string> {
  const [r] = await queryRows<{ n: string }>(tx, sql`select nextval('fulfillment_number_seq')::text as n`);
  return `FO-${r!.n.padStart(6, '0')}`;
}

export async function nextPickListNumber(tx: Db): Promise<string> {
  const [r] = await queryRows<{ n: string }>(tx, sql`select nextval('pick_list_number_seq')::text as n`);
  return `PL-${r!.n.padStart(6, '0')}`;
}

/** Product facts by SKU for names and barcodes of scans that are not on the list. */
export async function findProductByCode(db: Db, code: { gtin14?: string; raw: string }) {
  const rows = await db
    .select({ sku: products.sku, name: products.name, gtin: products.gtin })
    .from(products)
    .where(code.gtin14 ? sql`lpad(${products.gtin}, 14, '0') = ${code.gtin14} or ${products.sku} = ${code.raw}` : eq(products.sku, code.raw))
    .limit(1);
  return rows[0] ?? null;
}

export async function fulfillmentIdsOfOrder(db: Db, orderId: string, statuses: readonly FulfillmentStatus[]) {
  return db
    .select({ id: fulfillmentOrders.id })
    .from(fulfillmentOrders)
    .where(sql`${fulfillmentOrders.orderId} = ${orderId} and ${inArray(fulfillmentOrders.status, [...statuses])}`);
}
