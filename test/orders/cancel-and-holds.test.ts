import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/query.js';
import { testApp, type TestApp } from '../support/app.js';
import { level, makeLocation, makeProduct, orderBody, receiveStock } from '../support/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await makeLocation(t, { code: 'BER' });
  await makeProduct(t, { sku: 'A' });
  await makeProduct(t, { sku: 'B' });
  await receiveStock(t, 'A', 'BER', 10);
  await receiveStock(t, 'B', 'BER', 2);
});
afterAll(() => t.close());

async function place(lines: Array<{ sku: string; quantity: number }>, over: Record<string, unknown> = {}) {
  const res = await t.api('POST', '/api/v1/orders', orderBody(lines, { inventoryPolicy: 'backorder', ...over }));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('cancel', () => {
  it('cancels part of a line: backordered units first, then allocated ones, releasing their stock', async () => {
    const o = await place([{ sku: 'A', quantity: 3 }, { sku: 'B', quantity: 4 }]);
    expect(o.lines[1].quantities).toMatchObject({ allocated: 2, backordered: 2 });
    expect(await level(t, 'B', 'BER')).toMatchObject({ reserved: 2, available: 0 });

    const r1 = await t.api('POST', `/api/v1/orders/${o.id}/cancel`, { reason: 'customer changed mind', lines: [{ lineId: o.lines[1].id, quantity: 3 }] });
    expect(r1.status, JSON.stringify(r1.body)).toBe(200);
    expect(r1.body.status).toBe('confirmed');
    expect(r1.body.lines[1].quantities).toMatchObject({ ordered: 4, cancelled: 3, backordered: 0, allocated: 1 });
    expect(await level(t, 'B', 'BER')).toMatchObject({ reserved: 1, available: 1 });

    const tooMany = await t.api('POST', `/api/v1/orders/${o.id}/cancel`, { reason: 'x', lines: [{ lineId: o.lines[1].id, quantity: 2 }] });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.errors[0].path).toBe('lines.0.quantity');

    const rest = await t.api('POST', `/api/v1/orders/${o.id}/cancel`, { reason: 'out of patience' });
    expect(rest.status).toBe(200);
    expect(rest.body.status).toBe('cancelled');
    expect(rest.body.lines.map((l: any) => l.quantities.cancelled)).toEqual([3, 4]);
    expect(await level(t, 'A', 'BER')).toMatchObject({ reserved: 0, available: 10 });
    expect(await level(t, 'B', 'BER')).toMatchObject({ reserved: 0, available: 2 });

    const again = await t.api('POST', `/api/v1/orders/${o.id}/cancel`, { reason: 'twice' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('illegal_transition');

    const events = await t.api('GET', `/api/v1/orders/${o.id}/events`);
    expect(events.body.items.map((e: any) => e.type)).toEqual(['order.placed', 'order.lines_cancelled', 'order.cancelled']);
    expect(events.body.items[1].payload.lines).toEqual([{ lineId: o.lines[1].id, sku: 'B', quantity: 3, released: 1 }]);
  });

  it('refuses a line id that is not on the order and leaves everything as it was', async () => {
    const o = await place([{ sku: 'A', quantity: 1 }]);
    const res = await t.api('POST', `/api/v1/orders/${o.id}/cancel`, { reason: 'x', lines: [{ lineId: '0190a2b4-0000-7000-8000-000000000000', quantity: 1 }] });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('lines.0.lineId');
    expect((await t.api('GET', `/api/v1/orders/${o.id}`)).body.lines[0].quantities.allocated).toBe(1);
  });
});

describe('holds and status', () => {
  it('a hold blocks progress until released; both are on the timeline and in the audit log', async () => {
    const o = await place([{ sku: 'A', quantity: 1 }]);
    const hold = await t.api('POST', `/api/v1/orders/${o.id}/holds`, { type: 'fraud', reason: 'velocity check' });
    expect(hold.status).toBe(201);
    expect(hold.body).toMatchObject({ type: 'fraud', reason: 'velocity check', releasedAt: null });
    expect((await t.api('POST', `/api/v1/orders/${o.id}/holds`, { type: 'fraud', reason: 'again' })).status).toBe(409);

    const blocked = await t.api('POST', `/api/v1/orders/${o.id}/status`, { status: 'processing' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.code).toBe('order_on_hold');
    const listed = await t.api('GET', '/api/v1/orders?onHold=true');
    expect(listed.body.items.find((x: any) => x.id === o.id)?.activeHolds).toBe(1);
    const all = await t.api('GET', '/api/v1/orders');
    expect(all.body.items.find((x: any) => x.id === o.id)?.activeHolds).toBe(1);

    const rel = await t.api('POST', `/api/v1/orders/${o.id}/holds/${hold.body.id}/release`, { reason: 'customer verified' });
    expect(rel.status).toBe(200);
    expect(rel.body.releaseReason).toBe('customer verified');
    expect((await t.api('POST', `/api/v1/orders/${o.id}/holds/${hold.body.id}/release`, { reason: 'again' })).status).toBe(409);

    const moved = await t.api('POST', `/api/v1/orders/${o.id}/status`, { status: 'processing' });
    expect(moved.status).toBe(200);
    expect(moved.body.status).toBe('processing');
    const illegal = await t.api('POST', `/api/v1/orders/${o.id}/status`, { status: 'delivered' });
    expect(illegal.status).toBe(409);
    expect(illegal.body).toMatchObject({ code: 'illegal_transition', allowed: ['partially_shipped', 'shipped', 'cancelled'] });

    const events = await t.api('GET', `/api/v1/orders/${o.id}/events`);
    expect(events.body.items.map((e: any) => e.type)).toEqual(['order.placed', 'order.hold_placed', 'order.hold_released', 'order.status_changed']);
    const rows = await queryRows<{ action: string }>(t.database.db, sql`select action from audit_log where entity_id = ${o.id} order by id`);
    expect(rows.map((r) => r.action)).toEqual(['order.placed', 'order.hold_placed', 'order.hold_released', 'order.status_changed']);
  });

  it('support may place holds; warehouse may not', async () => {
    const o = await place([{ sku: 'A', quantity: 1 }]);
    expect((await t.api('POST', `/api/v1/orders/${o.id}/holds`, { type: 'manual', reason: 'call customer' }, { as: 'support' })).status).toBe(201);
    expect((await t.api('POST', `/api/v1/orders/${o.id}/holds`, { type: 'address', reason: 'x' }, { as: 'warehouse' })).status).toBe(403);
  });
});

describe('list and search', () => {
  it('filters by status, channel, email and free text with cursor paging', async () => {
    const a = await place([{ sku: 'A', quantity: 1 }], { channel: 'amazon', externalId: 'AMZ-778', customer: { email: 'zoe@example.org', name: 'Zoë Quinn' } });
    const byText = await t.api('GET', '/api/v1/orders?q=amz-778');
    expect(byText.body.items.map((x: any) => x.id)).toEqual([a.id]);
    expect((await t.api('GET', '/api/v1/orders?q=zoë')).body.items.map((x: any) => x.id)).toEqual([a.id]);
    expect((await t.api('GET', `/api/v1/orders?q=${a.number}`)).body.items.map((x: any) => x.id)).toEqual([a.id]);
    expect((await t.api('GET', '/api/v1/orders?channel=amazon&email=ZOE@example.org')).body.items).toHaveLength(1);
    expect((await t.api('GET', '/api/v1/orders?status=cancelled')).body.items.every((x: any) => x.status === 'cancelled')).toBe(true);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await t.api('GET', `/api/v1/orders?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((x: any) => x.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const all = await t.api('GET', '/api/v1/orders?limit=200');
    expect(seen).toEqual(all.body.items.map((x: any) => x.id));
    expect(new Set(seen).size).toBe(seen.length);
    const future = await t.api('GET', `/api/v1/orders?from=${encodeURIComponent(new Date(t.deps.clock.now().getTime() + 86_400_000).toISOString())}`);
    expect(future.body.items).toEqual([]);
  });
});
