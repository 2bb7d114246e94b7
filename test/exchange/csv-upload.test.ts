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

  it('a dry run writes nothing; other roles are refused', async () => {
    const res = await t.api('POST', '/api/v1/imports/products?dryRun=true', 'sku,name,price,currency\nIMP-9,Dry,1.00,EUR\n', { headers: { 'content-type': 'text/csv' } });
    expect(res.body).toMatchObject({ dryRun: true, created: 1 });
    expect((await t.api('GET', '/api/v1/products/IMP-9')).status).toBe(404);
    expect((await t.api('POST', '/api/v1/imports/products', 'sku\n', { as: 'support', headers: { 'content-type': 'text/csv' } })).status).toBe(403);
  });
});
