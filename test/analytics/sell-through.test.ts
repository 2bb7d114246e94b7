import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/platform/clock.js';
import { testApp, type TestApp } from '../support/app.js';
import { level } from '../support/factories.js';
import { ok, placeOrder, warehouse } from '../fulfillment/support.js';

/**
 * Sell-through and dead stock through the API: orders placed at pinned instants (Europe/Berlin days), the expected
 * figures counted here from the placements and the on-hand the inventory API reports.
 */
let now = new Date('2026-01-05T08:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let t: TestApp;
const skus = ['BOOK-1', 'MUG-1', 'PEN-1'];
const sales: Array<{ sku: string; day: string; quantity: number }> = [];

async function sell(at: string, sku: string, quantity: number) {
  now = new Date(at);
  await placeOrder(t, [{ sku, quantity }]);
  await t.drain();
  sales.push({ sku, day: new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(now), quantity });
}

beforeAll(async () => {
  t = await testApp({ clock, app: { timeZone: 'Europe/Berlin' } });
  await warehouse(t);
  await sell('2026-01-10T09:00:00Z', 'MUG-1', 3);
  await sell('2026-03-20T09:00:00Z', 'PEN-1', 4);
  await sell('2026-03-31T22:30:00Z', 'PEN-1', 2); // 1 April in Berlin: outside a range ending 31 March
  now = new Date('2026-04-15T10:00:00Z');
}, 120_000);
afterAll(() => t?.close());

describe('GET /reports/sell-through', () => {
  it('gives units sold / (sold + on hand) per SKU and flags on-hand SKUs without a sale in deadDays', async () => {
    const from = '2026-01-01';
    const to = '2026-03-31';
    const deadDays = 60; // since 15 February
    const since = '2026-02-15';
    const want = [];
    for (const sku of skus) {
      const sold = sales.filter((s) => s.sku === sku && s.day >= from && s.day <= to).reduce((n, s) => n + s.quantity, 0);
      const onHand = (await level(t, sku, 'BER')).onHand;
      const dead = onHand > 0 && !sales.some((s) => s.sku === sku && s.day >= since);
      want.push({ sku, unitsSold: sold, onHand, sellThrough: sold + onHand ? Math.round((sold / (sold + onHand)) * 10_000) / 10_000 : null, dead });
    }
    want.sort((a, b) => (a.sellThrough ?? 2) - (b.sellThrough ?? 2) || a.sku.localeCompare(b.sku));
    expect(want.find((w) => w.sku === 'PEN-1')).toMatchObject({ unitsSold: 4, dead: false });
    expect(want.filter((w) => w.dead).map((w) => w.sku)).toEqual(['BOOK-1', 'MUG-1']);

    const r = await ok(t.api('GET', `/api/v1/reports/sell-through?from=${from}&to=${to}&deadDays=${deadDays}`, undefined, { as: 'warehouse' }));
    expect(r).toMatchObject({ asOf: '2026-04-15', deadDays, deadSkus: 2 });
    expect(r.rows).toEqual(want);
    // 100 days back from 15 April is 6 January: the mug sold on 10 January is no longer dead. The default is 90.
    const r100 = await ok(t.api('GET', `/api/v1/reports/sell-through?from=${from}&to=${to}&deadDays=100&onlyDead=true`));
    expect(r100.rows.map((x: { sku: string }) => x.sku)).toEqual(['BOOK-1']);
    expect((await ok(t.api('GET', `/api/v1/reports/sell-through?from=${from}&to=${to}`))).deadDays).toBe(90);

    const csv = await t.api('GET', `/api/v1/reports/sell-through?from=${from}&to=${to}&deadDays=${deadDays}&format=csv`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toBe(`sku,units_sold,on_hand,sell_through,dead\n${want.map((w) => [w.sku, w.unitsSold, w.onHand, w.sellThrough ?? '', w.dead].join(',')).join('\n')}\n`);
    expect((await t.api('GET', `/api/v1/reports/sell-through?from=${to}&to=${from}`)).status).toBe(400);
    expect((await t.api('GET', `/api/v1/reports/sell-through?from=${from}&to=${to}`, undefined, { as: 'support' })).status).toBe(403);
  });
});
