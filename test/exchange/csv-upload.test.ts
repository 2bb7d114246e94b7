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

  it('a dry run writes nothing; other roles are refused', async () => {
    const res = await t.api('POST', '/api/v1/imports/products?dryRun=true', 'sku,name,price,currency\nIMP-9,Dry,1.00,EUR\n', { headers: { 'content-type': 'text/csv' } });
    expect(res.body).toMatchObject({ dryRun: true, created: 1 });
    expect((await t.api('GET', '/api/v1/products/IMP-9')).status).toBe(404);
    expect((await t.api('POST', '/api/v1/imports/products', 'sku\n', { as: 'support', headers: { 'content-type': 'text/csv' } })).status).toBe(403);
  });
});
