import { and, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { purchaseOrderLines, purchaseOrders } from '../../platform/db/schema/index.js';
import { queryRows } from '../../platform/db/query.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { recordAudit } from '../../platform/audit.js';
import { addDays, isoWeekday, localDate } from '../../domain/local-time.js';
import { reorderDecision } from '../../domain/purchasing/reorder.js';
import { incomingUnits } from './purchase-orders.repository.js';
import { insertPurchaseOrder } from './purchase-order-use-cases.js';
import { purchaseOrderCreated } from './purchasing.events.js';
import type { ReorderResultJson, ReorderSettings } from './purchasing.schemas.js';

export const defaultReorderSettings: ReorderSettings = { serviceLevel: 0.95, historyWeeks: 26, coverWeeks: 2 };

interface Candidate {
  sku: string;
  location_code: string;
  available: number;
  reorder_point: number;
  supplier_id: string;
  lead_time_days: number;
  moq: number;
  pack_size: number;
}

/**
 * The reorder trigger (docs/purchasing.md): for every stock level whose SKU a supplier sells (the one with the
 * shortest lead time, then the lowest cost), the weekly demand at that location (units allocated there, by week)
 * is forecast and the reorder point computed (src/domain/purchasing/reorder.ts). Where available + incoming −
 * backordered falls below it, the missing quantity goes onto the supplier's open draft for that location — one
 * draft per (supplier, location), created when there is none, its line raised (never lowered) when there is.
 * Running it again changes nothing: the draft already holds what is needed. One transaction per draft.
 */
export async function runReorder(ctx: Ctx, settings: ReorderSettings = defaultReorderSettings): Promise<ReorderResultJson> {
  const tz = ctx.timeZone ?? 'UTC';
  const today = localDate(ctx.clock.now(), tz);
  const thisMonday = addDays(today, 1 - isoWeekday(today));
  const firstMonday = addDays(thisMonday, -7 * settings.historyWeeks);
  const candidates = await queryRows<Candidate>(ctx.db, sql`
    select distinct on (v.sku, v.location_code) v.sku, v.location_code, (v.on_hand - v.reserved - v.safety_stock)::int as available, v.reorder_point,
      sp.supplier_id::text as supplier_id, sp.lead_time_days, sp.moq, sp.pack_size
    from inventory_levels v join supplier_products sp on sp.sku = v.sku
    order by v.sku, v.location_code, sp.lead_time_days, sp.cost_amount, sp.supplier_id`);
  if (candidates.length === 0) return { checked: 0, suggestions: [], drafts: [] };
  const skus = [...new Set(candidates.map((c) => c.sku))];
  const demand = await queryRows<{ sku: string; location_code: string; week: string; units: number }>(ctx.db, sql`
    select r.sku, r.location_code, to_char(date_trunc('week', r.created_at at time zone ${tz}::text), 'YYYY-MM-DD') as week, sum(r.quantity)::int as units
    from reservations r
    where r.order_id is not null and r.state in ('allocated', 'consumed') and r.sku = any(${sql.param(skus)}::text[])
      and r.created_at >= (${firstMonday}::date::timestamp at time zone ${tz}::text) and r.created_at < (${thisMonday}::date::timestamp at time zone ${tz}::text)
    group by 1, 2, 3`);
  const backorders = await queryRows<{ sku: string; units: number }>(ctx.db, sql`
    select l.sku, sum(l.quantity_backordered)::int as units from order_lines l join orders o on o.id = l.order_id
    where l.quantity_backordered > 0 and o.status not in ('cancelled', 'completed') and l.sku = any(${sql.param(skus)}::text[])
    group by l.sku`);
  const incoming = await incomingUnits(ctx.db, { skus });
  const demandOf = new Map(demand.map((d) => [`${d.sku}@${d.location_code}@${d.week}`, d.units]));
  // Backorders wait for stock anywhere: counted once, at the SKU's first location (by code) that has a supplier.
  const backorderAt = new Map<string, string>();
  for (const c of candidates) if (!backorderAt.has(c.sku)) backorderAt.set(c.sku, c.location_code);
  const suggestions: ReorderResultJson['suggestions'] = [];
  for (const c of candidates) {
    const weeks: number[] = [];
    for (let w = firstMonday; w < thisMonday; w = addDays(w, 7)) weeks.push(demandOf.get(`${c.sku}@${c.location_code}@${w}`) ?? 0);
    const firstNonZero = weeks.findIndex((u) => u > 0);
    const backordered = backorderAt.get(c.sku) === c.location_code ? (backorders.find((b) => b.sku === c.sku)?.units ?? 0) : 0;
    const inc = incoming.get(`${c.sku}@${c.location_code}`) ?? 0;
    const d = reorderDecision({
      weeklyDemand: firstNonZero < 0 ? [] : weeks.slice(firstNonZero),
      leadTimeDays: c.lead_time_days,
      serviceLevel: settings.serviceLevel,
      minimumReorderPoint: c.reorder_point,
      available: c.available,
      incoming: inc,
      backordered,
      moq: c.moq,
      packSize: c.pack_size,
      coverWeeks: settings.coverWeeks,
    });
    suggestions.push({
      sku: c.sku, locationCode: c.location_code, supplierId: c.supplier_id, model: d.model, leadTimeDays: c.lead_time_days,
      leadTimeDemand: d.leadTimeDemand, safetyStock: d.safetyStock, reorderPoint: d.reorderPoint, available: c.available, incoming: inc, backordered,
      position: d.position, quantity: d.quantity, purchaseOrderId: null,
    });
  }
  const groups = new Map<string, typeof suggestions>();
  for (const s of suggestions.filter((x) => x.quantity > 0)) {
    const k = `${s.supplierId}@${s.locationCode}`;
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  const drafts: string[] = [];
  for (const group of groups.values()) {
    const id = await ctx.db.transaction((tx) => fillDraft(tx, ctx, group));
    for (const s of group) s.purchaseOrderId = id;
    if (!drafts.includes(id)) drafts.push(id);
  }
  return { checked: candidates.length, suggestions, drafts };
}

/** Puts the suggested quantities on the supplier's open draft for the location (created if none). */
async function fillDraft(tx: Db, ctx: Ctx, group: ReorderResultJson['suggestions']): Promise<string> {
  const { supplierId, locationCode } = group[0]!;
  const [draft] = await tx
    .select()
    .from(purchaseOrders)
    .where(and(eq(purchaseOrders.supplierId, supplierId), eq(purchaseOrders.locationCode, locationCode), eq(purchaseOrders.status, 'draft')))
    .orderBy(sql`${purchaseOrders.origin} = 'reorder' desc`, purchaseOrders.createdAt)
    .limit(1)
    .for('update');
  if (!draft) return insertPurchaseOrder(tx, ctx, { supplierId, locationCode, origin: 'reorder', note: 'reorder point reached', lines: group.map((s) => ({ sku: s.sku, quantity: s.quantity })) });
  const lines = await tx.select().from(purchaseOrderLines).where(eq(purchaseOrderLines.purchaseOrderId, draft.id));
  const changed: Array<{ sku: string; quantity: number }> = [];
  for (const s of group) {
    const line = lines.find((l) => l.sku === s.sku);
    if (line && line.quantityOrdered >= s.quantity) continue;
    if (line) await tx.update(purchaseOrderLines).set({ quantityOrdered: s.quantity }).where(eq(purchaseOrderLines.id, line.id));
    else {
      const [cost] = await queryRows<{ cost: string }>(tx, sql`select cost_amount::text as cost from supplier_products where supplier_id = ${supplierId}::uuid and sku = ${s.sku}`);
      await tx.insert(purchaseOrderLines).values({ id: ctx.newId(), purchaseOrderId: draft.id, sku: s.sku, quantityOrdered: s.quantity, unitCostAmount: BigInt(cost?.cost ?? '0') });
    }
    changed.push({ sku: s.sku, quantity: s.quantity });
  }
  if (changed.length) {
    const at = ctx.clock.now();
    await tx.update(purchaseOrders).set({ updatedAt: at }).where(eq(purchaseOrders.id, draft.id));
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(purchaseOrderCreated, draft.id, { purchaseOrderId: draft.id, number: draft.number, supplierId, locationCode, origin: 'reorder', lines: changed })]);
    await recordAudit(tx, { ...ctx, at }, { action: 'purchase_order.reorder_lines', entityType: 'purchase_order', entityId: draft.id, before: null, after: { lines: changed } });
  }
  return draft.id;
}
