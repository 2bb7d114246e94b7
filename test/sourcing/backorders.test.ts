import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/query.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { OutboxEvent } from '../../src/platform/outbox/outbox.js';
import { sourcingHandlers } from '../../src/modules/sourcing/index.js';
import { testApp, type TestApp } from '../support/app.js';
import { level, makeLocation, makeProduct, orderBody } from '../support/factories.js';

/**
 * A delivery for a popular backordered SKU allocates every order it covers, oldest first, in batches
 * of 100 orders per transaction chained by `sourcing.backorders_continued` events. The clock stands
 * still: every order is placed in the same millisecond, so "oldest" is decided by the order number.
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp({ clock: fixedClock(new Date('2026-11-26T09:00:00Z')) });
  await makeLocation(t, { code: 'BER' });
  await makeLocation(t, { code: 'MUC', name: 'Munich', latitude: 48.137, longitude: 11.575, address: { line1: 'Marienplatz 1', city: 'München', postalCode: '80331', country: 'DE' } });
  for (const sku of ['POP', 'DUO']) await makeProduct(t, { sku });
});
afterAll(() => t.close());

let customers = 0;
/** `n` backorder orders of one unit of `sku`, one after the other; returns their ids in placement order. */
async function backorders(sku: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    // Distinct customers (velocity holds count orders per email), a valid Berlin address.
    const res = await t.api('POST', '/api/v1/orders', orderBody([{ sku, quantity: 1 }], { inventoryPolicy: 'backorder', customer: { email: `fan${++customers}@example.com`, name: `Fan ${customers}` } }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.lines[0].quantities).toMatchObject({ allocated: 0, backordered: 1 });
    ids.push(res.body.id);
  }
  await t.drain();
  return ids;
}
/** Allocated units per order, in the given order. */
async function allocatedOf(ids: string[]): Promise<number[]> {
  const rows = await queryRows<{ order_id: string; allocated: number; backordered: number }>(
    t.database.db,
    sql`select order_id, sum(quantity_allocated)::int as allocated, sum(quantity_backordered)::int as backordered from order_lines group by order_id`,
  );
  const by = new Map(rows.map((r) => [r.order_id, r]));
  return ids.map((id) => {
    const r = by.get(id)!;
    expect(r.allocated + r.backordered).toBe(1);
    return r.allocated;
  });
}
/** reserved = Σ allocated reservations for every stock row, and every line holds what it reserved. */
async function expectStockInvariants() {
  const drift = await queryRows<{ sku: string; location_code: string; reserved: number; held: number }>(
    t.database.db,
    sql`select v.sku, v.location_code, v.reserved, coalesce((select sum(r.quantity) from reservations r where r.sku = v.sku and r.location_code = v.location_code and r.state = 'allocated'), 0)::int as held
        from inventory_levels v
        where v.reserved <> coalesce((select sum(r.quantity) from reservations r where r.sku = v.sku and r.location_code = v.location_code and r.state = 'allocated'), 0)
           or v.reserved > v.on_hand`,
  );
  expect(drift).toEqual([]);
  const [lines] = await queryRows<{ n: number }>(
    t.database.db,
    sql`select count(*)::int as n from order_lines l
        where l.quantity_allocated <> coalesce((select sum(r.quantity) from reservations r where r.order_line_id = l.id and r.state = 'allocated'), 0)`,
  );
  expect(lines!.n).toBe(0);
}
const continuations = (sku: string) =>
  queryRows<{ payload: { sku: string; locationCode: string; afterOrderId: string; examined: number } }>(
    t.database.db,
    sql`select payload from outbox where type = 'sourcing.backorders_continued' and payload->>'sku' = ${sku} order by id`,
  ).then((rows) => rows.map((r) => r.payload));
const undispatched = async () => (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from outbox where dispatched_at is null`))[0]!.n;
const receive = async (sku: string, locationCode: string, delta: number) => {
  const res = await t.api('POST', '/api/v1/inventory/adjustments', { sku, locationCode, delta, reason: 'receipt' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
};

describe('backorders beyond one batch', () => {
  let ids: string[] = [];

  it('a delivery covering 155 of 160 backorders allocates the 155 oldest: one batch of 100, one follow-up, then the chain ends', async () => {
    ids = await backorders('POP', 160);
    await receive('POP', 'BER', 155);
    await t.drain();
    expect(await allocatedOf(ids)).toEqual([...Array(155).fill(1), ...Array(5).fill(0)]);
    expect(await level(t, 'POP', 'BER')).toMatchObject({ onHand: 155, reserved: 155, available: 0 });
    await expectStockInvariants();
    // The first transaction examined 100 orders and handed over after the 100th; the follow-up's batch
    // (60 orders) used the stock up and was not full: no further event, nothing left in the outbox.
    expect(await continuations('POP')).toEqual([{ sku: 'POP', locationCode: 'BER', afterOrderId: ids[99], examined: 100 }]);
    expect(await undispatched()).toBe(0);
    const [plans] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from sourcing_plans where trigger = 'stock_received'`);
    expect(plans!.n).toBe(155);
  });

  it('the next delivery allocates the 5 still waiting and leaves the rest of its stock available, without a follow-up', async () => {
    await receive('POP', 'BER', 10);
    await t.drain();
    expect(await allocatedOf(ids)).toEqual(Array(160).fill(1));
    expect(await level(t, 'POP', 'BER')).toMatchObject({ onHand: 165, reserved: 160, available: 5 });
    expect(await continuations('POP')).toHaveLength(1);
    await expectStockInvariants();
  });

  it('two stock receipts handled at once (two dispatchers) allocate the oldest orders once each, and redelivery changes nothing', async () => {
    const duo = await backorders('DUO', 130);
    await receive('DUO', 'BER', 60);
    await receive('DUO', 'MUC', 60);
    const events = (
      await queryRows<{ id: number; event_id: string; type: string; aggregate_type: string; aggregate_id: string; payload: Record<string, unknown>; occurred_at: Date; actor: string; attempts: number }>(
        t.database.db,
        sql`select * from outbox where type = 'inventory.adjusted' and payload->>'sku' = 'DUO' order by id`,
      )
    ).map((r): OutboxEvent => ({ id: r.id, eventId: r.event_id, type: r.type, aggregateType: r.aggregate_type, aggregateId: r.aggregate_id, payload: r.payload, occurredAt: new Date(r.occurred_at), actor: r.actor, attempts: r.attempts }));
    expect(events).toHaveLength(2);
    // Each receipt's handler in its own transaction, at the same time (on PostgreSQL truly concurrent);
    // then the dispatcher delivers both events again (at least once) and runs any follow-up.
    const handler = sourcingHandlers(t.deps).find((h) => h.name === 'sourcing.allocate_backorders_on_stock')!;
    await Promise.all(events.map((e) => t.database.db.transaction((tx) => handler.handle(tx, e))));
    await t.drain();
    expect(await allocatedOf(duo)).toEqual([...Array(120).fill(1), ...Array(10).fill(0)]);
    expect(await level(t, 'DUO', 'BER')).toMatchObject({ onHand: 60, reserved: 60 });
    expect(await level(t, 'DUO', 'MUC')).toMatchObject({ onHand: 60, reserved: 60 });
    await expectStockInvariants();
    expect(await undispatched()).toBe(0);
    expect((await continuations('DUO')).length).toBeLessThanOrEqual(2);
  });
});
