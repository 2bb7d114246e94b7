import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { level } from '../support/factories.js';
import { reconcileInventory } from '../../src/modules/inventory/index.js';
import { boxCatalog, eventsOfType, fo, fulfillmentsOf, ok, order, placeOrder, warehouse } from './support.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await warehouse(t);
  await boxCatalog(t);
});
afterAll(() => t.close());

const scan = (id: string, code: string, quantity = 1) => ok(t.api('POST', `/api/v1/fulfillment-orders/${id}/scan`, { code, quantity }, { as: 'warehouse' }));

/** MUG-1 × 3 and PEN-1 × 1 released to BER and picking started. */
async function picking() {
  const o = await placeOrder(t, [{ sku: 'MUG-1', quantity: 3 }, { sku: 'PEN-1', quantity: 1 }]);
  await t.drain();
  const [f] = await fulfillmentsOf(t, o.id);
  await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/start-picking`, undefined, { as: 'warehouse' }));
  const lineOf = (sku: string) => o.lines.find((l) => l.sku === sku)!.id;
  const cancel = async (sku: string, quantity: number) => {
    await ok(t.api('POST', `/api/v1/orders/${o.id}/cancel`, { reason: 'customer changed mind', lines: [{ lineId: lineOf(sku), quantity }] }));
    await t.drain();
  };
  return { o, id: f!.id, cancel };
}

async function consistent() {
  const report = await reconcileInventory(t.database.db);
  expect(report.mismatches).toEqual([]);
  expect(report.reservedMismatches).toEqual([]);
}

const linesOf = async (id: string) => (await fo(t, id)).lines.map((l: any) => [l.sku, l.quantity, l.picked, l.remaining]);

describe('partial line cancel while picking', () => {
  it('cancelling 1 of 3 units with 2 scanned takes the unpicked unit: the picked ones stay picked on the same fulfillment order', async () => {
    const { o, id, cancel } = await picking();
    await scan(id, 'MUG-1', 2);
    const reservedBefore = (await level(t, 'MUG-1', 'BER')).reserved;
    await cancel('MUG-1', 1);

    const after = await fo(t, id);
    expect(after.status).toBe('picking');
    expect(await linesOf(id)).toEqual([['MUG-1', 2, 2, 0], ['PEN-1', 1, 0, 1]]);
    expect((await fulfillmentsOf(t, o.id)).map((f) => [f.id, f.status])).toEqual([[id, 'picking']]); // nothing re-released
    expect((await level(t, 'MUG-1', 'BER')).reserved).toBe(reservedBefore - 1);
    expect((await eventsOfType(t, 'fulfillment.lines_cancelled')).at(-1)).toMatchObject({
      fulfillmentOrderId: id, lines: [{ sku: 'MUG-1', quantity: 1, returnToStock: 0 }],
    });
    await consistent();

    // Picking goes on from where it was and the order ships the two mugs and the pen.
    const last = await scan(id, 'PEN-1');
    expect(last.fulfillmentOrder.status).toBe('picked');
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${id}/pack`, {}, { as: 'warehouse' }));
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${id}/hand-off`, undefined, { as: 'warehouse' }));
    const shipped = await order(t, o.id);
    expect(shipped.status).toBe('shipped');
    expect(shipped.lines.map((l: any) => [l.sku, l.quantities.shipped, l.quantities.cancelled])).toEqual([['MUG-1', 2, 1], ['PEN-1', 1, 0]]);
    await consistent();
  });

  it('when the picked units exceed what is left, picked units are cancelled and marked to return to stock', async () => {
    const { id, cancel } = await picking();
    await scan(id, 'MUG-1', 3);
    const onHand = (await level(t, 'MUG-1', 'BER')).onHand;
    await cancel('MUG-1', 2);
    expect((await fo(t, id)).status).toBe('picking');
    expect(await linesOf(id)).toEqual([['MUG-1', 1, 1, 0], ['PEN-1', 1, 0, 1]]);
    expect((await eventsOfType(t, 'fulfillment.lines_cancelled')).at(-1)).toMatchObject({ fulfillmentOrderId: id, lines: [{ sku: 'MUG-1', quantity: 2, returnToStock: 2 }] });
    expect((await level(t, 'MUG-1', 'BER')).onHand).toBe(onHand); // never left the building
    await consistent();
  });

  it('cancelling the only unpicked line removes it, and the fulfillment order is picked', async () => {
    const { o, id, cancel } = await picking();
    await scan(id, 'MUG-1', 3);
    await cancel('PEN-1', 1);
    const after = await fo(t, id);
    expect(after.status).toBe('picked');
    expect(await linesOf(id)).toEqual([['MUG-1', 3, 3, 0]]);
    expect((await fulfillmentsOf(t, o.id))).toHaveLength(1);
    await consistent();
  });

  it('cancelling the rest of the order still cancels the fulfillment order whole, lines kept', async () => {
    const { o, id } = await picking();
    await scan(id, 'MUG-1', 2);
    await ok(t.api('POST', `/api/v1/orders/${o.id}/cancel`, { reason: 'customer' }));
    await t.drain();
    expect(await fo(t, id)).toMatchObject({ status: 'cancelled', cancellationReason: 'order cancelled' });
    expect(await linesOf(id)).toEqual([['MUG-1', 3, 2, 1], ['PEN-1', 1, 0, 1]]);
    await consistent();
  });

  it('a packed fulfillment order losing units is cancelled whole (the parcel must be reopened) and the rest released again', async () => {
    const { o, id, cancel } = await picking();
    await scan(id, 'MUG-1', 3);
    await scan(id, 'PEN-1');
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${id}/pack`, {}, { as: 'warehouse' }));
    await cancel('MUG-1', 1);
    expect(await fo(t, id)).toMatchObject({ status: 'cancelled', cancellationReason: 'order lines cancelled' });
    const fresh = (await fulfillmentsOf(t, o.id)).filter((f) => f.id !== id);
    expect(fresh.map((f) => f.status)).toEqual(['open']);
    expect(await linesOf(fresh[0]!.id)).toEqual([['MUG-1', 2, 0, 2], ['PEN-1', 1, 0, 1]]);
    await consistent();
  });
});
