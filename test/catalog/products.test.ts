import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { auditLog, outbox, products } from '../../src/platform/db/schema/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const product = (over: Record<string, unknown> = {}) => ({ sku: 'MUG-1', name: 'Blue Mug', price: { amount: 1299, currency: 'EUR' }, ...over });
const productCount = async () => Number((await t.database.db.select({ n: count() }).from(products))[0]!.n);

describe('POST /products', () => {
  it('creates a product with every field, audits it and announces it', async () => {
    const body = product({
      sku: 'TEE/M-blue',
      name: 'T-shirt',
      description: 'Cotton',
      gtin: '4006381333931',
      weightGrams: 180,
      dimensionsMm: { length: 300, width: 200, height: 20 },
      hsCode: '610910',
      originCountry: 'PT',
      returnable: false,
      customizationFields: [
        { key: 'print', label: 'Print text', type: 'text', required: true, maxLength: 20 },
        { key: 'color', label: 'Ink', type: 'select', required: false, options: ['black', 'white'] },
      ],
    });
    const res = await t.api('POST', '/api/v1/products', body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ...body, active: true });
    const got = await t.api('GET', `/api/v1/products/${encodeURIComponent('TEE/M-blue')}`, undefined, { as: 'warehouse' });
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
    const events = await t.database.db.select().from(outbox).where(and(eq(outbox.type, 'product.created'), eq(outbox.aggregateId, 'TEE/M-blue')));
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ sku: 'TEE/M-blue', price: { amount: 1299, currency: 'EUR' } });
    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, 'TEE/M-blue'));
    expect(audits.map((a) => a.action)).toEqual(['product.created']);
  });

  it('applies defaults and refuses a duplicate SKU or GTIN with 409', async () => {
    const res = await t.api('POST', '/api/v1/products', product({ gtin: '96385074' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ returnable: true, active: true, customizationFields: [], gtin: '96385074', dimensionsMm: null });
    const dupSku = await t.api('POST', '/api/v1/products', product({ name: 'Other' }));
    expect(dupSku.status).toBe(409);
    expect(dupSku.body.errors).toEqual([{ path: 'sku', message: 'is already taken' }]);
    const dupGtin = await t.api('POST', '/api/v1/products', product({ sku: 'MUG-2', gtin: '96385074' }));
    expect(dupGtin.status).toBe(409);
    expect(dupGtin.body.errors[0].path).toBe('gtin');
    expect((await t.api('GET', '/api/v1/products/MUG-2')).status).toBe(404);
  });

  it.each([
    ['bad GTIN check digit', { gtin: '4006381333932' }, 'gtin'],
    ['GTIN of the wrong length', { gtin: '12345' }, 'gtin'],
    ['unknown currency', { price: { amount: 100, currency: 'XYZ' } }, 'price.currency'],
    ['lower-case currency', { price: { amount: 100, currency: 'eur' } }, 'price.currency'],
    ['negative price', { price: { amount: -1, currency: 'EUR' } }, 'price.amount'],
    ['fractional price', { price: { amount: 12.5, currency: 'EUR' } }, 'price.amount'],
    ['missing name', { name: undefined }, 'name'],
    ['blank name', { name: '   ' }, 'name'],
    ['price as a string', { price: '12.99' }, 'price'],
    ['weight as a string', { weightGrams: 'heavy' }, 'weightGrams'],
    ['returnable as a string', { returnable: 'yes' }, 'returnable'],
    ['bad SKU', { sku: '-bad sku' }, 'sku'],
    ['short HS code', { hsCode: '1234' }, 'hsCode'],
    ['country name', { originCountry: 'Germany' }, 'originCountry'],
    ['zero dimension', { dimensionsMm: { length: 0, width: 1, height: 1 } }, 'dimensionsMm.length'],
    ['select without options', { customizationFields: [{ key: 'c', label: 'C', type: 'select', required: true }] }, 'customizationFields.0.options'],
    ['repeated field key', { customizationFields: [{ key: 'a', label: 'A', type: 'text' }, { key: 'a', label: 'B', type: 'text' }] }, 'customizationFields.1.key'],
  ])('refuses %s with 400 naming the field and writes nothing', async (_name, over, path) => {
    const before = await productCount();
    const res = await t.api('POST', '/api/v1/products', product({ sku: 'BAD-1', ...over }));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await productCount()).toBe(before);
  });

  it('replays an Idempotency-Key instead of creating twice', async () => {
    const headers = { 'idempotency-key': 'create-cup-1' };
    const first = await t.api('POST', '/api/v1/products', product({ sku: 'CUP-1' }), { headers });
    const again = await t.api('POST', '/api/v1/products', product({ sku: 'CUP-1' }), { headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const events = await t.database.db.select().from(outbox).where(eq(outbox.aggregateId, 'CUP-1'));
    expect(events).toHaveLength(1);
    const other = await t.api('POST', '/api/v1/products', product({ sku: 'CUP-2' }), { headers });
    expect(other.status).toBe(409);
  });

  it('checks roles', async () => {
    expect((await t.api('POST', '/api/v1/products', product({ sku: 'R-1' }), { as: 'warehouse' })).status).toBe(403);
    expect((await t.api('POST', '/api/v1/products', product({ sku: 'R-1' }), { key: null })).status).toBe(401);
    expect((await t.api('PATCH', '/api/v1/products/MUG-1', { name: 'x' }, { as: 'read-only' })).status).toBe(403);
    expect((await t.api('GET', '/api/v1/products/MUG-1', undefined, { key: null })).status).toBe(401);
    expect((await t.api('POST', '/api/v1/products', product({ sku: 'R-1' }), { as: 'integration' })).status).toBe(201);
  });
});

describe('PATCH /products/{sku}', () => {
  it('changes only the fields sent, clears with null, audits before/after and announces it', async () => {
    await t.api('POST', '/api/v1/products', product({ sku: 'LAMP-1', name: 'Lamp', gtin: '036000291452', hsCode: '940520' }));
    const res = await t.api('PATCH', '/api/v1/products/LAMP-1', { name: 'Desk lamp', price: { amount: 4999, currency: 'USD' }, gtin: null, active: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ sku: 'LAMP-1', name: 'Desk lamp', price: { amount: 4999, currency: 'USD' }, gtin: null, hsCode: '940520', active: false });
    const [audit] = await t.database.db.select().from(auditLog).where(and(eq(auditLog.entityId, 'LAMP-1'), eq(auditLog.action, 'product.updated')));
    expect(audit!.before).toMatchObject({ name: 'Lamp', gtin: '036000291452', price: { amount: 1299, currency: 'EUR' } });
    expect(audit!.after).toMatchObject({ name: 'Desk lamp', gtin: null, price: { amount: 4999, currency: 'USD' } });
    const events = await t.database.db.select().from(outbox).where(and(eq(outbox.type, 'product.updated'), eq(outbox.aggregateId, 'LAMP-1')));
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ sku: 'LAMP-1', changed: ['name', 'price', 'gtin', 'active'] });
  });

  it('refuses bad input, a taken GTIN and an unknown SKU without changing anything', async () => {
    const bad = await t.api('PATCH', '/api/v1/products/MUG-1', { price: { amount: -5, currency: 'EUR' }, name: 'Changed' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('price.amount');
    const taken = await t.api('PATCH', '/api/v1/products/MUG-1', { gtin: '4006381333931', name: 'Changed' });
    expect(taken.status).toBe(409);
    expect(taken.body.errors[0].path).toBe('gtin');
    expect((await t.api('GET', '/api/v1/products/MUG-1')).body.name).toBe('Blue Mug');
    expect((await t.api('PATCH', '/api/v1/products/NOPE', { name: 'x' })).status).toBe(404);
  });
});

describe('GET /products', () => {
  it('searches by SKU or name substring and exact GTIN, filters by active, pages by SKU', async () => {
    const all = await t.api('GET', '/api/v1/products?limit=500');
    const skus = all.body.items.map((p: { sku: string }) => p.sku);
    expect(skus).toEqual([...skus].sort());
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: Array<{ sku: string }>; nextCursor: string | null } } = await t.api('GET', `/api/v1/products?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      pages.push(...res.body.items.map((p) => p.sku));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(pages).toEqual(skus);

    const names = async (qs: string) => (await t.api('GET', `/api/v1/products?${qs}`)).body.items.map((p: { sku: string }) => p.sku);
    expect(await names('q=mug-')).toEqual(['MUG-1']);
    expect(await names('q=BLUE%20mug')).toEqual(['CUP-1', 'MUG-1', 'R-1']);
    expect(await names('q=DESK')).toEqual(['LAMP-1']);
    expect(await names('q=4006381333931')).toEqual(['TEE/M-blue']);
    expect(await names('q=400638133393')).toEqual([]);
    expect(await names('q=%25')).toEqual([]);
    expect(await names('active=false')).toEqual(['LAMP-1']);
    expect(await names('active=true')).not.toContain('LAMP-1');
    expect((await t.api('GET', '/api/v1/products?active=maybe')).status).toBe(400);
  });
});
