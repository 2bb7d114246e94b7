import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('CSV upload (POST /imports/{kind}, the console import page)', () => {
  it('streams a text/csv body into the import and answers the report with the rejected line', async () => {
    const csv = 'sku,name,price,currency\nIMP-1,Imported mug,12.50,EUR\nIMP-2,Bad price,12.505,EUR\nIMP-3,Imported pen,3.00,EUR\n';
    const res = await t.api('POST', '/api/v1/imports/products', csv, { headers: { 'content-type': 'text/csv' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ kind: 'products', dryRun: false, rows: 3, created: 2, updated: 0 });
    expect(res.body.rejected).toEqual([{ line: 3, reason: expect.stringContaining('price') }]);
    expect((await t.api('GET', '/api/v1/products/IMP-1')).status).toBe(200);
    expect((await t.api('GET', '/api/v1/products/IMP-2')).status).toBe(404);
  });

  it('with Accept: application/x-ndjson streams the rows applied on the server, then the report', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => (i === 119 ? 'NDJ-120,Bad price,1.001,EUR' : `NDJ-${i + 1},Mug ${i + 1},1.00,EUR`));
    const csv = `sku,name,price,currency\n${rows.join('\n')}\n`;
    const res = await t.api('POST', '/api/v1/imports/products', csv, { headers: { 'content-type': 'text/csv', accept: 'application/x-ndjson' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const lines = (res.body as string).trim().split('\n').map((l) => JSON.parse(l) as { progress?: { rows: number; bytes: number }; report?: Record<string, unknown> });
    // Every 100 rows and at the end; bytes grow to the whole file.
    expect(lines.slice(0, -1).map((l) => l.progress?.rows)).toEqual([100, 150]);
    expect(lines.at(-2)!.progress!.bytes).toBe(Buffer.byteLength(csv));
    expect(lines.at(-1)!.report).toMatchObject({ kind: 'products', rows: 150, created: 149, rejected: [{ line: 121, reason: expect.stringContaining('price') }] });
    expect((await t.api('GET', '/api/v1/products/NDJ-150')).status).toBe(200);
    // An error before the first progress line is the ordinary problem+json answer.
    const bad = await t.api('POST', '/api/v1/imports/products', 'sku,name\nX,Y\n', { headers: { 'content-type': 'text/csv', accept: 'application/x-ndjson' } });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
  });

  it('over a real socket (as the console sends it): the body stream is imported, not inspected as data', async () => {
    // The card-data guard once walked the raw body stream's object graph (cycles) and hung the server
    // for every upload through a socket; app.inject's body did not show it.
    const url = await t.http.listen({ port: 0, host: '127.0.0.1' });
    const csv = 'sku,name,price,currency\nSOCK-1,Socket mug,2.50,EUR\nSOCK-2,,1.00,EUR\n';
    const res = await fetch(`${url}/api/v1/imports/products`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.keys.admin}`, 'content-type': 'text/csv' },
      body: csv,
      signal: AbortSignal.timeout(30_000),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ rows: 2, created: 1, rejected: [{ line: 3, reason: expect.stringContaining('name') }] });
    expect((await t.api('GET', '/api/v1/products/SOCK-1')).body).toMatchObject({ name: 'Socket mug', price: { amount: 250, currency: 'EUR' } });
  });

  it('a row with a card number in any field is rejected with its line; nothing of it is stored', async () => {
    const csv = ['sku,name,price,currency', 'CARD-1,Plain mug,1.00,EUR', 'CARD-2,Mug 4242.4242.4242.4242,1.00,EUR', 'CARD-3,Pen,1.00,EUR'].join('\n');
    const res = await t.api('POST', '/api/v1/imports/products', csv, { headers: { 'content-type': 'text/csv' } });
    expect(res.body).toMatchObject({ rows: 3, created: 2, rejected: [{ line: 3, reason: 'name looks like a card number; Ordo never stores card data' }] });
    expect((await t.api('GET', '/api/v1/products/CARD-2')).status).toBe(404);
    expect(JSON.stringify(res.body)).not.toContain('4242');
    // An order with such a line is rejected whole (the orders import never half-writes an order).
    await t.api('POST', '/api/v1/imports/products', 'sku,name,price,currency\nCARD-O,Order mug,1.00,EUR\n', { headers: { 'content-type': 'text/csv' } });
    const orders = [
      'order_number,placed_at,email,customer_name,currency,sku,quantity,unit_price,ship_name,ship_line1,ship_city,ship_postal_code,ship_country',
      'C-1,2026-11-02T10:00:00Z,a@shop.example,Ann,EUR,CARD-O,1,1.00,Ann,Main 1,Berlin,10115,DE',
      'C-1,2026-11-02T10:00:00Z,a@shop.example,Ann,EUR,CARD-O,1,1.00,Ann,4111 1111 1111 1111,Berlin,10115,DE',
    ].join('\n');
    const o = await t.api('POST', '/api/v1/imports/orders', orders, { headers: { 'content-type': 'text/csv' } });
    expect(o.status, JSON.stringify(o.body)).toBe(200);
    expect(o.body).toMatchObject({ created: 0, rejected: [{ line: 2, reason: expect.stringContaining('line 3 was rejected') }, { line: 3, reason: 'ship_line1 looks like a card number; Ordo never stores card data' }] });
  });

  it('a dry run writes nothing; other roles are refused', async () => {
    const res = await t.api('POST', '/api/v1/imports/products?dryRun=true', 'sku,name,price,currency\nIMP-9,Dry,1.00,EUR\n', { headers: { 'content-type': 'text/csv' } });
    expect(res.body).toMatchObject({ dryRun: true, created: 1 });
    expect((await t.api('GET', '/api/v1/products/IMP-9')).status).toBe(404);
    expect((await t.api('POST', '/api/v1/imports/products', 'sku\n', { as: 'support', headers: { 'content-type': 'text/csv' } })).status).toBe(403);
  });
});
