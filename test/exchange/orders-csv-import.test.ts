import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { systemActor } from '../../src/platform/auth/roles.js';
import { queryRows } from '../../src/platform/db/query.js';
import { importCsv } from '../../src/flows/import-csv.js';
import { importOrdersCsv } from '../../src/modules/imports/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  const products = await importCsv({ ...t.deps, actor: systemActor }, {
    kind: 'products',
    source: Readable.from([Buffer.from('sku,name,price,currency\nMUG-1,Enamel mug,12.90,EUR\nPEN-1,Fountain pen,49.00,EUR\nYEN-1,Tea bowl,1500,JPY\n')]),
  });
  expect(products.created).toBe(3);
});
afterAll(() => t?.close());

const header = 'order_number,placed_at,email,customer_name,currency,ship_country,ship_city,sku,quantity,unit_price';
const ordersCsv = [
  header,
  'A-1,2026-03-01T10:15:00Z,Ada@Example.com,Ada Lovelace,EUR,GB,London,MUG-1,2,12.90', // line 2
  'A-1,2026-03-01T10:15:00Z,ada@example.com,Ada Lovelace,EUR,GB,London,PEN-1,1,49.00',
  'A-2,2026-03-02T09:00:00+01:00,grace@example.com,"Hopper, Grace",EUR,US,Arlington,PEN-1,3,45.00', // line 4
  'A-3,2026-03-02T11:00:00Z,x@example.com,X,EUR,DE,Berlin,MUG-1,1,12.90', // line 5: order rejected by line 6
  'A-3,2026-03-02T11:00:00Z,x@example.com,X,EUR,DE,Berlin,MUG-1,0,12.90', // line 6: quantity 0
  'A-4,2026-03-02T12:00:00Z,y@example.com,Y,EUR,DE,Berlin,NOPE-1,1,1.00', // line 7: unknown SKU
  'A-5,2026-03-02T13:00:00Z,z@example.com,Z,EUR,DE,Berlin,MUG-1,1,12.905', // line 8: below the minor unit
  'A-6,2026-03-02T14:00:00Z,w@example.com,W,EUR,DE,Berlin,MUG-1,1,12.90', // line 9
  'A-6,2026-03-03T14:00:00Z,w@example.com,W,EUR,DE,Berlin,PEN-1,1,49.00', // line 10: placed_at differs
  'A-7,2026-03-04T08:00:00Z,ada@example.com,Ada Lovelace,JPY,JP,Kyoto,YEN-1,2,1500', // line 11
  'A-8,2026-03-04T09:00:00Z,q@example.com,"Q ""quote,EUR,DE,Berlin,MUG-1,1,1.00', // line 12: unclosed quote … (csv-parse reads on)
].join('\n');

const rows = <T>(q: ReturnType<typeof sql>) => queryRows<T>(t.database.db, q);

describe('ordo import orders (batches of whole orders)', () => {
  it('a dry run reports what would happen and writes nothing', async () => {
    const r = await importCsv({ ...t.deps, actor: systemActor }, { kind: 'orders', source: Readable.from([Buffer.from(ordersCsv.split('\n').slice(0, 5).join('\n'))]), dryRun: true });
    expect(r).toMatchObject({ dryRun: true, rows: 4, created: 4, unchanged: 0, ordersCreated: 3, rejected: [] });
    expect(await rows(sql`select id from orders where channel = 'csv'`)).toEqual([]);
  });

  it('imports good orders with their totals, rejects an order with any bad line whole, each line with its number', async () => {
    const r = await importOrdersCsv(t.deps, { source: Readable.from([Buffer.from(ordersCsv)]), batchLines: 2 });
    expect(r).toMatchObject({ linesCreated: 4, ordersCreated: 3, linesUnchanged: 0 });
    const reasons = Object.fromEntries(r.rejected.map((x) => [x.line, x.reason]));
    expect(reasons[5]).toBe('order A-3 not imported: line 6 was rejected');
    expect(reasons[6]).toContain('quantity');
    expect(reasons[7]).toBe('sku NOPE-1: no such product');
    expect(reasons[8]).toContain('unit_price');
    expect(reasons[9]).toBe('order A-6 not imported: line 10 was rejected');
    expect(reasons[10]).toContain('placed_at differs');
    expect(reasons[12]).toContain('malformed CSV');
    const orders = await rows<{ number: string; total: string; n: number; email: string; placed: Date; country: string; currency: string }>(sql`
      select o.number, o.total_amount::text as total, count(l.id)::int as n, c.email, o.placed_at as placed, o.shipping_address->>'country' as country, o.currency
      from orders o join order_lines l on l.order_id = o.id join customers c on c.id = o.customer_id
      where o.channel = 'csv' group by o.id, c.email order by o.number`);
    expect(orders.map((o) => [o.number, o.total, o.n, o.email, o.country, o.currency])).toEqual([
      ['CSV-A-1', '7480', 2, 'ada@example.com', 'GB', 'EUR'],
      ['CSV-A-2', '13500', 1, 'grace@example.com', 'US', 'EUR'],
      ['CSV-A-7', '3000', 1, 'ada@example.com', 'JP', 'JPY'],
    ]);
    expect(new Date(orders[1]!.placed).toISOString()).toBe('2026-03-02T08:00:00.000Z');
    expect(await rows(sql`select distinct status from orders where channel = 'csv'`)).toEqual([{ status: 'delivered' }]);
    const events = await rows<{ n: number; orders: number }>(sql`select count(*)::int as n, sum((payload->>'ordersCreated')::int)::int as orders from outbox where type = 'import.batch_committed' and aggregate_id = 'csv-orders'`);
    expect(events[0]!.orders).toBe(3);
  });

  it('a re-run writes nothing twice and leaves imported orders as they are', async () => {
    const again = await importCsv({ ...t.deps, actor: systemActor }, { kind: 'orders', source: Readable.from([Buffer.from(ordersCsv)]) });
    expect(again).toMatchObject({ created: 0, unchanged: 4, ordersCreated: 0 });
    expect((await rows<{ n: number }>(sql`select count(*)::int as n from order_lines l join orders o on o.id = l.order_id where o.channel = 'csv'`))[0]!.n).toBe(4);
  });

  it('refuses an order whose lines are not consecutive, and a header without the required columns', async () => {
    const text = [header, 'B-1,2026-03-05T10:00:00Z,b@example.com,B,EUR,DE,Berlin,MUG-1,1,12.90', 'B-2,2026-03-05T10:00:00Z,b@example.com,B,EUR,DE,Berlin,MUG-1,1,12.90', 'B-1,2026-03-05T10:00:00Z,b@example.com,B,EUR,DE,Berlin,PEN-1,1,49.00'].join('\n');
    const r = await importOrdersCsv(t.deps, { source: Readable.from([Buffer.from(text)]) });
    expect(r.linesCreated).toBe(2);
    expect(r.rejected).toEqual([{ line: 4, reason: 'order_number B-1: the lines of an order must be consecutive (first seen at line 2)' }]);
    await expect(importOrdersCsv(t.deps, { source: Readable.from([Buffer.from('order_number,sku\nX,MUG-1\n')]) })).rejects.toThrow(/placed_at/);
  });
});
