import { expect } from 'vitest';
import type { TestApp } from '../support/app.js';
import { makeLocation, makeProduct, orderBody, receiveStock } from '../support/factories.js';
import { newEvent } from '../../src/platform/events/define.js';
import { orderAllocated } from '../../src/modules/orders/index.js';

/** Valid GTINs (check digits verified) used across the fulfillment tests. */
export const GTIN = { MUG: '4006381333931', PEN: '036000291452', BOOK: '9780306406157' } as const;

/** A warehouse with three products in bins, and the default box catalog. */
export async function warehouse(t: TestApp, code = 'BER', stock = 20) {
  await makeLocation(t, { code });
  const products = [
    { sku: 'MUG-1', name: 'Enamel mug', gtin: GTIN.MUG, weightGrams: 300, dimensionsMm: { length: 120, width: 90, height: 100 }, bin: 'B-02-10',
      customizationFields: [{ key: 'engraving', label: 'Engraving', type: 'text', required: false, maxLength: 40 }] },
    { sku: 'PEN-1', name: 'Fountain pen', gtin: GTIN.PEN, weightGrams: 40, dimensionsMm: { length: 150, width: 20, height: 20 }, bin: 'A-01-3' },
    { sku: 'BOOK-1', name: 'Field notes', gtin: GTIN.BOOK, weightGrams: 500, dimensionsMm: { length: 240, width: 170, height: 30 }, bin: 'B-02-9' },
  ];
  for (const p of products) {
    const { bin, ...body } = p;
    await makeProduct(t, body);
    await receiveStock(t, p.sku, code, stock);
    const lv = await t.api('PATCH', `/api/v1/inventory/levels/${p.sku}/${code}`, { bin });
    expect(lv.status, JSON.stringify(lv.body)).toBe(200);
  }
  return products;
}

export async function boxCatalog(t: TestApp) {
  for (const b of [
    { code: 'S', name: 'Small', dimensionsMm: { length: 200, width: 150, height: 100 }, maxWeightGrams: 2000, tareWeightGrams: 80 },
    { code: 'M', name: 'Medium', dimensionsMm: { length: 300, width: 250, height: 150 }, maxWeightGrams: 5000, tareWeightGrams: 150 },
    { code: 'L', name: 'Large', dimensionsMm: { length: 500, width: 400, height: 300 }, maxWeightGrams: 20000, tareWeightGrams: 400 },
  ]) {
    const r = await t.api('POST', '/api/v1/boxes', b);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
}

export async function placeOrder(t: TestApp, lines: Array<{ sku: string; quantity: number; customization?: Record<string, string> }>, over: Record<string, unknown> = {}) {
  const body = orderBody(lines, over) as ReturnType<typeof orderBody> & { lines: Array<Record<string, unknown>> };
  lines.forEach((l, i) => l.customization && (body.lines[i]!.customization = l.customization));
  const res = await t.api('POST', '/api/v1/orders', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; number: string; status: string; lines: Array<{ id: string; sku: string; quantities: Record<string, number> }> };
}

export async function fulfillmentsOf(t: TestApp, orderId: string) {
  const res = await t.api('GET', `/api/v1/fulfillment-orders?orderId=${orderId}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as Array<{ id: string; number: string; locationCode: string; status: string; type: string }>;
}

export async function fo(t: TestApp, id: string) {
  const res = await t.api('GET', `/api/v1/fulfillment-orders/${id}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

export async function order(t: TestApp, id: string) {
  const res = await t.api('GET', `/api/v1/orders/${id}`);
  expect(res.status).toBe(200);
  return res.body;
}

export async function ok(res: Promise<{ status: number; body: any }>, status = 200) {
  const r = await res;
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
}

/**
 * What the sourcing engine does when it allocates a backordered quantity at another location:
 * reserve there, move the line backordered -> allocated, and announce `order.allocated`, in one
 * transaction (mirrors the team contract; sourcing itself lives on another branch).
 */
export async function allocateElsewhere(t: TestApp, input: { orderId: string; orderLineId: string; sku: string; locationCode: string; quantity: number }) {
  const { sql } = await import('drizzle-orm');
  const { enqueueEvents } = await import('../../src/platform/outbox/outbox.js');
  const { systemActor } = await import('../../src/platform/auth/roles.js');
  const at = t.deps.clock.now();
  await t.database.db.transaction(async (tx) => {
    const lv = await tx.execute(sql`update inventory_levels set reserved = reserved + ${input.quantity}
      where sku = ${input.sku} and location_code = ${input.locationCode} and on_hand - reserved - safety_stock >= ${input.quantity} returning sku`);
    expect((lv as unknown as { rows: unknown[] }).rows).toHaveLength(1);
    await tx.execute(sql`update order_lines set quantity_backordered = quantity_backordered - ${input.quantity}, quantity_allocated = quantity_allocated + ${input.quantity}
      where id = ${input.orderLineId}`);
    await tx.execute(sql`insert into reservations (id, sku, location_code, quantity, state, order_id, order_line_id, created_at, updated_at)
      values (${t.deps.newId()}, ${input.sku}, ${input.locationCode}, ${input.quantity}, 'allocated', ${input.orderId}, ${input.orderLineId}, ${at}, ${at})`);
    await enqueueEvents(tx, { actor: systemActor, newId: t.deps.newId, at }, [
      newEvent(orderAllocated, input.orderId, { orderId: input.orderId, trigger: 'manual', planId: t.deps.newId(), allocations: [{ orderLineId: input.orderLineId, sku: input.sku, locationCode: input.locationCode, quantity: input.quantity }] }),
    ]);
  });
}

export async function eventsOfType(t: TestApp, type: string) {
  const { sql } = await import('drizzle-orm');
  const { queryRows } = await import('../../src/platform/db/query.js');
  return queryRows<{ payload: any }>(t.database.db, sql`select payload from outbox where type = ${type} order by id`).then((r) => r.map((x) => x.payload));
}
