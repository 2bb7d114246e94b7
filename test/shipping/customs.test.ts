import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/query.js';
import { testApp, type TestApp } from '../support/app.js';
import { makeProduct } from '../support/factories.js';

let t: TestApp;
const gb = {
  currency: 'GBP',
  defaultDutyBp: 400,
  dutyByHsPrefix: { '6205': 1000, '94': 270 },
  vatBp: 2000,
  vatOnShipping: true,
  dutyDeMinimis: 13500,
  cn22MaxValue: 27000,
  defaultIncoterm: 'DDP',
  restrictions: [{ hsPrefix: '2208', reason: 'spirits are not sent to GB' }],
};
beforeAll(async () => {
  t = await testApp();
  await makeProduct(t, { sku: 'SHIRT', name: 'Linen shirt', price: { amount: 4990, currency: 'EUR' }, weightGrams: 300, hsCode: '620590', originCountry: 'PT' });
  await makeProduct(t, { sku: 'LAMP', name: 'Desk lamp', price: { amount: 12900, currency: 'EUR' }, weightGrams: 1400, hsCode: '940521', originCountry: 'DE' });
  await makeProduct(t, { sku: 'GIN', name: 'Dry gin', price: { amount: 3500, currency: 'EUR' }, weightGrams: 1200, hsCode: '220850', originCountry: 'DE' });
  const put = await t.api('PUT', '/api/v1/customs/destinations/GB', gb);
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  expect((await t.api('PUT', '/api/v1/fx-rates/EUR/GBP', { rate: '0.8500' })).status).toBe(200);
});
afterAll(() => t.close());

describe('POST /customs/preview', () => {
  it('declares lines in the destination currency with the right totals, form and DDP estimate', async () => {
    const res = await t.api('POST', '/api/v1/customs/preview', {
      country: 'GB', currency: 'EUR', shipping: 1500, packagingWeightGrams: 200,
      lines: [{ sku: 'SHIRT', quantity: 2, unitValue: 4990 }, { sku: 'LAMP', quantity: 1, unitValue: 12900 }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const d = res.body;
    // 49.90 EUR × 0.85 = 42.415 → 42.42 GBP (half even: 42.415 → 42.42); 129.00 × 0.85 = 109.65.
    expect(d.lines.map((l: any) => [l.sku, l.unitValue.amount, l.lineValue.amount, l.dutyBp])).toEqual([['SHIRT', 4242, 8484, 1000], ['LAMP', 10965, 10965, 270]]);
    expect(d.totalValue).toEqual({ amount: 19449, currency: 'GBP' });
    expect(d.totalWeightGrams).toBe(2200);
    expect(d).toMatchObject({ form: 'CN23', incoterm: 'DDP', payer: 'shipper', missing: [] });
    // duty: 84.84 × 10 % = 8.484 → 8.48; 109.65 × 2.7 % = 2.96055 → 2.96 ⇒ 11.44; VAT 20 % × (194.49 + 11.44 + 12.75) = 43.736 → 43.74
    expect(d.duty).toEqual({ amount: 848 + 296, currency: 'GBP' });
    expect(d.shipping).toEqual({ amount: 1275, currency: 'GBP' });
    expect(d.vat).toEqual({ amount: 4374, currency: 'GBP' });
  });

  it('a small light parcel under the duty de minimis: CN22, no duty', async () => {
    const res = await t.api('POST', '/api/v1/customs/preview', { country: 'GB', currency: 'EUR', lines: [{ sku: 'SHIRT', quantity: 1, unitValue: 4990 }], incoterm: 'DAP' });
    expect(res.body).toMatchObject({ form: 'CN22', payer: 'recipient', duty: { amount: 0 }, vat: { amount: 848 } });
  });

  it('refuses a restricted item with 422 naming the line, and writes nothing', async () => {
    const before = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int n from audit_log`);
    const res = await t.api('POST', '/api/v1/customs/preview', { country: 'GB', currency: 'EUR', lines: [{ sku: 'SHIRT', quantity: 1, unitValue: 4990 }, { sku: 'GIN', quantity: 1, unitValue: 3500 }] });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: 'lines.1.sku', message: 'spirits are not sent to GB' }]);
    expect(await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int n from audit_log`)).toEqual(before);
  });

  it('needs an exchange rate and a known destination', async () => {
    const jpy = await t.api('POST', '/api/v1/customs/preview', { country: 'GB', currency: 'JPY', lines: [{ sku: 'SHIRT', quantity: 1, unitValue: 800 }] });
    expect(jpy.status).toBe(422);
    expect(jpy.body.errors).toEqual([{ path: 'currency', message: 'no exchange rate to GBP is configured' }]);
    expect((await t.api('POST', '/api/v1/customs/preview', { country: 'US', currency: 'EUR', lines: [{ sku: 'SHIRT', quantity: 1, unitValue: 1 }] })).status).toBe(404);
    const bad = await t.api('PUT', '/api/v1/fx-rates/EUR/GBP', { rate: '0' });
    expect(bad.body.errors).toEqual([{ path: 'rate', message: 'must be above zero' }]);
  });
});
