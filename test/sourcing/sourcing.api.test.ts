import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/query.js';
import { placeOrder } from '../../src/flows/place-order.js';
import { placeOrderBody } from '../../src/modules/orders/orders.schemas.js';
import { systemActor } from '../../src/platform/auth/roles.js';
import { enqueueEvents } from '../../src/platform/outbox/outbox.js';
import { deferSourcingAtPlacement } from '../../src/modules/sourcing/index.js';
import { testApp, type TestApp } from '../support/app.js';
import { level, makeLocation, makeProduct, orderBody, receiveStock } from '../support/factories.js';
import { simulateFulfillmentException } from './support.js';
import { newEvent } from '../../src/platform/events/define.js';
import { paymentAuthorized } from '../../src/modules/payments/index.js';

let t: TestApp;
const EUR = (amount: number) => ({ amount, currency: 'EUR' });
beforeAll(async () => {
  t = await testApp();
  await makeLocation(t, { code: 'BER1', latitude: 52.52, longitude: 13.405 });
  await makeLocation(t, { code: 'BER2', name: 'Berlin north', latitude: 52.56, longitude: 13.38 });
  await makeLocation(t, { code: 'MUC', name: 'Munich', latitude: 48.137, longitude: 11.575 });
  await makeLocation(t, { code: 'STORE', name: 'Mitte store', type: 'store', latitude: 52.515, longitude: 13.39, canPickup: true });
});
afterAll(() => t.close());

const count = async (table: string) => Number((await queryRows<{ n: number }>(t.database.db, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n);
const plans = async (orderId: string) => {
  const res = await t.api('GET', `/api/v1/orders/${orderId}/sourcing`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as any[];
};
const place = async (lines: Array<{ sku: string; quantity: number }>, over: Record<string, unknown> = {}) => {
  const res = await t.api('POST', '/api/v1/orders', orderBody(lines, over));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};
const defaults = { splitPenalty: EUR(300), neverSplitBelow: null, maxLocationsPerOrder: null, exactCandidateLimit: 30, exactStepBudget: 200000, shippingBase: EUR(450), shippingPerKm: EUR(1), shippingPerKg: EUR(50) };
const setSettings = async (over: Record<string, unknown>) => {
  const res = await t.api('PUT', '/api/v1/sourcing/settings', { ...defaults, ...over });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
};

describe('sourcing at placement', () => {
  it('ships from the nearest location that has everything, and stores the explained plan', async () => {
    await makeProduct(t, { sku: 'N-X' });
    await makeProduct(t, { sku: 'N-Y' });
    for (const loc of ['BER1', 'MUC']) for (const sku of ['N-X', 'N-Y']) await receiveStock(t, sku, loc, 5);
    await receiveStock(t, 'N-X', 'STORE', 5); // nearer, but only one of the two SKUs
    const o = await place([{ sku: 'N-X', quantity: 2 }, { sku: 'N-Y', quantity: 1 }]);
    expect(o.lines.map((l: any) => l.locationCode)).toEqual(['BER1', 'BER1']);
    expect(o.lines[0].allocations).toEqual([{ locationCode: 'BER1', quantity: 2 }]);
    const [plan] = await plans(o.id);
    expect(plan).toMatchObject({ trigger: 'placement', strategy: 'exact', gap: EUR(0), backordered: [] });
    expect(plan.shipments.map((s: any) => s.locationCode)).toEqual(['BER1']);
    const why = Object.fromEntries(plan.explanation.map((e: any) => [e.locationCode, e]));
    expect(why.BER1).toMatchObject({ chosen: true, reason: 'chosen', cost: { total: plan.totalCost } });
    expect(why.MUC.reason).toMatch(/^dearer than chosen plan by \d+$/);
    expect(why.STORE.chosen).toBe(false);
    expect(why.BER2).toBeUndefined(); // no stock record of these SKUs: not a candidate at all
    expect(plan.totalCost.amount).toBe(plan.shipments[0].total.amount);
  });

  it('ships whole from a farther location when the split penalty makes that cheaper than two near shipments', async () => {
    await makeProduct(t, { sku: 'P-X' });
    await makeProduct(t, { sku: 'P-Y' });
    await receiveStock(t, 'P-X', 'BER1', 5);
    await receiveStock(t, 'P-Y', 'BER2', 5);
    await receiveStock(t, 'P-X', 'MUC', 5);
    await receiveStock(t, 'P-Y', 'MUC', 5);
    await setSettings({ shippingBase: EUR(100), splitPenalty: EUR(0) });
    const split = await place([{ sku: 'P-X', quantity: 1 }, { sku: 'P-Y', quantity: 1 }]);
    expect(split.lines.map((l: any) => l.locationCode)).toEqual(['BER1', 'BER2']);
    await setSettings({ shippingBase: EUR(100), splitPenalty: EUR(500) });
    const whole = await place([{ sku: 'P-X', quantity: 1 }, { sku: 'P-Y', quantity: 1 }]);
    expect(whole.lines.map((l: any) => l.locationCode)).toEqual(['MUC', 'MUC']);
    const [plan] = await plans(whole.id);
    expect(plan.explanation.find((e: any) => e.locationCode === 'BER1').reason).toMatch(/dearer than chosen plan/);
    // never split below a value: a cheap order ships whole even without a penalty
    await setSettings({ shippingBase: EUR(100), splitPenalty: EUR(0), neverSplitBelow: EUR(100_000) });
    const small = await place([{ sku: 'P-X', quantity: 1 }, { sku: 'P-Y', quantity: 1 }]);
    expect(small.lines.map((l: any) => l.locationCode)).toEqual(['MUC', 'MUC']);
    await setSettings({});
  });

  it('splits one line over two locations when no single one has enough; the line has no single location', async () => {
    await makeProduct(t, { sku: 'SPL' });
    await receiveStock(t, 'SPL', 'BER1', 2);
    await receiveStock(t, 'SPL', 'BER2', 2);
    const o = await place([{ sku: 'SPL', quantity: 3 }]);
    expect(o.lines[0].locationCode).toBeNull();
    expect(o.lines[0].allocations).toEqual([{ locationCode: 'BER1', quantity: 2 }, { locationCode: 'BER2', quantity: 1 }]);
    expect((await t.api('GET', `/api/v1/orders/${o.id}`)).body.lines[0].allocations).toEqual(o.lines[0].allocations);
    expect(await level(t, 'SPL', 'BER2')).toMatchObject({ reserved: 1 });
  });

  it('respects daily order capacity and item weight limits of stores', async () => {
    await makeProduct(t, { sku: 'CAP' });
    await makeProduct(t, { sku: 'SOFA', weightGrams: 40_000 });
    await makeLocation(t, { code: 'ONE', name: 'One a day', latitude: 52.517, longitude: 13.389, dailyOrderCapacity: 1 });
    await receiveStock(t, 'CAP', 'ONE', 5);
    await receiveStock(t, 'CAP', 'MUC', 5);
    expect((await place([{ sku: 'CAP', quantity: 1 }])).lines[0].locationCode).toBe('ONE');
    const second = await place([{ sku: 'CAP', quantity: 1 }]);
    expect(second.lines[0].locationCode).toBe('MUC');
    expect((await plans(second.id))[0].explanation.find((e: any) => e.locationCode === 'ONE').reason).toBe('over daily capacity');

    const patch = await t.api('PATCH', '/api/v1/locations/STORE', { sourcing: { maxItemWeightGrams: 20_000 } });
    expect(patch.status, JSON.stringify(patch.body)).toBe(200);
    await receiveStock(t, 'SOFA', 'STORE', 1);
    await receiveStock(t, 'SOFA', 'MUC', 1);
    const sofa = await place([{ sku: 'SOFA', quantity: 1 }]);
    expect(sofa.lines[0].locationCode).toBe('MUC');
    expect((await plans(sofa.id))[0].explanation.find((e: any) => e.locationCode === 'STORE').reason).toBe('SOFA over 20000 g per item');
  });
});

describe('re-sourcing', () => {
  it('a store rejection re-sources the line to another location and never back to the store', async () => {
    await makeProduct(t, { sku: 'R-X' });
    await receiveStock(t, 'R-X', 'STORE', 2);
    await receiveStock(t, 'R-X', 'MUC', 5);
    const o = await place([{ sku: 'R-X', quantity: 2 }]);
    expect(o.lines[0].locationCode).toBe('STORE');
    await t.drain(); // earlier stock events first: see docs/sourcing.md on exclusions and ordering
    await simulateFulfillmentException(t, 'fulfillment.rejected', { orderId: o.id, locationCode: 'STORE', reason: 'damaged', lines: [{ orderLineId: o.lines[0].id, sku: 'R-X', quantity: 2 }] });
    await t.drain();
    const after = (await t.api('GET', `/api/v1/orders/${o.id}`)).body;
    expect(after.lines[0]).toMatchObject({ locationCode: 'MUC', allocations: [{ locationCode: 'MUC', quantity: 2 }], quantities: { allocated: 2, backordered: 0 } });
    expect(await level(t, 'R-X', 'STORE')).toMatchObject({ reserved: 0, available: 2 });
    const [plan] = await plans(o.id);
    expect(plan.trigger).toBe('rejection');
    expect(plan.explanation.find((e: any) => e.locationCode === 'STORE').reason).toMatch(/excluded after an earlier rejection/);
    const events = (await t.api('GET', `/api/v1/orders/${o.id}/events`)).body.items;
    expect(events.find((e: any) => e.type === 'order.allocated').payload.allocations).toEqual([{ orderLineId: o.lines[0].id, sku: 'R-X', locationCode: 'MUC', quantity: 2 }]);
    // A later manual re-source still honours the exclusion.
    const again = await t.api('POST', `/api/v1/orders/${o.id}/source`, { reallocate: true });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.plan.allocations.map((a: any) => a.locationCode)).toEqual(['MUC']);
  });

  it('a short pick re-sources only the missing quantity', async () => {
    await makeProduct(t, { sku: 'S-X' });
    await receiveStock(t, 'S-X', 'BER1', 3);
    await receiveStock(t, 'S-X', 'BER2', 5);
    const o = await place([{ sku: 'S-X', quantity: 3 }]);
    expect(o.lines[0].allocations).toEqual([{ locationCode: 'BER1', quantity: 3 }]);
    await t.drain();
    await simulateFulfillmentException(t, 'fulfillment.short_picked', { orderId: o.id, locationCode: 'BER1', reason: 'not found', lines: [{ orderLineId: o.lines[0].id, sku: 'S-X', quantity: 1 }] });
    await t.drain();
    const after = (await t.api('GET', `/api/v1/orders/${o.id}`)).body;
    expect(after.lines[0].allocations).toEqual([{ locationCode: 'BER1', quantity: 2 }, { locationCode: 'BER2', quantity: 1 }]);
    expect(after.lines[0].locationCode).toBeNull();
    expect(await level(t, 'S-X', 'BER1')).toMatchObject({ reserved: 2 });
    expect(await level(t, 'S-X', 'BER2')).toMatchObject({ reserved: 1 });
    const [plan] = await plans(o.id);
    expect(plan).toMatchObject({ trigger: 'short_pick', allocations: [{ orderLineId: o.lines[0].id, sku: 'S-X', locationCode: 'BER2', quantity: 1 }] });
  });

  it('allocates a backordered line when stock is received, and records the plan', async () => {
    await makeProduct(t, { sku: 'B-X' });
    const o = await place([{ sku: 'B-X', quantity: 2 }], { inventoryPolicy: 'backorder' });
    expect(o.lines[0].quantities).toMatchObject({ allocated: 0, backordered: 2 });
    expect((await plans(o.id))[0].backordered).toEqual([{ orderLineId: o.lines[0].id, sku: 'B-X', quantity: 2 }]);
    await receiveStock(t, 'B-X', 'BER2', 1);
    await t.drain();
    let after = (await t.api('GET', `/api/v1/orders/${o.id}`)).body;
    expect(after.lines[0].quantities).toMatchObject({ allocated: 1, backordered: 1 });
    await receiveStock(t, 'B-X', 'BER2', 4);
    await t.drain();
    after = (await t.api('GET', `/api/v1/orders/${o.id}`)).body;
    expect(after.lines[0]).toMatchObject({ locationCode: 'BER2', quantities: { allocated: 2, backordered: 0 } });
    expect(await level(t, 'B-X', 'BER2')).toMatchObject({ onHand: 5, reserved: 2 });
    expect((await plans(o.id)).map((p) => p.trigger)).toEqual(['stock_received', 'stock_received', 'placement']);
  });

  it('allocates backorders when stock is transferred in or a count finds more', async () => {
    await makeProduct(t, { sku: 'T-X' });
    await makeLocation(t, { code: 'DEPOT', name: 'Depot', canShip: false, latitude: 52.3, longitude: 13.6 });
    await receiveStock(t, 'T-X', 'DEPOT', 5); // a location that does not ship: nothing to source from
    const o = await place([{ sku: 'T-X', quantity: 2 }], { inventoryPolicy: 'backorder' });
    await t.drain();
    expect((await t.api('GET', `/api/v1/orders/${o.id}`)).body.lines[0].quantities).toMatchObject({ allocated: 0, backordered: 2 });
    const moved = await t.api('POST', '/api/v1/inventory/transfers', { sku: 'T-X', fromLocationCode: 'DEPOT', toLocationCode: 'BER1', quantity: 1 });
    expect(moved.status, JSON.stringify(moved.body)).toBe(201);
    await t.drain();
    expect((await t.api('GET', `/api/v1/orders/${o.id}`)).body.lines[0]).toMatchObject({ locationCode: 'BER1', quantities: { allocated: 1, backordered: 1 } });
    const counted = await t.api('POST', '/api/v1/inventory/counts', { locationCode: 'BER2', counts: [{ sku: 'T-X', countedQuantity: 4 }] });
    expect(counted.status, JSON.stringify(counted.body)).toBe(201);
    await t.drain();
    const after = (await t.api('GET', `/api/v1/orders/${o.id}`)).body;
    expect(after.lines[0].allocations).toEqual([{ locationCode: 'BER1', quantity: 1 }, { locationCode: 'BER2', quantity: 1 }]);
    expect(after.lines[0].quantities).toMatchObject({ allocated: 2, backordered: 0 });
  });

  it('sources a deferred order when its fraud hold is released, not while it is held', async () => {
    await makeProduct(t, { sku: 'H-X' });
    await receiveStock(t, 'H-X', 'BER1', 3);
    const out = await placeOrder({ ...t.deps, actor: systemActor }, placeOrderBody.parse(orderBody([{ sku: 'H-X', quantity: 2 }])), { deferSourcing: true });
    const id = out.body!.id;
    expect(out.body!.lines[0]!.quantities).toMatchObject({ pending: 2, allocated: 0 });
    const hold = await t.api('POST', `/api/v1/orders/${id}/holds`, { type: 'fraud', reason: 'score 91' });
    expect(hold.status).toBe(201);
    const skipped = await t.api('POST', `/api/v1/orders/${id}/source`, {});
    expect(skipped.body).toEqual({ outcome: 'skipped', why: 'order has an active fraud hold', plan: null });
    expect(await level(t, 'H-X', 'BER1')).toMatchObject({ reserved: 0 });
    await t.api('POST', `/api/v1/orders/${id}/holds/${hold.body.id}/release`, { reason: 'reviewed' });
    await t.drain();
    const after = (await t.api('GET', `/api/v1/orders/${id}`)).body;
    expect(after.lines[0]).toMatchObject({ locationCode: 'BER1', quantities: { pending: 0, allocated: 2 } });
    expect((await plans(id))[0].trigger).toBe('resource');
  });

  it('with ORDO_SOURCING_AT=authorization sources an order with payments on payment.authorized', async () => {
    await makeProduct(t, { sku: 'A-X' });
    await receiveStock(t, 'A-X', 'BER1', 3);
    expect(deferSourcingAtPlacement(t.deps, { payments: [{}] })).toBe(false);
    const saved = t.deps.sourcing;
    t.deps.sourcing = { at: 'authorization', currency: 'EUR' };
    try {
      expect(deferSourcingAtPlacement(t.deps, { payments: [{}] })).toBe(true);
      expect(deferSourcingAtPlacement(t.deps, {})).toBe(false);
      const out = await placeOrder({ ...t.deps, actor: systemActor }, placeOrderBody.parse(orderBody([{ sku: 'A-X', quantity: 1 }])), { deferSourcing: true });
      // (the payments branch keeps such an order `placed` until authorized; simulate that state)
      await t.database.db.execute(sql`update orders set status = 'placed' where id = ${out.body!.id}`);
      expect((await t.api('POST', `/api/v1/orders/${out.body!.id}/source`, {})).body).toMatchObject({ outcome: 'skipped', why: 'awaiting payment authorization' });
      await t.database.db.execute(sql`update orders set status = 'confirmed' where id = ${out.body!.id}`);
      const at = t.deps.clock.now();
      await t.database.db.transaction((tx) =>
        enqueueEvents(tx, { actor: systemActor, newId: t.deps.newId, at }, [
          newEvent(paymentAuthorized, out.body!.id, { orderId: out.body!.id, paymentId: 'p1', provider: 'test', amount: EUR(4990) }),
        ]),
      );
      await t.drain();
      expect((await t.api('GET', `/api/v1/orders/${out.body!.id}`)).body.lines[0].quantities).toMatchObject({ pending: 0, allocated: 1 });
    } finally {
      t.deps.sourcing = saved;
    }
  });

  it('reallocates a confirmed order on demand, but not once it is processing', async () => {
    await makeProduct(t, { sku: 'M-X' });
    await receiveStock(t, 'M-X', 'BER1', 2);
    const o = await place([{ sku: 'M-X', quantity: 1 }]);
    const r = await t.api('POST', `/api/v1/orders/${o.id}/source`, { reallocate: true });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ outcome: 'sourced', plan: { trigger: 'manual', allocations: [{ locationCode: 'BER1', quantity: 1 }] } });
    expect(await level(t, 'M-X', 'BER1')).toMatchObject({ reserved: 1 });
    expect((await t.api('POST', `/api/v1/orders/${o.id}/source`, {}, { as: 'support' })).status).toBe(403);
    expect((await t.api('POST', `/api/v1/orders/${o.id}/status`, { status: 'processing' })).status).toBe(200);
    const refused = await t.api('POST', `/api/v1/orders/${o.id}/source`, { reallocate: true });
    expect(refused.status).toBe(409);
    expect(refused.body.errors).toEqual([{ path: 'reallocate', message: expect.any(String) }]);
    expect((await t.api('POST', `/api/v1/orders/${o.id}/source`, {})).body).toMatchObject({ outcome: 'skipped', why: 'nothing to source' });
  });

  it('holds a deferred reject-policy order for stock when it cannot be fully sourced, and releases the hold when stock arrives', async () => {
    await makeProduct(t, { sku: 'K-X' });
    await receiveStock(t, 'K-X', 'BER1', 1);
    const out = await placeOrder({ ...t.deps, actor: systemActor }, placeOrderBody.parse(orderBody([{ sku: 'K-X', quantity: 2 }])), { deferSourcing: true });
    const id = out.body!.id;
    await t.api('POST', `/api/v1/orders/${id}/source`, {});
    let o = (await t.api('GET', `/api/v1/orders/${id}`)).body;
    expect(o.lines[0].quantities).toMatchObject({ allocated: 1, backordered: 1 });
    expect(o.holds).toMatchObject([{ type: 'stock', releasedAt: null }]);
    await receiveStock(t, 'K-X', 'BER1', 1);
    await t.drain();
    o = (await t.api('GET', `/api/v1/orders/${id}`)).body;
    expect(o.lines[0].quantities).toMatchObject({ allocated: 2, backordered: 0 });
    expect(o.holds[0].releasedAt).not.toBeNull();
  });
});

describe('settings, location attributes and what-if', () => {
  it('reads and validates the settings; only admin and manager may change them', async () => {
    const get = await t.api('GET', '/api/v1/sourcing/settings', undefined, { as: 'read-only' });
    expect(get.status).toBe(200);
    expect(get.body).toEqual({ currency: 'EUR', ...defaults });
    const bad = await t.api('PUT', '/api/v1/sourcing/settings', { ...defaults, splitPenalty: { amount: 5, currency: 'USD' }, maxLocationsPerOrder: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.path)).toContain('maxLocationsPerOrder');
    const cur = await t.api('PUT', '/api/v1/sourcing/settings', { ...defaults, splitPenalty: { amount: 5, currency: 'USD' } });
    expect(cur.status).toBe(400);
    expect(cur.body.errors).toEqual([{ path: 'splitPenalty.currency', message: 'must be EUR, the sourcing currency' }]);
    expect((await t.api('PUT', '/api/v1/sourcing/settings', defaults, { as: 'support' })).status).toBe(403);
    const someOrder = (await t.api('GET', '/api/v1/orders?limit=1')).body.items[0].id;
    expect((await t.api('GET', `/api/v1/orders/${someOrder}/sourcing`, undefined, { as: 'warehouse' })).status).toBe(403); // plans carry money
    expect((await t.api('GET', `/api/v1/orders/${someOrder}/sourcing`, undefined, { as: 'support' })).status).toBe(200);
    expect((await t.api('GET', `/api/v1/orders/${t.deps.newId()}/sourcing`)).status).toBe(404);
  });

  it('stores location sourcing attributes, validating money currency', async () => {
    const created = await t.api('POST', '/api/v1/locations', {
      code: 'ATTR',
      name: 'Attributes',
      type: 'warehouse',
      address: { line1: 'x', city: 'Berlin', postalCode: '10115', country: 'DE' },
      latitude: 52.4,
      longitude: 13.1,
      sourcing: { handlingCostPerOrder: EUR(90), shippingTariff: { base: EUR(300), perKm: EUR(2), perKg: EUR(40) }, excludedCountries: ['CH', 'NO'], timeZone: 'Europe/Berlin' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.sourcing).toEqual({
      handlingCostPerOrder: EUR(90),
      handlingCostPerUnit: EUR(20),
      shippingTariff: { base: EUR(300), perKm: EUR(2), perKg: EUR(40) },
      maxShipmentWeightGrams: null,
      maxItemWeightGrams: null,
      excludedCountries: ['CH', 'NO'],
      shipFromCountry: null,
      timeZone: 'Europe/Berlin',
    });
    const bad = await t.api('PATCH', '/api/v1/locations/ATTR', { sourcing: { handlingCostPerUnit: { amount: 1, currency: 'GBP' }, timeZone: 'Mars/Base' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.path)).toEqual(['sourcing.timeZone']);
    const bad2 = await t.api('PATCH', '/api/v1/locations/ATTR', { sourcing: { handlingCostPerUnit: { amount: 1, currency: 'GBP' } } });
    expect(bad2.status).toBe(400);
    expect(bad2.body.errors).toEqual([{ path: 'sourcing.handlingCostPerUnit.currency', message: 'must be EUR, the sourcing currency' }]);
    expect((await t.api('GET', '/api/v1/locations/ATTR')).body.sourcing.handlingCostPerUnit).toEqual(EUR(20));
  });

  it('what-if compares current and alternative sourcing without writing anything', async () => {
    await makeProduct(t, { sku: 'W-X' });
    await receiveStock(t, 'W-X', 'BER1', 5);
    await receiveStock(t, 'W-X', 'MUC', 5);
    const a = await place([{ sku: 'W-X', quantity: 1 }]);
    const b = await place([{ sku: 'W-X', quantity: 2 }]);
    const before = { plans: await count('sourcing_plans'), res: await count('reservations'), outbox: await count('outbox'), ber: await level(t, 'W-X', 'BER1') };
    const res = await t.api('POST', '/api/v1/sourcing/what-if', { orderIds: [a.id, b.id], locations: [{ code: 'BER1', exclude: true }] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const r = res.body;
    expect(r.totals.orders).toBe(2);
    expect(r.orders.map((o: any) => o.current.locations)).toEqual([['BER1'], ['BER1']]);
    expect(r.orders.map((o: any) => o.whatIf.locations)).toEqual([['MUC'], ['MUC']]);
    expect(r.totals.whatIf.distanceKm).toBeGreaterThan(r.totals.current.distanceKm);
    expect(r.totals.saving.amount).toBe(r.totals.current.cost.amount - r.totals.whatIf.cost.amount);
    expect(r.totals.saving.amount).toBeLessThan(0);
    expect(r.totals.current.cost.amount).toBe((await plans(a.id))[0].totalCost.amount + (await plans(b.id))[0].totalCost.amount);
    expect({ plans: await count('sourcing_plans'), res: await count('reservations'), outbox: await count('outbox'), ber: await level(t, 'W-X', 'BER1') }).toEqual(before);
    // settings overrides: a large per-km price makes no difference to a single-location world
    const same = await t.api('POST', '/api/v1/sourcing/what-if', { orderIds: [a.id], settings: { splitPenalty: EUR(0) } });
    expect(same.body.orders[0].whatIf.locations).toEqual(['BER1']);
    expect(same.body.orders[0].saving.amount).toBe(0);
    const bad = await t.api('POST', '/api/v1/sourcing/what-if', { orderIds: [a.id], settings: { splitPenalty: { amount: 1, currency: 'USD' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('settings.splitPenalty.currency');
    expect((await t.api('POST', '/api/v1/sourcing/what-if', {}, { as: 'warehouse' })).status).toBe(403);
    // by filter instead of ids: processing orders only (one of them, from the reallocation test)
    const byStatus = await t.api('POST', '/api/v1/sourcing/what-if', { filter: { status: 'processing' }, limit: 50 });
    expect(byStatus.status).toBe(200);
    expect(byStatus.body.totals.orders).toBe(1);
    expect(byStatus.body.orders[0].current.locations).toEqual(['BER1']);
  });
});
