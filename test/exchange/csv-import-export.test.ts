import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation } from '../support/factories.js';
import { systemActor } from '../../src/platform/auth/roles.js';
import { importCsv, type ImportKind } from '../../src/flows/import-csv.js';

let a: TestApp;
let b: TestApp;
beforeAll(async () => {
  [a, b] = await Promise.all([testApp(), testApp()]);
});
afterAll(async () => {
  await a.close();
  await b.close();
});

const run = (t: TestApp, kind: ImportKind, text: string, dryRun = false) =>
  importCsv({ ...t.deps, actor: systemActor }, { kind, source: Readable.from([Buffer.from(text)]), dryRun });
const exportText = async (t: TestApp, kind: string) => {
  const res = await t.http.inject({ method: 'GET', url: `/api/v1/exports/${kind}.csv`, headers: { authorization: `Bearer ${t.keys.admin}` } });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  return res.body;
};

const productsCsv = [
  'sku,name,description,price,currency,gtin,weight_grams,hs_code,origin_country,returnable,active',
  'MUG-1,Enamel mug,"Blue, 300 ml ""classic""",12.90,EUR,4006381333931,300,691200,DE,true,true',
  'PEN-1,Fountain pen,,49.00,EUR,,40,960830,DE,true,true',
  'BAD-PRICE,Half cent,,12.345,EUR,,,,,,', // line 4
  'NO-NAME,,,1.00,EUR,,,,,,', // line 5
  'BAD-GTIN,Thing,,1.00,EUR,4006381333932,,,,,', // line 6: wrong check digit
  'YEN-1,Tea bowl,,1500,JPY,,,,JP,false,true',
  'BAD-"QUOTE,x,,1.00,EUR,,,,,,', // line 8: a stray quote
  'BAD-CUR,Thing,,1.00,EURO,,,,,,', // line 9
].join('\n');

describe('CSV import (one transaction per row, rejected lines with their number)', () => {
  it('a dry run reports what would happen and writes nothing', async () => {
    const r = await run(a, 'products', productsCsv, true);
    expect(r).toMatchObject({ dryRun: true, rows: 8, created: 3, updated: 0 });
    expect(r.rejected.map((x) => x.line)).toEqual([4, 5, 6, 8, 9]);
    expect((await a.api('GET', '/api/v1/products/MUG-1')).status).toBe(404);
  });

  it('imports the good rows, rejects each bad one whole with line number and reason', async () => {
    const r = await run(a, 'products', productsCsv);
    expect(r).toMatchObject({ dryRun: false, rows: 8, created: 3, updated: 0 });
    const reasons = Object.fromEntries(r.rejected.map((x) => [x.line, x.reason]));
    expect(Object.keys(reasons).map(Number)).toEqual([4, 5, 6, 8, 9]);
    expect(reasons[4]).toContain('price');
    expect(reasons[5]).toContain('name');
    expect(reasons[6]).toContain('gtin');
    expect(reasons[8]).toContain('malformed CSV');
    expect(reasons[9]).toContain('currency');
    expect((await a.api('GET', '/api/v1/products/MUG-1')).body).toMatchObject({ name: 'Enamel mug', description: 'Blue, 300 ml "classic"', price: { amount: 1290, currency: 'EUR' }, gtin: '4006381333931' });
    expect((await a.api('GET', '/api/v1/products/YEN-1')).body).toMatchObject({ price: { amount: 1500, currency: 'JPY' }, returnable: false });
    for (const sku of ['BAD-PRICE', 'NO-NAME', 'BAD-GTIN', 'BAD-CUR']) expect((await a.api('GET', `/api/v1/products/${sku}`)).status).toBe(404);
    // Again: the same rows update instead of failing as duplicates.
    expect(await run(a, 'products', productsCsv.split('\n').slice(0, 3).join('\n'))).toMatchObject({ created: 0, updated: 2, rejected: [] });
  });

  it('refuses a file whose header lacks a required column', async () => {
    await expect(run(a, 'customers', 'mail,name\nx@example.com,X')).rejects.toThrow(/email/);
  });

  it('imports inventory counts and customers; export → import into another database gives equal data', async () => {
    await makeLocation(a, { code: 'BER' });
    const counts = await run(a, 'inventory', 'sku,location_code,counted_quantity\nMUG-1,BER,12\nPEN-1,BER,3\nNOPE-1,BER,1\nPEN-1,BER,-2\n');
    expect(counts).toMatchObject({ rows: 4, updated: 2 });
    expect(counts.rejected.map((x) => x.line)).toEqual([4, 5]);
    expect((await a.api('GET', '/api/v1/inventory?sku=MUG-1')).body.items[0]).toMatchObject({ onHand: 12 });
    const people = await run(a, 'customers', 'email,name,phone\nada@example.com,Ada Lovelace,+44 20 7946 0000\n"grace@example.com","Hopper, Grace",\nnot-an-email,X,\n');
    expect(people).toMatchObject({ created: 2, rejected: [{ line: 4, reason: expect.stringContaining('email') }] });

    const exported = { products: await exportText(a, 'products'), inventory: await exportText(a, 'inventory'), customers: await exportText(a, 'customers') };
    expect(exported.products.split('\r\n')[0]).toBe('sku,name,description,price,currency,gtin,weight_grams,hs_code,origin_country,returnable,active');
    expect(exported.products).toContain('MUG-1,Enamel mug,"Blue, 300 ml ""classic""",12.90,EUR,4006381333931,300,691200,DE,true,true');
    await makeLocation(b, { code: 'BER' });
    for (const kind of ['products', 'inventory', 'customers'] as const) expect((await run(b, kind, exported[kind])).rejected).toEqual([]);
    for (const kind of ['products', 'inventory', 'customers'] as const) expect(await exportText(b, kind)).toBe(exported[kind]);
  });
});
