import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation, makeProduct, orderBody, receiveStock } from '../support/factories.js';
import { orderDrafts, orders } from '../../src/platform/db/schema/index.js';

/**
 * An order placed from a console draft (POST /orders with `draftId`) removes the draft in the placement's
 * own transaction: an order without its draft gone, or a draft gone without its order, cannot happen.
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await makeLocation(t);
  await makeProduct(t);
  await receiveStock(t, 'SKU-1', 'BER', 5);
});
afterAll(() => t.close());

const draftExists = async (id: string) => (await t.database.db.select({ n: count() }).from(orderDrafts).where(eq(orderDrafts.id, id)))[0]!.n === 1;
const phoneOrders = async () => (await t.database.db.select({ n: count() }).from(orders).where(eq(orders.channel, 'phone')))[0]!.n;
const newDraft = async () => (await t.api('POST', '/api/v1/order-drafts', { title: 'Ada', body: { note: 'typed on the phone' } }, { as: 'support' })).body.id as string;
const place = (draftId: string, quantity: number, key: string) =>
  t.api('POST', '/api/v1/orders', { ...orderBody([{ sku: 'SKU-1', quantity }], { channel: 'phone' }), draftId }, { as: 'support', headers: { 'idempotency-key': key } });

describe('placing an order from a draft', () => {
  it('deletes the draft with the placement; a failed placement keeps it; a draft places one order', async () => {
    const draftId = await newDraft();
    // Refused after the draft's row was taken in the transaction (not enough stock): rolled back, the draft stays.
    const short = await place(draftId, 50, 'k-short');
    expect(short.status).toBe(409);
    expect(await draftExists(draftId)).toBe(true);
    expect(await phoneOrders()).toBe(0);

    const placed = await place(draftId, 1, 'k-1');
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(await draftExists(draftId)).toBe(false);
    expect((await t.api('GET', `/api/v1/order-drafts/${draftId}`)).status).toBe(404);

    // A retry of the same request replays the order; another placement of the draft is refused, nothing written.
    const replay = await place(draftId, 1, 'k-1');
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(placed.body.id);
    const twice = await place(draftId, 1, 'k-2');
    expect(twice.status).toBe(409);
    expect(twice.body.errors).toEqual([{ path: 'draftId', message: 'no such draft: it was placed or deleted already' }]);
    expect(await phoneOrders()).toBe(1);
  });

  it('places one order when two placements of the same draft race', async () => {
    const draftId = await newDraft();
    const [a, b] = await Promise.all([place(draftId, 1, 'race-a'), place(draftId, 1, 'race-b')]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect(await draftExists(draftId)).toBe(false);
    expect(await phoneOrders()).toBe(2);
  });

  it('names a malformed draft id', async () => {
    const bad = await t.api('POST', '/api/v1/orders', { ...orderBody([{ sku: 'SKU-1', quantity: 1 }]), draftId: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'draftId' })]);
  });
});
