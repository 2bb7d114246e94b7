import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation, receiveStock } from '../support/factories.js';
import { systemActor } from '../../src/platform/auth/roles.js';
import { queryRows } from '../../src/platform/db/query.js';
import { importCsv } from '../../src/flows/import-csv.js';
import { listOrderLinesForExport } from '../../src/modules/orders/index.js';

/**
 * Acceptance 3 of issue #14 for orders: GET /exports/order-lines.csv writes what `ordo import orders` reads;
 * exporting a varied set of orders (placed through the API and imported from CSV) and importing the file
 * into a fresh database gives the same orders, lines, amounts, customers and times, field by field.
 */
let a: TestApp;
let b: TestApp;
const products = 'sku,name,price,currency\nMUG-1,Enamel mug,12.90,EUR\nPEN-1,"Füller ""Classic"", blau",49.00,EUR\nYEN-1,茶碗 Tea bowl,1500,JPY\nUSD-1,Desk lamp,35.00,USD\n';
const run = (t: TestApp, kind: 'products' | 'orders', text: string) => importCsv({ ...t.deps, actor: systemActor }, { kind, source: Readable.from([Buffer.from(text)]) });
const exportCsv = async (t: TestApp, query = '') => {
  const res = await t.http.inject({ method: 'GET', url: `/api/v1/exports/order-lines.csv${query}`, headers: { authorization: `Bearer ${t.keys.admin}` } });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  return res.body;
};
const orderNumbers = (csv: string) => [...new Set(csv.trim().split('\r\n').slice(1).map((l) => l.split(',')[0]))];

// Imported history in the source database: other currencies, charges, a guest, quotes, commas and newlines.
const history = [
  'order_number,placed_at,email,customer_name,currency,ship_name,ship_line1,ship_city,ship_postal_code,ship_country,shipping,discount,tax,sku,quantity,unit_price',
  'H-1,2025-12-01T08:00:00Z,guest@shop.example,Guest,USD,"O\'Brien, Pat","12 Main St, Apt ""4""",Boston,02110,US,7.50,,2.10,USD-1,2,35.00',
  'H-1,2025-12-01T08:00:00Z,guest@shop.example,Guest,USD,"O\'Brien, Pat","12 Main St, Apt ""4""",Boston,02110,US,7.50,,2.10,MUG-1,1,9.99',
  'H-2,2026-01-15T17:30:00.250+01:00,grace@example.com,"Hopper, Grace ""Amazing""",GBP,,"Flat 2\nRose Court",London,SW1A 1AA,GB,,5.00,,PEN-1,3,40.00',
].join('\n');

beforeAll(async () => {
  [a, b] = await Promise.all([testApp(), testApp()]);
  for (const t of [a, b]) expect((await run(t, 'products', products)).rejected).toEqual([]);
  await makeLocation(a, { code: 'BER' });
  await makeLocation(a, { code: 'MUC', name: 'Munich store', type: 'store', canPickup: true, address: { line1: 'Kaufingerstraße 1', city: 'München', postalCode: '80331', country: 'DE' }, latitude: 48.137, longitude: 11.575 });
  for (const sku of ['MUG-1', 'PEN-1', 'YEN-1']) {
    await receiveStock(a, sku, 'BER', 50);
    await receiveStock(a, sku, 'MUC', 5);
  }
  expect(await run(a, 'orders', history)).toMatchObject({ ordersCreated: 2, created: 3, rejected: [] });
  const place = async (body: Record<string, unknown>) => {
    const res = await a.api('POST', '/api/v1/orders', { channel: 'web', inventoryPolicy: 'reject', ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; number: string };
  };
  const zoe = { email: 'Zoe.Unal@Example.com', name: 'Zoë Ünal, "Zo"' };
  const koeln = { name: 'Zoë Ünal', line1: 'Domkloster 4\nHinterhaus, 2. OG', city: 'Köln', postalCode: '50667', country: 'DE' };
  const eur = (amount: number) => ({ amount, currency: 'EUR' });
  await place({ customer: zoe, shippingAddress: koeln, lines: [{ sku: 'MUG-1', quantity: 2, unitPrice: eur(1290) }, { sku: 'PEN-1', quantity: 1, unitPrice: eur(4900) }], shipping: eur(490), discount: eur(500), tax: eur(312) });
  await place({ channel: 'app', customer: { email: 'taro@example.jp', name: '山田 太郎' }, shippingAddress: { name: '山田 太郎', line1: '丸の内1-1', city: '東京', postalCode: '100-0005', country: 'JP' },
    lines: [{ sku: 'YEN-1', quantity: 3, unitPrice: { amount: 1500, currency: 'JPY' } }] });
  await place({ customer: zoe, shippingAddress: koeln, lines: [{ sku: 'PEN-1', quantity: 1, unitPrice: eur(4900) }] });
  const cancelled = await place({ customer: { email: 'gone@example.com', name: 'Gone' }, shippingAddress: koeln, lines: [{ sku: 'MUG-1', quantity: 1, unitPrice: eur(1290) }] });
  expect((await a.api('POST', `/api/v1/orders/${cancelled.id}/cancel`, { reason: 'customer request' })).status).toBe(200);
  // A walk-in sale at the store: the guest order of the point of sale.
  const pos = await a.api('POST', '/api/v1/pos/sales', { locationCode: 'MUC', receiptNumber: 'R-1', lines: [{ sku: 'MUG-1', quantity: 1 }], payment: { provider: 'sandbox', paymentMethod: 'pm_sandbox_success' } });
  expect(pos.status, JSON.stringify(pos.body)).toBe(201);
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

interface Snapshot {
  orders: Array<Record<string, unknown>>;
  customers: Array<{ email: string; name: string }>;
}

/** Every order field the file carries, keyed by the number the export writes (an imported order's own number). */
async function snapshot(t: TestApp): Promise<Snapshot> {
  const orders = await queryRows<Record<string, unknown>>(t.database.db, sql`
    select case when o.channel = 'csv' and o.number = 'CSV-' || o.external_id then o.external_id else o.number end as key,
      o.email, o.customer_name, c.email as customer_email, o.currency, to_char(o.placed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as placed_at,
      o.subtotal_amount::text as subtotal, o.shipping_amount::text as shipping, o.discount_amount::text as discount, o.tax_amount::text as tax, o.total_amount::text as total,
      coalesce(o.shipping_address->>'name', o.customer_name) as ship_name, o.shipping_address->>'line1' as ship_line1, o.shipping_address->>'city' as ship_city,
      o.shipping_address->>'postalCode' as ship_postal_code, o.shipping_address->>'country' as ship_country,
      (select json_agg(json_build_object('lineNo', l.line_no, 'sku', l.sku, 'name', l.name, 'quantity', l.quantity_ordered - l.quantity_cancelled,
         'unitPrice', l.unit_price_amount::text, 'lineTotal', l.line_total_amount::text) order by l.line_no)
       from order_lines l where l.order_id = o.id and l.quantity_ordered > l.quantity_cancelled) as lines
    from orders o join customers c on c.id = o.customer_id
    where o.status <> 'cancelled'
    order by key`);
  const customers = await queryRows<{ email: string; name: string }>(t.database.db, sql`
    select c.email, c.name from customers c where exists (select 1 from orders o where o.customer_id = c.id and o.status <> 'cancelled') order by c.email`);
  return { orders: orders.map((o) => ({ ...o, lines: typeof o.lines === 'string' ? JSON.parse(o.lines) : o.lines })), customers };
}

const counts = async (t: TestApp) =>
  (await queryRows<Record<string, number>>(t.database.db, sql`select (select count(*)::int from orders) as orders, (select count(*)::int from order_lines) as lines,
    (select count(*)::int from customers) as customers, (select count(*)::int from order_status_history) as history, (select count(*)::int from outbox) as events`))[0]!;

describe('orders CSV: export in the import format → import into a fresh database', () => {
  let exported: string;

  it('exports every order line in the import format, oldest order first, cancelled orders left out', async () => {
    exported = await exportCsv(a);
    expect(exported.split('\r\n')[0]).toBe('order_number,placed_at,email,customer_name,currency,ship_name,ship_line1,ship_city,ship_postal_code,ship_country,shipping,discount,tax,sku,quantity,unit_price');
    const numbers = orderNumbers(exported);
    expect(numbers.slice(0, 2)).toEqual(['H-1', 'H-2']);
    expect(numbers).toHaveLength(6);
    expect(exported).not.toContain('gone@example.com');
    expect(exported).toContain('"Zoë Ünal, ""Zo""",EUR,Zoë Ünal,"Domkloster 4\nHinterhaus, 2. OG",Köln,50667,DE,4.90,5.00,3.12,MUG-1,2,12.90');
    expect(exported).toContain('2026-01-15T16:30:00.250Z,grace@example.com');
  });

  it('imports into another database with nothing rejected and gives equal orders, lines, amounts, customers and times', async () => {
    const res = await b.api('POST', '/api/v1/imports/orders', exported, { headers: { 'content-type': 'text/csv' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ kind: 'orders', rows: 8, created: 8, rejected: [] });
    const [from, to] = [await snapshot(a), await snapshot(b)];
    expect(from.orders).toHaveLength(6);
    expect(from.orders.find((o) => o.key === 'H-1')).toMatchObject({ currency: 'USD', subtotal: '7999', shipping: '750', tax: '210', total: '8959', ship_line1: '12 Main St, Apt "4"' });
    expect(from.orders.find((o) => o.customer_email === 'zoe.unal@example.com' && o.shipping === '490')).toMatchObject({ subtotal: '7480', discount: '500', tax: '312', total: '7782' });
    expect(from.customers.map((c) => c.email)).toEqual(expect.arrayContaining(['guest@shop.example', 'taro@example.jp', 'zoe.unal@example.com', expect.stringMatching(/^walk-in\+muc@/)]));
    for (const [i, o] of from.orders.entries()) expect(to.orders[i], String(o.key)).toEqual(o);
    expect(to.customers).toEqual(from.customers);
    // And the fresh database exports the very same file.
    expect(await exportCsv(b)).toBe(exported);
  });

  it('a re-import of the export into the same database writes nothing', async () => {
    for (const t of [a, b]) {
      const before = await counts(t);
      expect(await run(t, 'orders', exported)).toMatchObject({ created: 0, ordersCreated: 0, unchanged: 8, rejected: [] });
      expect(await counts(t)).toEqual(before);
    }
  });

  it('filters by time, channel and status', async () => {
    expect(orderNumbers(await exportCsv(a, '?to=2026-01-01T00:00:00Z'))).toEqual(['H-1']);
    expect(orderNumbers(await exportCsv(a, '?from=2026-01-01T00:00:00Z&channel=csv'))).toEqual(['H-2']);
    const app = await exportCsv(a, '?channel=app');
    expect(app.trim().split('\r\n')).toHaveLength(2);
    expect(app).toContain('taro@example.jp,山田 太郎,JPY,山田 太郎,丸の内1-1,東京,100-0005,JP,0,0,0,YEN-1,3,1500');
    expect(orderNumbers(await exportCsv(a, '?status=delivered&channel=csv'))).toEqual(['H-1', 'H-2']);
    expect((await exportCsv(a, '?status=cancelled')).trim().split('\r\n')).toHaveLength(1);
    expect((await a.api('GET', '/api/v1/exports/order-lines.csv?status=lost')).status).toBe(400);
    expect((await a.api('GET', '/api/v1/exports/order-lines.csv', undefined, { as: 'warehouse' })).status).toBe(403);
  });

  it('pages on (placed_at, order, line): one line per page gives the same rows as one page', async () => {
    const all = await listOrderLinesForExport(a.database.db, { limit: 1000 });
    const paged: typeof all = [];
    for (let page = await listOrderLinesForExport(a.database.db, { limit: 1 }); page.length; page = await listOrderLinesForExport(a.database.db, { limit: 1, after: page.at(-1)!.key })) paged.push(...page);
    expect(paged).toEqual(all);
    expect(all).toHaveLength(8);
  });
});
