import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/query.js';
import type { Clock } from '../../src/platform/clock.js';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation, makeProduct, orderBody, receiveStock } from '../support/factories.js';

// A clock the test moves: the restriction lists are reloaded after their TTL (30 s).
let now = new Date('2026-11-26T09:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let t: TestApp;
let n = 0;

const gbAddress = { name: 'Ada Lovelace', line1: '10 Downing Street', city: 'London', postalCode: 'SW1A 2AA', country: 'GB' };
const gbProfile = (restrictions: unknown[]) => ({ currency: 'GBP', defaultDutyBp: 400, vatBp: 2000, vatOnShipping: true, dutyDeMinimis: 13500, cn22MaxValue: 27000, defaultIncoterm: 'DDP', restrictions });
const place = (body: Record<string, unknown>) => t.api('POST', '/api/v1/orders', { ...body, customer: { email: `buyer${++n}@example.com`, name: 'Buyer' } });

async function counts() {
  const [r] = await queryRows<Record<string, string>>(
    t.database.db,
    sql`select (select count(*) from orders)::text as orders, (select count(*) from order_lines)::text as lines, (select count(*) from customers)::text as customers,
               (select count(*) from reservations)::text as reservations, (select count(*) from outbox)::text as outbox, (select count(*) from audit_log)::text as audit,
               (select sum(reserved) from inventory_levels)::text as reserved`,
  );
  return r;
}

beforeAll(async () => {
  t = await testApp({ clock });
  await makeLocation(t);
  await makeProduct(t, { sku: 'SHIRT', hsCode: '620590', originCountry: 'PT' });
  await makeProduct(t, { sku: 'GIN', name: 'Dry gin', hsCode: '220850', originCountry: 'DE' });
  await makeProduct(t, { sku: 'KNIFE', name: 'Chef knife', hsCode: '821191', originCountry: 'DE' });
  for (const sku of ['SHIRT', 'GIN', 'KNIFE']) await receiveStock(t, sku, 'BER', 50);
  expect((await t.api('PUT', '/api/v1/customs/destinations/GB', gbProfile([{ hsPrefix: '2208', reason: 'spirits are not sent to GB' }]))).status).toBe(200);
});
afterAll(() => t.close());

describe('POST /orders: postal codes in their country’s format', () => {
  it('refuses a bad shipping or billing postal code with 400 naming the field, and writes nothing', async () => {
    const before = await counts();
    const bad = await place(orderBody([{ sku: 'SHIRT', quantity: 1 }], { shippingAddress: { line1: 'Unter den Linden 5', city: 'Berlin', postalCode: '1011', country: 'DE' } }));
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    expect(bad.body.errors).toEqual([{ path: 'shippingAddress.postalCode', message: 'is not a valid DE postal code (e.g. 10115)' }]);

    const both = await place(
      orderBody([{ sku: 'SHIRT', quantity: 1 }], {
        shippingAddress: { ...gbAddress, postalCode: '12345' },
        billingAddress: { line1: '1 Main St', city: 'New York', postalCode: 'NY 10001', country: 'US' },
      }),
    );
    expect(both.status).toBe(400);
    expect(both.body.errors.map((e: any) => e.path)).toEqual(['shippingAddress.postalCode', 'billingAddress.postalCode']);
    expect(await counts()).toEqual(before);
  });

  it('places a domestic order with a valid code (spaces and case normalised: nl 1012 ab)', async () => {
    const de = await place(orderBody([{ sku: 'SHIRT', quantity: 1 }]));
    expect(de.status, JSON.stringify(de.body)).toBe(201);
    expect(de.body.lines[0].quantities.allocated).toBe(1);
    const nl = await place(orderBody([{ sku: 'SHIRT', quantity: 1 }], { shippingAddress: { line1: 'Dam 1', city: 'Amsterdam', postalCode: ' 1012  ab', country: 'NL' } }));
    expect(nl.status, JSON.stringify(nl.body)).toBe(201);
  });
});

describe('POST /orders: goods the destination refuses', () => {
  it('refuses a restricted line with 422 naming lines.N.sku, and writes nothing', async () => {
    const before = await counts();
    const res = await place(orderBody([{ sku: 'SHIRT', quantity: 1 }, { sku: 'GIN', quantity: 2 }], { shippingAddress: gbAddress }));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('business_rule');
    expect(res.body.errors).toEqual([{ path: 'lines.1.sku', message: 'GIN cannot be shipped to GB: spirits are not sent to GB' }]);
    expect(await counts()).toEqual(before);
    // The same goods to a destination without restrictions, and the unrestricted line to GB, place.
    expect((await place(orderBody([{ sku: 'GIN', quantity: 1 }]))).status).toBe(201);
    expect((await place(orderBody([{ sku: 'SHIRT', quantity: 1 }], { shippingAddress: gbAddress }))).status).toBe(201);
  });

  it('a change of the destination through the API applies to the next order at once', async () => {
    expect((await t.api('PUT', '/api/v1/customs/destinations/GB', gbProfile([{ sku: 'KNIFE', reason: 'blades need an import licence' }]))).status).toBe(200);
    const knife = await place(orderBody([{ sku: 'KNIFE', quantity: 1 }], { shippingAddress: gbAddress }));
    expect(knife.status).toBe(422);
    expect(knife.body.errors).toEqual([{ path: 'lines.0.sku', message: 'KNIFE cannot be shipped to GB: blades need an import licence' }]);
    expect((await place(orderBody([{ sku: 'GIN', quantity: 1 }], { shippingAddress: gbAddress }))).status).toBe(201);
  });

  it('a change made by another process is seen after the TTL, not before', async () => {
    // Another Ordo process (same database) restricts spirits again: this process still has its cached list…
    await queryRows(t.database.db, sql`update customs_destinations set restrictions = '[{"hsPrefix":"22","reason":"beverages held at the border"}]'::jsonb where country = 'GB'`);
    now = new Date(now.getTime() + 5_000);
    expect((await place(orderBody([{ sku: 'GIN', quantity: 1 }], { shippingAddress: gbAddress }))).status).toBe(201);
    // …until the TTL passes.
    now = new Date(now.getTime() + 31_000);
    const gin = await place(orderBody([{ sku: 'GIN', quantity: 1 }], { shippingAddress: gbAddress }));
    expect(gin.status).toBe(422);
    expect(gin.body.errors[0]).toEqual({ path: 'lines.0.sku', message: 'GIN cannot be shipped to GB: beverages held at the border' });
  });
});
