import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation, makeProduct, orderBody, receiveStock } from '../support/factories.js';

/**
 * Acceptance: bad input (missing fields, wrong types, negative quantities, unknown SKU, bad currency,
 * bad GTIN, oversized payloads) → 4xx problem+json naming each field; nothing written.
 */

let t: TestApp;
let baseline: Record<string, number>;

/** Everything a create could touch, in one round trip. */
async function snapshot(): Promise<Record<string, number>> {
  const res = (await t.database.db.execute(sql`select
    (select count(*) from orders)::int as orders,
    (select count(*) from order_lines)::int as order_lines,
    (select count(*) from order_status_history)::int as order_status_history,
    (select count(*) from reservations)::int as reservations,
    (select count(*) from outbox)::int as outbox,
    (select count(*) from audit_log)::int as audit_log,
    (select count(*) from customers)::int as customers,
    (select count(*) from products)::int as products,
    (select count(*) from locations)::int as locations,
    (select count(*) from inventory_levels)::int as inventory_levels,
    (select count(*) from inventory_movements)::int as inventory_movements,
    (select count(*) from idempotency_keys)::int as idempotency_keys,
    (select coalesce(sum(on_hand), 0) from inventory_levels)::int as on_hand,
    (select coalesce(sum(reserved), 0) from inventory_levels)::int as reserved`)) as unknown as { rows: Array<Record<string, unknown>> };
  return Object.fromEntries(Object.entries(res.rows[0]!).map(([k, v]) => [k, Number(v)]));
}

beforeAll(async () => {
  t = await testApp();
  await makeLocation(t, { code: 'BER' });
  await makeProduct(t, { sku: 'SHIRT', price: { amount: 4990, currency: 'EUR' } });
  await makeProduct(t, { sku: 'MUG', price: { amount: 1250, currency: 'EUR' } });
  await receiveStock(t, 'SHIRT', 'BER', 10);
  await receiveStock(t, 'MUG', 'BER', 10);
  // One real order so reserved counts start above zero.
  const placed = await t.api('POST', '/api/v1/orders', orderBody([{ sku: 'SHIRT', quantity: 2 }]));
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  baseline = await snapshot();
  expect(baseline.reserved).toBe(2);
});
afterAll(() => t.close());

const order = (over: Record<string, unknown> = {}) => orderBody([{ sku: 'SHIRT', quantity: 1 }, { sku: 'MUG', quantity: 1, amount: 1250 }], over);
const line = (l: Record<string, unknown>) => ({ sku: 'SHIRT', quantity: 1, unitPrice: { amount: 4990, currency: 'EUR' }, ...l });
const product = (over: Record<string, unknown> = {}) => ({ sku: 'NEW-1', name: 'New', price: { amount: 100, currency: 'EUR' }, ...over });
const location = (over: Record<string, unknown> = {}) => ({
  code: 'HAM', name: 'Hamburg', type: 'warehouse',
  address: { line1: 'Hafen 1', city: 'Hamburg', postalCode: '20095', country: 'DE' },
  latitude: 53.55, longitude: 9.99, ...over,
});
const adjustment = (over: Record<string, unknown> = {}) => ({ sku: 'SHIRT', locationCode: 'BER', delta: 5, reason: 'receipt', ...over });

interface Case {
  name: string;
  url: string;
  body: unknown;
  status?: number;
  code?: string;
  paths: string[];
}

const cases: Case[] = [
  // orders
  { name: 'order: empty body', url: '/api/v1/orders', body: {}, paths: ['channel', 'customer', 'shippingAddress', 'lines'] },
  { name: 'order: missing customer email and address city', url: '/api/v1/orders', body: order({ customer: { name: 'Ada' }, shippingAddress: { line1: 'x', postalCode: '1', country: 'DE' } }), paths: ['customer.email', 'shippingAddress.city'] },
  { name: 'order: email is not an email', url: '/api/v1/orders', body: order({ customer: { email: 'not-an-email', name: 'Ada' } }), paths: ['customer.email'] },
  { name: 'order: quantity is a string', url: '/api/v1/orders', body: order({ lines: [line({ quantity: 'two' })] }), paths: ['lines.0.quantity'] },
  { name: 'order: negative quantity', url: '/api/v1/orders', body: order({ lines: [line({}), line({ quantity: -3 })] }), paths: ['lines.1.quantity'] },
  { name: 'order: zero quantity', url: '/api/v1/orders', body: order({ lines: [line({ quantity: 0 })] }), paths: ['lines.0.quantity'] },
  { name: 'order: fractional quantity', url: '/api/v1/orders', body: order({ lines: [line({ quantity: 1.5 })] }), paths: ['lines.0.quantity'] },
  { name: 'order: no lines', url: '/api/v1/orders', body: order({ lines: [] }), paths: ['lines'] },
  { name: 'order: lines is not an array', url: '/api/v1/orders', body: order({ lines: 'SHIRT' }), paths: ['lines'] },
  { name: 'order: unknown SKU on the second line', url: '/api/v1/orders', body: orderBody([{ sku: 'SHIRT', quantity: 1 }, { sku: 'NOPE', quantity: 1 }]), paths: ['lines.1.sku'] },
  { name: 'order: unknown currency', url: '/api/v1/orders', body: order({ lines: [line({ unitPrice: { amount: 4990, currency: 'XYZ' } })] }), paths: ['lines.0.unitPrice.currency'] },
  { name: 'order: lower-case currency', url: '/api/v1/orders', body: order({ lines: [line({ unitPrice: { amount: 4990, currency: 'eur' } })] }), paths: ['lines.0.unitPrice.currency'] },
  { name: 'order: lines in two currencies', url: '/api/v1/orders', body: order({ lines: [line({}), line({ sku: 'MUG', unitPrice: { amount: 1250, currency: 'USD' } })] }), paths: ['lines.1.unitPrice.currency'] },
  { name: 'order: shipping in another currency', url: '/api/v1/orders', body: order({ shipping: { amount: 495, currency: 'USD' } }), paths: ['shipping.currency'] },
  { name: 'order: negative and fractional money', url: '/api/v1/orders', body: order({ lines: [line({ unitPrice: { amount: -1, currency: 'EUR' } }), line({ unitPrice: { amount: 0.5, currency: 'EUR' } })] }), paths: ['lines.0.unitPrice.amount', 'lines.1.unitPrice.amount'] },
  { name: 'order: bad country and policy', url: '/api/v1/orders', body: order({ inventoryPolicy: 'maybe', shippingAddress: { line1: 'x', city: 'y', postalCode: '1', country: 'Germany' } }), paths: ['inventoryPolicy', 'shippingAddress.country'] },
  {
    name: 'order: several bad fields at once are all named',
    url: '/api/v1/orders',
    body: {
      channel: 'Web Shop',
      customer: { email: 'nope', name: '' },
      shippingAddress: { line1: '', city: 'Berlin', postalCode: '10117', country: 'de' },
      lines: [line({ quantity: -1 }), line({ sku: 'MUG', quantity: 'x', unitPrice: { amount: 1, currency: 'EURO' } })],
    },
    paths: ['channel', 'customer.email', 'customer.name', 'shippingAddress.line1', 'shippingAddress.country', 'lines.0.quantity', 'lines.1.quantity', 'lines.1.unitPrice.currency'],
  },
  // products
  { name: 'product: empty body', url: '/api/v1/products', body: {}, paths: ['sku', 'name', 'price'] },
  { name: 'product: GTIN with a wrong check digit', url: '/api/v1/products', body: product({ gtin: '4006381333932' }), paths: ['gtin'] },
  { name: 'product: GTIN that is not digits', url: '/api/v1/products', body: product({ gtin: 'ABCDEFGH' }), paths: ['gtin'] },
  { name: 'product: bad sku, negative price, bad currency, zero dimension', url: '/api/v1/products', body: product({ sku: 'has space', price: { amount: -5, currency: 'EURO' }, dimensionsMm: { length: 0, width: 10, height: 10 } }), paths: ['sku', 'price.amount', 'price.currency', 'dimensionsMm.length'] },
  { name: 'product: wrong types', url: '/api/v1/products', body: product({ name: 42, weightGrams: '300', returnable: 'yes' }), paths: ['name', 'weightGrams', 'returnable'] },
  // locations
  { name: 'location: empty body', url: '/api/v1/locations', body: {}, paths: ['code', 'name', 'type', 'address', 'latitude', 'longitude'] },
  { name: 'location: bad type, latitude and country', url: '/api/v1/locations', body: location({ type: 'depot', latitude: 200, address: { line1: 'x', city: 'y', postalCode: '1', country: 'de' } }), paths: ['type', 'latitude', 'address.country'] },
  // inventory adjustments
  { name: 'adjustment: empty body', url: '/api/v1/inventory/adjustments', body: {}, paths: ['sku', 'locationCode', 'delta', 'reason'] },
  { name: 'adjustment: zero delta and unknown reason', url: '/api/v1/inventory/adjustments', body: adjustment({ delta: 0, reason: 'gift' }), paths: ['delta', 'reason'] },
  { name: 'adjustment: negative receipt', url: '/api/v1/inventory/adjustments', body: adjustment({ delta: -5 }), paths: ['delta'] },
  { name: 'adjustment: fractional delta as a string', url: '/api/v1/inventory/adjustments', body: adjustment({ delta: '1.5' }), paths: ['delta'] },
  { name: 'adjustment: unknown SKU', url: '/api/v1/inventory/adjustments', body: adjustment({ sku: 'NOPE' }), status: 404, code: 'not_found', paths: ['sku'] },
  { name: 'adjustment: unknown location', url: '/api/v1/inventory/adjustments', body: adjustment({ locationCode: 'NOWHERE' }), status: 404, code: 'not_found', paths: ['locationCode'] },
];

async function expectRefusal(res: { status: number; body: any; headers: Record<string, unknown> }, status: number, code: string, label: string) {
  expect(res.status, `${label}: ${JSON.stringify(res.body)}`).toBe(status);
  expect(String(res.headers['content-type']), label).toContain('application/problem+json');
  expect(res.body, label).toMatchObject({ type: `https://ordo.dev/problems/${code.replaceAll('_', '-')}`, status, code });
  expect(res.body.title, label).toEqual(expect.any(String));
  expect(res.body.detail, label).toEqual(expect.any(String));
  expect(await snapshot(), `${label} wrote something`).toEqual(baseline);
}

describe('bad input is refused with problem+json naming each field, and nothing is written', () => {
  it.each(cases)('$name', async (c) => {
    const status = c.status ?? 400;
    const code = c.code ?? 'validation_failed';
    const res = await t.api('POST', c.url, c.body);
    await expectRefusal(res, status, code, c.name);
    const paths = [...new Set((res.body.errors as Array<{ path: string; message: string }>).map((e) => e.path))].sort();
    expect(paths, JSON.stringify(res.body.errors)).toEqual([...c.paths].sort());
    for (const e of res.body.errors) expect(e.message, e.path).toMatch(/\S/);
    if (status === 400) for (const p of c.paths) expect(res.body.detail).toContain(p);
  });

  const raw = (headers: Record<string, string>, payload?: string) =>
    t.http.inject({ method: 'POST', url: '/api/v1/orders', headers: { authorization: `Bearer ${t.keys.admin}`, ...headers }, ...(payload === undefined ? {} : { payload }) });
  const parsed = (res: Awaited<ReturnType<typeof raw>>) => ({ status: res.statusCode, headers: res.headers, body: JSON.parse(res.body) });

  it('a body that is not JSON → 400', async () => {
    const res = parsed(await raw({ 'content-type': 'application/json' }, '{"channel": "web", lines: ['));
    await expectRefusal(res, 400, 'validation_failed', 'not JSON');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['(body)']);
  });

  it('no body at all → 400', async () => {
    const res = parsed(await raw({}));
    await expectRefusal(res, 400, 'validation_failed', 'no body');
  });

  it('an empty body sent as application/json is treated as no body (400 like above, not a JSON parse error)', async () => {
    const res = parsed(await raw({ 'content-type': 'application/json' }, ''));
    const none = parsed(await raw({}));
    await expectRefusal(res, 400, 'validation_failed', 'empty JSON body');
    expect(res.body.detail).not.toContain('not valid JSON');
    expect(res.body.errors).toEqual(none.body.errors);
  });

  it('a bodiless action sent with Content-Type: application/json works (what many HTTP clients send)', async () => {
    // The action has no body: it gets as far as looking the fulfillment order up (404), not a JSON parse error (400).
    const res = await t.http.inject({ method: 'POST', url: '/api/v1/fulfillment-orders/FO-999999/start-picking', headers: { authorization: `Bearer ${t.keys.admin}`, 'content-type': 'application/json' } });
    expect(res.statusCode, res.body).toBe(404);
    expect(JSON.parse(res.body).code).toBe('not_found');
  });

  it('a body over 1 MiB → 413 problem+json', async () => {
    const body = JSON.stringify(order({ note: 'x'.repeat(1024 * 1024) }));
    const res = parsed(await raw({ 'content-type': 'application/json' }, body));
    await expectRefusal(res, 413, 'payload_too_large', 'oversized');
  });

  it('a body just under 1 MiB is read and validated (not 413)', async () => {
    const body = JSON.stringify(order({ note: 'x'.repeat(1024 * 1024 - 2000) }));
    expect(body.length).toBeLessThan(1024 * 1024);
    const res = parsed(await raw({ 'content-type': 'application/json' }, body));
    await expectRefusal(res, 400, 'validation_failed', 'large note');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['note']);
  });

  it('an XML body → 415 problem+json', async () => {
    const res = parsed(await raw({ 'content-type': 'application/xml' }, '<order/>'));
    await expectRefusal(res, 415, 'unsupported_media_type', 'xml');
  });

  it('a form-encoded body → 415 problem+json', async () => {
    const res = parsed(await raw({ 'content-type': 'application/x-www-form-urlencoded' }, 'channel=web'));
    await expectRefusal(res, 415, 'unsupported_media_type', 'form');
  });

  // BUG (src/app.ts): Fastify's built-in text/plain parser is still registered, so a text/plain body
  // reaches validation and is answered 400 "(body): expected object" instead of 415.
  it('a text/plain body → 415 problem+json', async () => {
    const res = parsed(await raw({ 'content-type': 'text/plain' }, JSON.stringify(order())));
    await expectRefusal(res, 415, 'unsupported_media_type', 'text/plain');
  });

  it('after every refusal, row counts and reserved stock are exactly as before', async () => {
    expect(await snapshot()).toEqual(baseline);
    const inv = await t.api('GET', '/api/v1/inventory?sku=SHIRT,MUG');
    expect(inv.body.items.map((i: any) => [i.sku, i.onHand, i.reserved])).toEqual([['MUG', 10, 0], ['SHIRT', 10, 2]]);
  });

  it('the same requests, corrected, succeed (the cases fail for the named reason only)', async () => {
    expect((await t.api('POST', '/api/v1/orders', order())).status).toBe(201);
    expect((await t.api('POST', '/api/v1/products', product({ gtin: '4006381333931' }))).status).toBe(201);
    expect((await t.api('POST', '/api/v1/locations', location())).status).toBe(201);
    expect((await t.api('POST', '/api/v1/inventory/adjustments', adjustment())).status).toBe(201);
  });
});

describe('paging cursors', () => {
  const lists = ['/api/v1/orders', '/api/v1/products', '/api/v1/locations', '/api/v1/customers', '/api/v1/audit-log', '/api/v1/inventory', '/api/v1/inventory/movements', '/api/v1/fulfillment-orders', '/api/v1/risk/blocklist', '/api/v1/risk/reviews'];
  it.each(lists)('%s?cursor=<not a cursor> → 400 naming cursor (not silently the first page)', async (path) => {
    for (const bad of ['garbage', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[]').toString('base64url')]) {
      const res = await t.api('GET', `${path}?cursor=${bad}`);
      expect(res.status, `${path} ${bad}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.errors).toEqual([{ path: 'cursor', message: 'is not a nextCursor from a previous page' }]);
    }
  });

  it('a nextCursor from a previous page still works', async () => {
    const first = await t.api('GET', '/api/v1/products?limit=1');
    expect(first.status).toBe(200);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await t.api('GET', `/api/v1/products?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.status).toBe(200);
    expect(second.body.items[0].sku).not.toBe(first.body.items[0].sku);
  });
});
