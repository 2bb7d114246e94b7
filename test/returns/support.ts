import { expect } from 'vitest';
import type { TestApp } from '../support/app.js';
import { makeLocation, receiveStock } from '../support/factories.js';
import { boxCatalog, fulfillmentsOf, GTIN, ok, placeOrder, warehouse } from '../fulfillment/support.js';

export { ok, GTIN };

/** A Berlin warehouse (MUG-1, PEN-1, BOOK-1) and a store STO for pickups. */
export async function returnsWorld(t: TestApp) {
  await warehouse(t, 'BER');
  await boxCatalog(t);
  await makeLocation(t, { code: 'STO', name: 'Mitte store', type: 'store', canShip: false, canPickup: true, latitude: 52.53, longitude: 13.41 });
  for (const sku of ['MUG-1', 'PEN-1', 'BOOK-1']) await receiveStock(t, sku, 'STO', 50);
}

const gtinOf: Record<string, string> = { 'MUG-1': GTIN.MUG, 'PEN-1': GTIN.PEN, 'BOOK-1': GTIN.BOOK };

/** An order collected at the store: placed, picked, packed, ready, picked up → delivered (at the clock's now). */
export async function deliveredOrder(t: TestApp, lines: Array<{ sku: string; quantity: number; amount?: number }>, over: Record<string, unknown> = {}) {
  const o = await placeOrder(t, lines, { delivery: { method: 'pickup', locationCode: 'STO' }, ...over });
  await t.drain();
  const [f] = await fulfillmentsOf(t, o.id);
  expect(f).toMatchObject({ type: 'pickup', locationCode: 'STO' });
  await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/start-picking`, undefined, { as: 'warehouse' }));
  for (const l of lines) await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/scan`, { code: gtinOf[l.sku], quantity: l.quantity }, { as: 'warehouse' }));
  await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/pack`, {}, { as: 'warehouse' }));
  const ready = await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/ready-for-pickup`, undefined, { as: 'warehouse' }));
  await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/picked-up`, { code: ready.code }, { as: 'warehouse' }));
  await t.drain();
  const order = await ok(t.api('GET', `/api/v1/orders/${o.id}`));
  expect(order.status).toBe('delivered');
  return order as { id: string; number: string; lines: Array<{ id: string; sku: string; quantities: Record<string, number> }>; totals: Record<string, { amount: number }> } & Record<string, any>;
}
