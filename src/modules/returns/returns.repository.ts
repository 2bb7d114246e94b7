import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { returnLines, returnStatusHistory, returns } from '../../platform/db/schema/index.js';
import { notFound } from '../../platform/errors.js';
import { moneyJson } from '../../platform/http/schemas.js';
import type { ReturnStatus } from '../../domain/returns/return-states.js';
import type { ReturnReason } from '../../domain/returns/return-policy.js';
import type { ReturnJson } from './returns.schemas.js';

export type ReturnRow = typeof returns.$inferSelect;
export type ReturnLineRow = typeof returnLines.$inferSelect;
type HistoryRow = typeof returnStatusHistory.$inferSelect;

/** Units of each order line claimed by returns that are not rejected or cancelled. */
export async function claimedByLine(db: Db, orderId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ orderLineId: returnLines.orderLineId, quantity: sql<number>`sum(${returnLines.quantity})::int` })
    .from(returnLines)
    .innerJoin(returns, eq(returns.id, returnLines.returnId))
    .where(and(eq(returns.orderId, orderId), notInArray(returns.status, ['rejected', 'cancelled'])))
    .groupBy(returnLines.orderLineId);
  return new Map(rows.map((r) => [r.orderLineId, Number(r.quantity)]));
}

export async function countReturnsOfOrder(db: Db, orderId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(returns).where(eq(returns.orderId, orderId));
  return Number(row?.n ?? 0);
}

export async function loadReturn(db: Db, id: string, opts: { lock?: boolean } = {}) {
  const q = db.select().from(returns).where(eq(returns.id, id));
  const [ret] = opts.lock ? await q.for('update') : await q;
  if (!ret) throw notFound('Return', id);
  const lines = await db.select().from(returnLines).where(eq(returnLines.returnId, id)).orderBy(asc(returnLines.sku), asc(returnLines.id));
  const history = await db.select().from(returnStatusHistory).where(eq(returnStatusHistory.returnId, id)).orderBy(asc(returnStatusHistory.id));
  return { ret, lines, history };
}

export function toReturnJson(r: ReturnRow, orderNumber: string, lines: ReturnLineRow[], history: HistoryRow[]): ReturnJson {
  const m = (amount: bigint) => moneyJson({ amount, currency: r.currency });
  const value = lines.reduce((s, l) => s + l.valueAmount, 0n);
  const fee = lines.reduce((s, l) => s + l.restockingFeeAmount, 0n);
  return {
    id: r.id,
    number: r.number,
    orderId: r.orderId,
    orderNumber,
    status: r.status as ReturnStatus,
    source: r.source,
    resolution: r.resolution,
    returnShippingPaidBy: r.returnShippingPaidBy,
    note: r.note,
    decisionReason: r.decisionReason,
    fraud: { score: r.fraudScore, heldForReview: r.heldForReview, signals: r.fraudSignals },
    label: r.labelTrackingNumber
      ? { carrier: r.labelCarrierCode!, trackingNumber: r.labelTrackingNumber, locationCode: r.labelLocationCode!, url: `/api/v1/returns/${r.id}/label.pdf` }
      : null,
    lines: lines.map((l) => ({
      id: l.id,
      orderLineId: l.orderLineId,
      sku: l.sku,
      quantity: l.quantity,
      reason: l.reason as ReturnReason,
      note: l.note,
      value: m(l.valueAmount),
      restockingFee: m(l.restockingFeeAmount),
      exchangeSku: l.exchangeSku,
    })),
    exchange:
      r.exchangeOrderId && r.exchangeValueAmount !== null
        ? { orderId: r.exchangeOrderId, value: m(r.exchangeValueAmount), credit: m(value - fee), ...chargeAndRefund(r.exchangeValueAmount - (value - fee), m) }
        : null,
    totals: { value: m(value), restockingFee: m(fee), refundDue: m(value - fee) },
    history: history.map((h) => ({ from: h.fromStatus as ReturnStatus | null, to: h.toStatus as ReturnStatus, reason: h.reason, actor: h.actor, at: h.at.toISOString() })),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** Writes a status change and its history row; the caller has checked the transition. */
export async function writeReturnStatus(tx: Db, input: { returnId: string; from: ReturnStatus | null; to: ReturnStatus; reason?: string | null | undefined; actor: string; at: Date }) {
  if (input.from !== null) await tx.update(returns).set({ status: input.to, updatedAt: input.at }).where(eq(returns.id, input.returnId));
  await tx.insert(returnStatusHistory).values({ returnId: input.returnId, fromStatus: input.from, toStatus: input.to, reason: input.reason ?? null, actor: input.actor, at: input.at });
}

export async function listReturns(db: Db, q: { limit: number; status?: ReturnStatus | undefined; orderId?: string | undefined }) {
  const where = and(q.status ? eq(returns.status, q.status) : undefined, q.orderId ? eq(returns.orderId, q.orderId) : undefined);
  const rows = await db.select().from(returns).where(where).orderBy(sql`${returns.createdAt} desc, ${returns.id} desc`).limit(q.limit);
  if (rows.length === 0) return [];
  const lines = await db.select().from(returnLines).where(inArray(returnLines.returnId, rows.map((r) => r.id)));
  return rows.map((r) => ({ ret: r, lines: lines.filter((l) => l.returnId === r.id) }));
}

/** The id of the return with this number (what its label and document barcode carry). */
export async function findReturnIdByNumber(db: Db, number: string): Promise<string> {
  const [row] = await db.select({ id: returns.id }).from(returns).where(eq(returns.number, number));
  if (!row) throw notFound('Return', number);
  return row.id;
}

const chargeAndRefund = <M>(difference: bigint, m: (a: bigint) => M) => ({ charge: m(difference > 0n ? difference : 0n), refund: m(difference < 0n ? -difference : 0n) });

/** Records the replacement order of an approved exchange and the catalog value of its lines. */
export async function attachExchangeOrder(tx: Db, returnId: string, exchange: { orderId: string; valueAmount: bigint; at: Date }) {
  await tx.update(returns).set({ exchangeOrderId: exchange.orderId, exchangeValueAmount: exchange.valueAmount, updatedAt: exchange.at }).where(eq(returns.id, returnId));
}

/** Stores the return label on the return (the caller moves it to label_issued). */
export async function attachReturnLabel(tx: Db, returnId: string, label: { carrierCode: string; trackingNumber: string; locationCode: string; pdf: Buffer; at: Date }) {
  await tx
    .update(returns)
    .set({ labelCarrierCode: label.carrierCode, labelTrackingNumber: label.trackingNumber, labelLocationCode: label.locationCode, labelPdf: label.pdf, updatedAt: label.at })
    .where(eq(returns.id, returnId));
}

export async function returnLabelPdf(db: Db, returnId: string): Promise<Buffer> {
  const [row] = await db.select({ pdf: returns.labelPdf }).from(returns).where(eq(returns.id, returnId));
  if (!row) throw notFound('Return', returnId);
  if (!row.pdf) throw notFound('Return label of', returnId);
  return row.pdf;
}

/** A customer's earlier returns: units claimed (not rejected/cancelled) and returns since `since`. */
export async function customerReturnHistory(db: Db, customerId: string, since: Date) {
  const [row] = await db
    .select({
      units: sql<number>`coalesce(sum(${returnLines.quantity}) filter (where ${returns.status} not in ('rejected','cancelled')), 0)::int`,
      recent: sql<number>`count(distinct ${returns.id}) filter (where ${returns.createdAt} >= ${since})::int`,
    })
    .from(returns)
    .innerJoin(returnLines, eq(returnLines.returnId, returns.id))
    .where(eq(returns.customerId, customerId));
  return { units: Number(row?.units ?? 0), recent: Number(row?.recent ?? 0) };
}

/** Return reasons report: returns, units and value per reason (returns not rejected or cancelled) in [from, to). */
export async function returnReasonsReport(db: Db, q: { from?: Date | undefined; to?: Date | undefined }) {
  const rows = await db
    .select({
      reason: returnLines.reason,
      currency: returns.currency,
      returns: sql<number>`count(distinct ${returns.id})::int`,
      units: sql<number>`sum(${returnLines.quantity})::int`,
      value: sql<string>`sum(${returnLines.valueAmount})::text`,
    })
    .from(returnLines)
    .innerJoin(returns, eq(returns.id, returnLines.returnId))
    .where(and(notInArray(returns.status, ['rejected', 'cancelled']), q.from ? sql`${returns.createdAt} >= ${q.from}` : undefined, q.to ? sql`${returns.createdAt} < ${q.to}` : undefined))
    .groupBy(returnLines.reason, returns.currency)
    .orderBy(sql`sum(${returnLines.quantity}) desc`, returnLines.reason);
  return rows.map((r) => ({ reason: r.reason, returns: Number(r.returns), units: Number(r.units), value: moneyJson({ amount: BigInt(r.value), currency: r.currency }) }));
}

/** The return whose label carries this tracking number, if any. */
export async function findReturnByTrackingNumber(db: Db, trackingNumber: string): Promise<ReturnRow | undefined> {
  const [row] = await db.select().from(returns).where(eq(returns.labelTrackingNumber, trackingNumber));
  return row;
}
