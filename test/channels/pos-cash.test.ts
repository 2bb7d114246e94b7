import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation, makeProduct, receiveStock } from '../support/factories.js';
import { queryRows } from '../../src/platform/db/query.js';

/** Cash at the till (tendered, change, split with a card) and store returns in one transaction. */
let t: TestApp;
const eur = (amount: number) => ({ amount, currency: 'EUR' });
const card = { provider: 'sandbox', paymentMethod: 'pm_sandbox_success' };

const onHand = async (sku: string, locationCode: string) => {
  const res = await t.api('GET', `/api/v1/inventory?sku=${sku}&locationCode=${locationCode}`);
  return (res.body.items as Array<{ onHand: number; reserved: number }>)[0]!;
};
const count = async (query: ReturnType<typeof sql>) => Number((await queryRows<{ n: string }>(t.database.db, query))[0]!.n);
const sale = (receiptNumber: string, rest: Record<string, unknown>) => t.api('POST', '/api/v1/pos/sales', { locationCode: 'HAM', receiptNumber, lines: [{ sku: 'MUG-1', quantity: 2 }], ...rest });

beforeAll(async () => {
  t = await testApp();
  await makeLocation(t, { code: 'HAM', name: 'Hamburg store', type: 'store', canPickup: true, address: { line1: 'Mönckebergstraße 7', city: 'Hamburg', postalCode: '20095', country: 'DE' }, latitude: 53.55, longitude: 10.0 });
  await makeProduct(t, { sku: 'MUG-1', name: 'Stoneware mug', price: eur(1295) });
  await receiveStock(t, 'MUG-1', 'HAM', 20);
});
afterAll(() => t.close());

describe('POS: cash at the till', () => {
  let cashOrder: { id: string; number: string; lineId: string };

  it('records a cash payment (provider cash, no gateway) with the change due exact in minor units', async () => {
    const res = await sale('C-0001', { cash: { tendered: eur(5000) } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.status).toBe('delivered');
    const [p] = res.body.payment.items;
    // 2 × 12.95 = 25.90; 50.00 handed over → 24.10 back.
    expect(p).toMatchObject({ provider: 'cash', paymentMethod: 'cash', status: 'captured', amount: eur(2590), captured: eur(2590), tendered: eur(5000), change: eur(2410) });
    expect(p.transactions.map((x: { kind: string; status: string }) => `${x.kind}:${x.status}`)).toEqual(['authorization:succeeded', 'capture:succeeded']);
    expect(await onHand('MUG-1', 'HAM')).toMatchObject({ onHand: 18, reserved: 0 });
    cashOrder = { id: res.body.id, number: res.body.number, lineId: res.body.lines[0].id };
    // The receipt can be printed again by the order number.
    const again = await t.api('GET', `/api/v1/pos/receipts/${res.body.number}`);
    expect(again.status).toBe(200);
    expect(again.body.payment.items[0]).toMatchObject({ tendered: eur(5000), change: eur(2410) });
  });

  it('refuses cash tendered below the total with 422 naming the field, writing nothing', async () => {
    const orders = await count(sql`select count(*) as n from orders`);
    const res = await sale('C-0002', { cash: { tendered: eur(2589) } });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual([{ path: 'cash.tendered.amount', message: 'must be at least 2590 (minor units), the amount due in cash' }]);
    expect(await count(sql`select count(*) as n from orders`)).toBe(orders);
    expect(await onHand('MUG-1', 'HAM')).toMatchObject({ onHand: 18, reserved: 0 });
  });

  it('exact cash gives no change', async () => {
    const res = await sale('C-0003', { lines: [{ sku: 'MUG-1', quantity: 1 }], cash: { tendered: eur(1295) } });
    expect(res.status).toBe(201);
    expect(res.body.payment.items[0]).toMatchObject({ tendered: eur(1295), change: eur(0) });
  });

  it('splits the tender: a cash part with its change and the card for the rest', async () => {
    const res = await sale('C-0004', { cash: { amount: eur(1000), tendered: eur(2000) }, payment: card });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const items = res.body.payment.items as Array<Record<string, unknown>>;
    expect(items).toEqual([
      expect.objectContaining({ seq: 1, provider: 'cash', captured: eur(1000), tendered: eur(2000), change: eur(1000) }),
      expect.objectContaining({ seq: 2, provider: 'sandbox', captured: eur(1590), tendered: null, change: null }),
    ]);
    expect(res.body.payment.status).toBe('captured');
  });

  it('a split tender needs the cash part; a sale needs a card or cash (400 naming the field)', async () => {
    const split = await sale('C-0005', { cash: { tendered: eur(2000) }, payment: card });
    expect(split.status).toBe(400);
    expect(split.body.errors).toEqual([expect.objectContaining({ path: 'cash.amount' })]);
    const none = await sale('C-0006', {});
    expect(none.status).toBe(400);
    expect(none.body.errors).toEqual([expect.objectContaining({ path: 'payment' })]);
    const over = await sale('C-0007', { cash: { amount: eur(9000), tendered: eur(9000) }, payment: card });
    expect(over.status).toBe(400);
    expect(over.body.errors).toEqual([expect.objectContaining({ path: 'cash.amount' })]);
  });

  it('cash is not a gateway: POST /orders refuses it', async () => {
    const res = await t.api('POST', '/api/v1/orders', {
      channel: 'web',
      customer: { email: 'a@example.com', name: 'A' },
      shippingAddress: { name: 'A', line1: 'X 1', city: 'Hamburg', postalCode: '20095', country: 'DE' },
      lines: [{ sku: 'MUG-1', quantity: 1 }],
      payments: [{ provider: 'cash', paymentMethod: 'cash' }],
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('payments.0.provider');
  });

  it('a store return of a cash sale hands the cash back in the same transaction (nothing left in flight)', async () => {
    const res = await t.api('POST', '/api/v1/pos/returns', { locationCode: 'HAM', orderId: cashOrder.id, lines: [{ orderLineId: cashOrder.lineId, quantity: 1, reason: 'changed_mind', condition: 'new' }] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ return: { status: 'completed' }, refunded: eur(1295) });
    const p = (await t.api('GET', `/api/v1/orders/${cashOrder.id}/payments`)).body.items[0];
    expect(p).toMatchObject({ provider: 'cash', status: 'partially_refunded', refunded: eur(1295), pending: { refund: eur(0) } });
    expect(p.transactions.at(-1)).toMatchObject({ kind: 'refund', status: 'succeeded', amount: eur(1295), source: 'return' });
    expect(await count(sql`select count(*) as n from payment_operations where status = 'pending'`)).toBe(0);
    // 20 − 2 − 1 − 2 sold, 1 back on the shelf.
    expect(await onHand('MUG-1', 'HAM')).toMatchObject({ onHand: 16 });
  });

  it('a failure in the middle of a store return leaves nothing written (one transaction)', async () => {
    const before = {
      returns: await count(sql`select count(*) as n from returns`),
      movements: await count(sql`select count(*) as n from inventory_movements`),
      outbox: await count(sql`select count(*) as n from outbox`),
      operations: await count(sql`select count(*) as n from payment_operations`),
      stock: await onHand('MUG-1', 'HAM'),
    };
    // The receiving step fails after the return was created and approved in the same transaction.
    await t.database.db.execute(sql.raw(`create function pos_test_fail() returns trigger language plpgsql as $$ begin raise exception 'receiving failed'; end $$`));
    await t.database.db.execute(sql.raw('create trigger pos_test_fail before insert on return_receipts for each row execute function pos_test_fail()'));
    try {
      const res = await t.api('POST', '/api/v1/pos/returns', { locationCode: 'HAM', orderId: cashOrder.id, lines: [{ orderLineId: cashOrder.lineId, quantity: 1, reason: 'changed_mind', condition: 'new' }] });
      expect(res.status).toBe(500);
    } finally {
      await t.database.db.execute(sql.raw('drop trigger pos_test_fail on return_receipts'));
      await t.database.db.execute(sql.raw('drop function pos_test_fail()'));
    }
    expect({
      returns: await count(sql`select count(*) as n from returns`),
      movements: await count(sql`select count(*) as n from inventory_movements`),
      outbox: await count(sql`select count(*) as n from outbox`),
      operations: await count(sql`select count(*) as n from payment_operations`),
      stock: await onHand('MUG-1', 'HAM'),
    }).toEqual(before);
    const p = (await t.api('GET', `/api/v1/orders/${cashOrder.id}/payments`)).body.items[0];
    expect(p.refunded).toEqual(eur(1295));
    // The same return goes through once the failure is gone.
    const res = await t.api('POST', '/api/v1/pos/returns', { locationCode: 'HAM', orderId: cashOrder.id, lines: [{ orderLineId: cashOrder.lineId, quantity: 1, reason: 'changed_mind', condition: 'new' }] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((await t.api('GET', `/api/v1/orders/${cashOrder.id}/payments`)).body.items[0]).toMatchObject({ status: 'refunded', refunded: eur(2590) });
  });
});
