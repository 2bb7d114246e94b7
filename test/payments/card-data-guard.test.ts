/** The card-data guard must not break real traffic: GTINs and marketplace order ids pass. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { orderBody } from '../support/factories.js';
import { seedShop } from './support.js';

/** A valid GTIN-13 whose digits also pass Luhn and start with an issuer digit (4). */
const luhnPassingGtin13 = '4006381334013';
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
});
afterAll(() => t.close());

it('accepts a Luhn-passing GTIN-13 in a gtin field, refuses the same digits in a free-text field', async () => {
  const ok = await t.api('POST', '/api/v1/products', { sku: 'GTIN-1', name: 'Mug', price: { amount: 900, currency: 'EUR' }, gtin: luhnPassingGtin13 });
  expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  expect(ok.body.gtin).toBe(luhnPassingGtin13);
  const bad = await t.api('POST', '/api/v1/products', { sku: 'GTIN-2', name: `Mug ${luhnPassingGtin13}`, price: { amount: 900, currency: 'EUR' } });
  expect(bad.status).toBe(422);
  expect(bad.body.errors[0].path).toBe('name');
});

it('accepts an Amazon order id (17 digits with dashes) as the external id', async () => {
  const res = await t.api('POST', '/api/v1/orders', orderBody([{ sku: 'SKU-A', quantity: 1 }], { channel: 'amazon', externalId: '114-3941689-8772232' }));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.externalId).toBe('114-3941689-8772232');
});

it('accepts ordinary numbers: prices, quantities, phone numbers, postal codes', async () => {
  const res = await t.api('POST', '/api/v1/orders', orderBody([{ sku: 'SKU-B', quantity: 2, amount: 1990 }], { customer: { email: 'p@example.com', name: 'P', phone: '+49 30 1234 5678' }, note: 'ring 2x, code 4711' }));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
});
