import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/platform/db/query.js';
import { testApp, type TestApp } from '../support/app.js';
import { level, makeLocation, makeProduct, receiveStock } from '../support/factories.js';
import { orderEvents, riskyBody } from './support.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await makeLocation(t, { code: 'WH' });
  await makeProduct(t, { sku: 'LAMP', price: { amount: 4990, currency: 'EUR' } });
  await receiveStock(t, 'LAMP', 'WH', 50);
  const bl = await t.api('POST', '/api/v1/risk/blocklist', { kind: 'email', value: ' Thief@Example.com ', reason: 'stolen cards' });
  expect(bl.status, JSON.stringify(bl.body)).toBe(201);
});
afterAll(() => t.close());

const held = async () => {
  const res = await t.api('POST', '/api/v1/orders', riskyBody('LAMP', { customer: { email: 'thief@example.com', name: 'T' } }));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.holds).toHaveLength(1);
  return res.body.id as string;
};

describe('fraud review queue', () => {
  it('lists held orders newest first with score and reasons, cursor-paged; clean orders are not listed', async () => {
    const clean = await t.api('POST', '/api/v1/orders', riskyBody('LAMP'));
    const a = await held();
    const b = await held();
    const page1 = await t.api('GET', '/api/v1/risk/reviews?limit=1', undefined, { as: 'support' });
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((i: { orderId: string }) => i.orderId)).toEqual([b]);
    expect(page1.body.items[0]).toMatchObject({ score: 100, status: 'confirmed', total: { amount: 4990, currency: 'EUR' }, email: 'thief@example.com' });
    expect(page1.body.items[0].reasons).toEqual([{ rule: 'blocklistEmail', points: 100, message: 'The customer’s email address is on the blocklist' }]);
    const page2 = await t.api('GET', `/api/v1/risk/reviews?limit=1&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((i: { orderId: string }) => i.orderId)).toEqual([a]);
    const all = await t.api('GET', '/api/v1/risk/reviews?limit=200');
    expect(all.body.items.map((i: { orderId: string }) => i.orderId)).not.toContain(clean.body.id);
  });

  it('release: hold released through the hold use case, order.hold_released in the outbox, gone from the queue, audited', async () => {
    const id = await held();
    const res = await t.api('POST', `/api/v1/risk/reviews/${id}/release`, { note: 'called the customer' }, { as: 'manager' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.holds[0]).toMatchObject({ type: 'fraud', releaseReason: 'Fraud review: approved. called the customer' });
    expect(res.body.holds[0].releasedAt).not.toBeNull();
    const events = await orderEvents(t, id);
    expect(events.map((e) => e.type)).toContain('order.hold_released');
    expect(events.find((e) => e.type === 'order.hold_released')!.payload).toMatchObject({ orderId: id, hold: { type: 'fraud' } });
    const queue = await t.api('GET', '/api/v1/risk/reviews?limit=200');
    expect(queue.body.items.map((i: { orderId: string }) => i.orderId)).not.toContain(id);
    const audit = await queryRows<{ action: string }>(t.database.db, sql`select action from audit_log where entity_id = ${id} order by id`);
    expect(audit.map((a) => a.action)).toEqual(['order.placed', 'order.hold_placed', 'order.hold_released']);
    // Released: the hold no longer blocks the order (sourcing allocates the pending quantity on order.hold_released).
    expect((await t.api('GET', `/api/v1/orders/${id}`)).body.holds.filter((h: { releasedAt: null }) => h.releasedAt === null)).toEqual([]);
    // A second release finds nothing to release.
    const again = await t.api('POST', `/api/v1/risk/reviews/${id}/release`, { note: 'twice' });
    expect(again.status).toBe(409);
  });

  it('cancel: order cancelled through the cancel flow, hold closed, stock untouched, gone from the queue', async () => {
    const id = await held();
    const before = await level(t, 'LAMP', 'WH');
    const res = await t.api('POST', `/api/v1/risk/reviews/${id}/cancel`, { reason: 'confirmed fraud' }, { as: 'support' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect(res.body.lines[0].quantities).toMatchObject({ cancelled: 1, pending: 0, allocated: 0 });
    expect(res.body.holds[0].releasedAt).not.toBeNull();
    expect(await level(t, 'LAMP', 'WH')).toEqual(before);
    const types = (await orderEvents(t, id)).map((e) => e.type);
    expect(types).toEqual(['order.placed', 'order.risk_assessed', 'order.hold_placed', 'order.cancelled', 'order.hold_released']);
    const queue = await t.api('GET', '/api/v1/risk/reviews?limit=200');
    expect(queue.body.items.map((i: { orderId: string }) => i.orderId)).not.toContain(id);
  });

  it('two reviewers releasing at once: one succeeds, the other gets 409; one hold_released event', async () => {
    const id = await held();
    const results = await Promise.all([
      t.api('POST', `/api/v1/risk/reviews/${id}/release`, { note: 'first' }),
      t.api('POST', `/api/v1/risk/reviews/${id}/release`, { note: 'second' }, { as: 'support' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const types = (await orderEvents(t, id)).map((e) => e.type);
    expect(types.filter((x) => x === 'order.hold_released')).toHaveLength(1);
  });

  it('validates review input and refuses unknown orders and other roles', async () => {
    const id = await held();
    const noNote = await t.api('POST', `/api/v1/risk/reviews/${id}/release`, {});
    expect(noNote.status).toBe(400);
    expect(noNote.body.errors).toEqual([{ path: 'note', message: expect.any(String) }]);
    const unknown = await t.api('POST', '/api/v1/risk/reviews/00000000-0000-4000-8000-000000000000/cancel', { reason: 'x' });
    expect(unknown.status).toBe(404);
    for (const as of ['warehouse', 'integration', 'read-only'] as const) {
      expect((await t.api('GET', '/api/v1/risk/reviews', undefined, { as })).status).toBe(403);
      expect((await t.api('POST', `/api/v1/risk/reviews/${id}/release`, { note: 'x' }, { as })).status).toBe(403);
    }
    // Still held after the refused attempts.
    expect((await t.api('GET', `/api/v1/orders/${id}`)).body.holds[0].releasedAt).toBeNull();
  });
});
