import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/query.js';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation, makeProduct, orderBody, receiveStock } from '../support/factories.js';

/**
 * `POST /promise` refuses what placement refuses for the destination — a postal code not in the
 * country's format, goods the destination's customs profile restricts — with the same status, code
 * and field paths, because it runs placement's own checks (src/modules/shipping/placement-checks.ts).
 */
let t: TestApp;
let n = 0;
const gbAddress = { name: 'Ada Lovelace', line1: '10 Downing Street', city: 'London', postalCode: 'SW1A 2AA', country: 'GB' };
const gbProfile = (restrictions: unknown[]) => ({ currency: 'GBP', defaultDutyBp: 400, vatBp: 2000, vatOnShipping: true, dutyDeMinimis: 13500, cn22MaxValue: 27000, defaultIncoterm: 'DDP', restrictions });

beforeAll(async () => {
  t = await testApp();
  await makeLocation(t);
  await makeProduct(t, { sku: 'SHIRT', hsCode: '620590', originCountry: 'PT' });
  await makeProduct(t, { sku: 'GIN', name: 'Dry gin', hsCode: '220850', originCountry: 'DE' });
  await makeProduct(t, { sku: 'KNIFE', name: 'Chef knife', hsCode: '821191', originCountry: 'DE' });
  for (const sku of ['SHIRT', 'GIN', 'KNIFE']) await receiveStock(t, sku, 'BER', 50);
  const gb = await t.api('PUT', '/api/v1/customs/destinations/GB', gbProfile([{ hsPrefix: '2208', reason: 'spirits are not sent to GB' }, { sku: 'KNIFE', reason: 'blades need an import licence' }]));
  expect(gb.status, JSON.stringify(gb.body)).toBe(200);
});
afterAll(() => t.close());

type Line = { sku: string; quantity: number };
type Address = { country: string; postalCode?: string; line1?: string; city?: string; name?: string };
const promise = (lines: Line[], to: Address) => {
  const { country, postalCode } = to;
  return t.api('POST', '/api/v1/promise', { lines, shippingAddress: postalCode === undefined ? { country } : { country, postalCode } });
};
const place = (lines: Line[], to: Address) =>
  t.api('POST', '/api/v1/orders', orderBody(lines, { customer: { email: `promise-check-${++n}@example.com`, name: 'Buyer' }, shippingAddress: { name: 'Buyer', line1: 'Street 1', city: 'City', ...to } }));
const refusal = (r: { status: number; body: any }) => ({ status: r.status, code: r.body.code, errors: r.body.errors });
const written = async () =>
  (await queryRows<{ orders: number; outbox: number; reserved: number }>(
    t.database.db,
    sql`select (select count(*) from orders)::int as orders, (select count(*) from outbox)::int as outbox, (select sum(reserved) from inventory_levels)::int as reserved`,
  ))[0];

describe('POST /promise: placement’s destination checks', () => {
  it('a postal code not in the country’s format: 400 naming shippingAddress.postalCode, as placement', async () => {
    const before = await written();
    const to = { country: 'DE', postalCode: '1011' };
    const p = await promise([{ sku: 'SHIRT', quantity: 1 }], to);
    expect(refusal(p)).toEqual({ status: 400, code: 'validation_failed', errors: [{ path: 'shippingAddress.postalCode', message: 'is not a valid DE postal code (e.g. 10115)' }] });
    expect(refusal(await place([{ sku: 'SHIRT', quantity: 1 }], to))).toEqual(refusal(p));
    const empty = await promise([{ sku: 'SHIRT', quantity: 1 }], { country: 'GB', postalCode: '' }); // given, though empty
    expect(refusal(empty)).toMatchObject({ status: 400, errors: [{ path: 'shippingAddress.postalCode' }] });
    expect(await written()).toEqual(before);
  });

  it('quotes a cart whose postal code is valid (normalised as placement does) or not given', async () => {
    const nl = await promise([{ sku: 'SHIRT', quantity: 1 }], { country: 'NL', postalCode: ' 1012  ab' });
    expect(nl.status, JSON.stringify(nl.body)).toBe(200);
    expect(nl.body.shipments.map((s: any) => s.locationCode)).toEqual(['BER']);
    const noCode = await promise([{ sku: 'SHIRT', quantity: 1 }], { country: 'DE' });
    expect(noCode.status, JSON.stringify(noCode.body)).toBe(200);
    expect(noCode.body.unfillable).toEqual([]);
  });

  it('goods the destination refuses: 422 naming each lines.N.sku, as placement, before any planning', async () => {
    const before = await written();
    const cart = [{ sku: 'SHIRT', quantity: 1 }, { sku: 'GIN', quantity: 2 }, { sku: 'KNIFE', quantity: 1 }];
    const p = await promise(cart, gbAddress);
    expect(refusal(p)).toEqual({
      status: 422,
      code: 'business_rule',
      errors: [
        { path: 'lines.1.sku', message: 'GIN cannot be shipped to GB: spirits are not sent to GB' },
        { path: 'lines.2.sku', message: 'KNIFE cannot be shipped to GB: blades need an import licence' },
      ],
    });
    expect(refusal(await place(cart, gbAddress))).toEqual(refusal(p));
    expect(await written()).toEqual(before);
    // The unrestricted line to GB, and the same goods to a destination without restrictions, are quoted.
    expect((await promise([{ sku: 'SHIRT', quantity: 1 }], gbAddress)).status).toBe(200);
    const de = await promise(cart, { country: 'DE', postalCode: '10117' });
    expect(de.status, JSON.stringify(de.body)).toBe(200);
    expect(de.body.shipments[0].lines.map((l: any) => l.sku)).toEqual(['SHIRT', 'GIN', 'KNIFE']);
  });

  it('checks in placement’s order: postal code, then unknown SKUs (400), then restricted goods (422)', async () => {
    const unknownAndGin = [{ sku: 'GIN', quantity: 1 }, { sku: 'NOPE', quantity: 1 }];
    const badCode = await promise(unknownAndGin, { ...gbAddress, postalCode: '12345' });
    expect(refusal(badCode)).toMatchObject({ status: 400, errors: [{ path: 'shippingAddress.postalCode' }] });
    expect(refusal(await place(unknownAndGin, { ...gbAddress, postalCode: '12345' }))).toEqual(refusal(badCode));
    const unknown = await promise(unknownAndGin, gbAddress);
    expect(refusal(unknown)).toEqual({ status: 400, code: 'validation_failed', errors: [{ path: 'lines.1.sku', message: 'unknown SKU NOPE' }] });
    // Same status, code and path as placement (the messages of unknown SKUs are worded differently).
    const placed = await place(unknownAndGin, gbAddress);
    expect([placed.status, placed.body.code, placed.body.errors.map((e: any) => e.path)]).toEqual([400, 'validation_failed', ['lines.1.sku']]);
  });

  it('a restriction changed through the API applies to the next promise at once', async () => {
    expect((await t.api('PUT', '/api/v1/customs/destinations/GB', gbProfile([{ sku: 'SHIRT', reason: 'textiles quota reached' }]))).status).toBe(200);
    const shirt = await promise([{ sku: 'GIN', quantity: 1 }, { sku: 'SHIRT', quantity: 1 }], gbAddress);
    expect(refusal(shirt)).toEqual({ status: 422, code: 'business_rule', errors: [{ path: 'lines.1.sku', message: 'SHIRT cannot be shipped to GB: textiles quota reached' }] });
    expect((await promise([{ sku: 'GIN', quantity: 1 }], gbAddress)).status).toBe(200);
  });
});
