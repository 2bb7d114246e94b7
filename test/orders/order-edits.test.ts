import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/query.js';
import { testApp, type TestApp } from '../support/app.js';
import { level, makeLocation, makeProduct, receiveStock } from '../support/factories.js';
import { ok, placeOrder, shippingWorld } from '../shipping/support.js';
import { fulfillmentsOf } from '../fulfillment/support.js';
import type { PaymentProvider } from '../../src/modules/payments/providers/provider.js';

/**
 * Order edits before picking (flows/edit-order.ts) through the API: address change re-sources and
 * re-promises, quantity changes re-price and adjust payments (additional authorization, partial void),
 * refusals (picking started, stale version, no stock, declined payment) change nothing, every edit is
 * a version with its diff.
 */
let t: TestApp;
const munich = { name: 'Ada Lovelace', line1: 'Marienplatz 8', city: 'München', postalCode: '80331', country: 'DE', latitude: 48.137, longitude: 11.575 };
beforeAll(async () => {
  t = await testApp();
  await shippingWorld(t); // BER warehouse in Berlin (MUG-1, PEN-1, BOOK-1 × 20), Ordo Post ground + express
  await makeLocation(t, { code: 'MUC', name: 'Munich DC', latitude: 48.137, longitude: 11.575, address: { line1: 'Marienplatz 1', city: 'München', postalCode: '80331', country: 'DE' } });
  for (const sku of ['MUG-1', 'PEN-1', 'BOOK-1']) await receiveStock(t, sku, 'MUC', 20);
  await makeProduct(t, { sku: 'MUG-2', name: 'Enamel mug, large', price: { amount: 5990, currency: 'EUR' }, weightGrams: 400 });
  await receiveStock(t, 'MUG-2', 'BER', 5);
  await makeProduct(t, { sku: 'RARE-1', name: 'Rare print', price: { amount: 9900, currency: 'EUR' } });
  await receiveStock(t, 'RARE-1', 'BER', 2);
});
afterAll(() => t.close());

let buyers = 0;
const place = (lines: Array<{ sku: string; quantity: number }>, over: Record<string, unknown> = {}) => placeOrder(t, lines, { customer: { email: `edit-${++buyers}@example.com`, name: 'Ada Lovelace' }, ...over });
const edit = (orderId: string, body: Record<string, unknown>, opts: { as?: 'support' | 'warehouse' | 'manager' | 'admin'; key?: string } = {}) =>
  t.api('POST', `/api/v1/orders/${orderId}/edits`, body, { as: opts.as ?? 'support', ...(opts.key ? { headers: { 'idempotency-key': opts.key } } : {}) });
const reserved = (orderId: string) =>
  queryRows<{ location_code: string; sku: string; quantity: number }>(
    t.database.db,
    sql`select location_code, sku, sum(quantity)::int as quantity from reservations where order_id = ${orderId} and state = 'allocated' group by 1, 2 order by 1, 2`,
  ).then((rows) => rows.map((r) => [r.location_code, r.sku, r.quantity]));
const versions = (orderId: string) => ok(t.api('GET', `/api/v1/orders/${orderId}/versions`));

describe('address change before picking', () => {
  it('re-validates, releases the Berlin stock, re-sources from Munich and re-promises; the edit is version 2 with its diff on the timeline', async () => {
    const o = await place([{ sku: 'MUG-1', quantity: 2 }, { sku: 'PEN-1', quantity: 1 }]);
    expect(await reserved(o.id)).toEqual([['BER', 'MUG-1', 2], ['BER', 'PEN-1', 1]]);
    await t.drain();
    expect(await ok(t.api('GET', `/api/v1/orders/${o.id}/promise`))).toMatchObject({ locationCode: 'BER' });
    expect((await fulfillmentsOf(t, o.id)).map((f) => [f.locationCode, f.status])).toEqual([['BER', 'open']]);
    const berBefore = await level(t, 'MUG-1', 'BER');

    // A postal code that is not German is refused naming the field; nothing changes.
    const bad = await edit(o.id, { expectedVersion: 1, operations: [{ op: 'set_shipping_address', address: { ...munich, postalCode: '8033' } }] });
    expect(bad.status, JSON.stringify(bad.body)).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'operations.0.address.postalCode', message: expect.any(String) }]);

    const res = await ok(edit(o.id, { expectedVersion: 1, reason: 'customer moved', operations: [{ op: 'set_shipping_address', address: munich }] }));
    expect(res.version).toBe(2);
    expect(res.order.shippingAddress).toMatchObject({ city: 'München', postalCode: '80331' });
    expect(res.diff.shippingAddress).toMatchObject({ from: { city: 'Berlin' }, to: { city: 'München' } });
    expect(res.diff.sourcing).toMatchObject({ released: 3, backordered: 0 });
    expect(res.diff.sourcing.allocations.map((a: any) => [a.locationCode, a.sku, a.quantity]).sort()).toEqual([['MUC', 'MUG-1', 2], ['MUC', 'PEN-1', 1]]);
    expect(await reserved(o.id)).toEqual([['MUC', 'MUG-1', 2], ['MUC', 'PEN-1', 1]]);
    expect((await level(t, 'MUG-1', 'BER')).reserved).toBe(berBefore.reserved - 2);
    // The Berlin fulfillment order no longer has stock behind it: cancelled, Munich released instead.
    expect((await fulfillmentsOf(t, o.id)).map((f) => [f.locationCode, f.status]).sort()).toEqual([['BER', 'cancelled'], ['MUC', 'open']]);

    await t.drain();
    expect(await ok(t.api('GET', `/api/v1/orders/${o.id}/promise`))).toMatchObject({ locationCode: 'MUC' });
    const v = await versions(o.id);
    expect(v.currentVersion).toBe(2);
    expect(v.items.map((i: any) => [i.version, i.kind, i.reason])).toEqual([[1, 'placed', null], [2, 'edited', 'customer moved']]);
    expect(v.items[1].diff.shippingAddress.to.city).toBe('München');
    const timeline = await ok(t.api('GET', `/api/v1/orders/${o.id}/events`));
    const edited = timeline.items.find((e: any) => e.type === 'order.edited');
    expect(edited.payload).toMatchObject({ version: 2, reason: 'customer moved', diff: { shippingAddress: { to: { city: 'München' } } } });
  });
});

describe('lines: quantities, added, removed and swapped, re-priced', () => {
  it('applies the operations in order as one version with re-priced totals', async () => {
    const o = await place([{ sku: 'MUG-1', quantity: 1 }, { sku: 'PEN-1', quantity: 2 }, { sku: 'BOOK-1', quantity: 1 }]);
    const [mug, pen, book] = o.lines;
    const res = await ok(
      edit(o.id, {
        expectedVersion: 1,
        operations: [
          { op: 'set_quantity', lineId: mug!.id, quantity: 3 },
          { op: 'remove_line', lineId: book!.id },
          { op: 'add_line', sku: 'MUG-2', quantity: 1 },
          { op: 'swap_variant', lineId: pen!.id, sku: 'MUG-2' },
        ],
      }),
    );
    expect(res.diff.lines.map((l: any) => [l.change, l.sku, l.from, l.to])).toEqual([
      ['quantity', 'MUG-1', 1, 3],
      ['removed', 'BOOK-1', 1, 0],
      ['added', 'MUG-2', 0, 1],
      ['swapped', 'PEN-1', 2, 2],
    ]);
    expect(res.diff.lines[2].unitPrice).toEqual({ amount: 5990, currency: 'EUR' }); // the catalog price
    const byNo = (n: number) => res.order.lines.find((l: any) => l.lineNo === n);
    expect(byNo(1)).toMatchObject({ quantity: 3, lineTotal: { amount: 3 * 4990 }, quantities: { allocated: 3, cancelled: 0 } });
    expect(byNo(2)).toMatchObject({ sku: 'PEN-1', quantities: { ordered: 2, cancelled: 2, allocated: 0 } });
    expect(byNo(3)).toMatchObject({ sku: 'BOOK-1', quantities: { ordered: 1, cancelled: 1, allocated: 0 } });
    expect(byNo(4)).toMatchObject({ sku: 'MUG-2', quantity: 1, quantities: { allocated: 1 } });
    expect(byNo(5)).toMatchObject({ sku: 'MUG-2', quantity: 2, quantities: { allocated: 2 }, unitPrice: { amount: 5990 } });
    // Worth now: 3 × 49.90 + 3 × 59.90 (the removed and swapped-out lines count as cancelled).
    expect(res.order.totals.net).toEqual({ amount: 3 * 4990 + 3 * 5990, currency: 'EUR' });
    expect(res.diff.totals.net).toEqual({ from: { amount: 4 * 4990, currency: 'EUR' }, to: { amount: 3 * 4990 + 3 * 5990, currency: 'EUR' } });
    expect(await reserved(o.id)).toEqual([['BER', 'MUG-1', 3], ['BER', 'MUG-2', 3]]);
  });

  it('refuses a quantity the stock cannot cover (reject policy): 409 naming the line, nothing changed', async () => {
    const o = await place([{ sku: 'RARE-1', quantity: 1 }]);
    const res = await edit(o.id, { expectedVersion: 1, operations: [{ op: 'set_quantity', lineId: o.lines[0]!.id, quantity: 5 }] });
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.body).toMatchObject({ code: 'insufficient_stock', lines: [{ lineNo: 1, sku: 'RARE-1', requested: 5, available: 2 }] });
    expect(res.body.errors[0].path).toBe('operations.0');
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await reserved(o.id)).toEqual([['BER', 'RARE-1', 1]]);
    expect((await versions(o.id)).currentVersion).toBe(1);
    expect((await ok(t.api('GET', `/api/v1/orders/${o.id}`))).lines[0].quantity).toBe(1);
  });

  it('rejects unknown lines and SKUs with 400 naming the operation, and an edit that leaves no line with 409', async () => {
    const o = await place([{ sku: 'MUG-1', quantity: 1 }]);
    const unknown = await edit(o.id, { expectedVersion: 1, operations: [{ op: 'add_line', sku: 'NOPE', quantity: 1 }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ path: 'operations.0.sku', message: 'NOPE is not a known SKU' }]);
    const notMine = await edit(o.id, { expectedVersion: 1, operations: [{ op: 'remove_line', lineId: '00000000-0000-4000-8000-000000000000' }] });
    expect(notMine.status).toBe(400);
    expect(notMine.body.errors[0].path).toBe('operations.0.lineId');
    const empty = await edit(o.id, { expectedVersion: 1, operations: [{ op: 'remove_line', lineId: o.lines[0]!.id }] });
    expect(empty.status).toBe(409);
  });
});

describe('payments follow the edit', () => {
  const placePaid = (lines: Array<{ sku: string; quantity: number }>) =>
    place(lines, { payments: [{ provider: 'sandbox', paymentMethod: 'pm_sandbox_success' }] });
  const payments = async (orderId: string) => (await ok(t.api('GET', `/api/v1/orders/${orderId}/payments`))).items as any[];

  it('a quantity increase is covered by an additional authorization of the difference', async () => {
    const o = await placePaid([{ sku: 'MUG-1', quantity: 1 }]);
    expect(o.status).toBe('confirmed');
    const res = await ok(edit(o.id, { expectedVersion: 1, operations: [{ op: 'set_quantity', lineId: o.lines[0]!.id, quantity: 3 }] }));
    expect(res.diff.payment).toEqual({ authorized: { amount: 2 * 4990, currency: 'EUR' } });
    const list = await payments(o.id);
    expect(list.map((p) => [p.seq, p.status, p.authorized.amount])).toEqual([
      [1, 'authorized', 4990],
      [2, 'authorized', 2 * 4990],
    ]);
    expect(res.order.totals.total).toEqual({ amount: 3 * 4990, currency: 'EUR' });
  });

  it('a declined additional authorization refuses the edit with 422 and changes nothing', async () => {
    const o = await placePaid([{ sku: 'MUG-1', quantity: 1 }]);
    const gateways = t.deps.payments!;
    const real = gateways.provider.bind(gateways);
    gateways.provider = (name) => {
      const p = real(name);
      const declining: PaymentProvider = Object.assign(Object.create(Object.getPrototypeOf(p)), p, {
        authorize: async () => ({ outcome: 'declined', providerReference: null, authorizedAmount: 0n, failureCode: 'insufficient_funds', failureMessage: 'Your card has insufficient funds.', raw: {} }),
      });
      return declining;
    };
    try {
      const stockBefore = await level(t, 'MUG-1', 'BER');
      const res = await edit(o.id, { expectedVersion: 1, operations: [{ op: 'set_quantity', lineId: o.lines[0]!.id, quantity: 2 }] });
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body).toMatchObject({ code: 'payment_declined', reason: 'additional_authorization_declined', gatewayCode: 'insufficient_funds' });
      expect((await payments(o.id)).length).toBe(1);
      expect((await versions(o.id)).currentVersion).toBe(1);
      expect((await ok(t.api('GET', `/api/v1/orders/${o.id}`))).lines[0].quantity).toBe(1);
      expect(await level(t, 'MUG-1', 'BER')).toEqual(stockBefore);
    } finally {
      gateways.provider = real;
    }
  });

  it('a quantity decrease voids the uncaptured difference', async () => {
    const o = await placePaid([{ sku: 'MUG-1', quantity: 3 }]);
    const res = await ok(edit(o.id, { expectedVersion: 1, operations: [{ op: 'set_quantity', lineId: o.lines[0]!.id, quantity: 1 }] }));
    expect(res.diff.payment).toEqual({ voided: { amount: 2 * 4990, currency: 'EUR' } });
    const [p] = await payments(o.id);
    expect(p.voided.amount).toBe(2 * 4990);
    expect(await reserved(o.id)).toEqual([['BER', 'MUG-1', 1]]);
  });
});

describe('payments follow the edit once captured', () => {
  it('a line removed after the payment was captured is refunded', async () => {
    const o = await place([{ sku: 'MUG-1', quantity: 1 }, { sku: 'PEN-1', quantity: 1 }], { payments: [{ provider: 'sandbox', paymentMethod: 'pm_sandbox_success' }] });
    const [p] = (await ok(t.api('GET', `/api/v1/orders/${o.id}/payments`))).items;
    await ok(t.api('POST', `/api/v1/orders/${o.id}/payments/${p.id}/capture`, {}));
    const res = await ok(edit(o.id, { expectedVersion: 1, operations: [{ op: 'remove_line', lineId: o.lines[1]!.id }] }));
    expect(res.diff.payment).toEqual({ refunded: { amount: 4990, currency: 'EUR' } });
    const [after] = (await ok(t.api('GET', `/api/v1/orders/${o.id}/payments`))).items;
    expect([after.captured.amount, after.refunded.amount]).toEqual([2 * 4990, 4990]);
  });
});

describe('refusals and concurrency', () => {
  it('refuses any edit once picking has started: 409 with the reason', async () => {
    const o = await place([{ sku: 'MUG-1', quantity: 1 }]);
    await t.drain();
    const [f] = await fulfillmentsOf(t, o.id);
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/start-picking`, undefined, { as: 'warehouse' }));
    const res = await edit(o.id, { expectedVersion: 1, operations: [{ op: 'set_shipping_address', address: munich }] });
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.body).toMatchObject({ code: 'order_not_editable', reason: 'picking_started', fulfillmentOrder: { number: f!.number, status: 'picking' } });
    expect(res.body.detail).toMatch(/Picking has started/);
    expect(await reserved(o.id)).toEqual([['BER', 'MUG-1', 1]]);
  });

  it('refuses a stale expectedVersion with 409 version_conflict; a retry with the same Idempotency-Key replays', async () => {
    const o = await place([{ sku: 'PEN-1', quantity: 1 }]);
    const body = { expectedVersion: 1, operations: [{ op: 'set_quantity', lineId: o.lines[0]!.id, quantity: 2 }] };
    const first = await edit(o.id, body, { key: 'edit-once' });
    expect(first.status).toBe(200);
    const again = await edit(o.id, body, { key: 'edit-once' });
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.version).toBe(2);
    const stale = await edit(o.id, body);
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'version_conflict', currentVersion: 2 });
    expect((await versions(o.id)).items.length).toBe(2);
    expect(await reserved(o.id)).toEqual([['BER', 'PEN-1', 2]]);
  });

  it('support and managers may edit; the warehouse may not', async () => {
    const o = await place([{ sku: 'PEN-1', quantity: 1 }]);
    const body = (v: number) => ({ expectedVersion: v, operations: [{ op: 'set_quantity', lineId: o.lines[0]!.id, quantity: 1 + v }] });
    expect((await edit(o.id, body(1), { as: 'warehouse' })).status).toBe(403);
    expect((await edit(o.id, body(1), { as: 'manager' })).status).toBe(200);
    expect((await edit(o.id, body(2), { as: 'support' })).status).toBe(200);
    // Versions show prices and totals: not to the warehouse, which sees no money.
    expect((await t.api('GET', `/api/v1/orders/${o.id}/versions`, undefined, { as: 'warehouse' })).status).toBe(403);
    expect((await t.api('GET', `/api/v1/orders/${o.id}/versions`, undefined, { as: 'read-only' })).body.currentVersion).toBe(3);
  });
});
