import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { products } from '../../src/platform/db/schema/index.js';
import { adjust, seedLocations } from './fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  const at = new Date('2030-01-01T00:00:00Z');
  await t.database.db.insert(products).values(
    [
      ['KIT-CPAN-28', 'Cast iron pan 28 cm'],
      ['KIT-CPAN-32', 'Cast iron pan 32 cm'],
      ['KIT-KNIFE', 'Chef’s knife'],
      ['MUG-1', 'Enamel mug'],
      ['PAN_X', 'Odd 100% pan'],
      ['XKIT-1', 'Kit bag'],
    ].map(([sku, name]) => ({ sku: sku!, name: name!, priceAmount: 1000n, currency: 'EUR', createdAt: at, updatedAt: at })),
  );
  await seedLocations(t, ['W1', 'W2']);
  for (const sku of ['KIT-CPAN-28', 'KIT-CPAN-32', 'KIT-KNIFE', 'MUG-1', 'PAN_X', 'XKIT-1']) await adjust(t, sku, 'W1', 5);
  await adjust(t, 'KIT-CPAN-28', 'W2', 2);
});
afterAll(() => t.close());

const levels = async (q: string, extra = '') => {
  const res = await t.api('GET', `/api/v1/inventory?q=${encodeURIComponent(q)}${extra}`, undefined, { as: 'warehouse' });
  expect(res.status).toBe(200);
  return (res.body.items as Array<{ sku: string; locationCode: string; productName?: string }>).map((l) => `${l.sku}@${l.locationCode}`);
};

describe('inventory search (GET /inventory?q=)', () => {
  it('matches a SKU prefix, not a SKU containing the text elsewhere', async () => {
    expect(await levels('KIT-CPAN')).toEqual(['KIT-CPAN-28@W1', 'KIT-CPAN-28@W2', 'KIT-CPAN-32@W1']);
    expect(await levels('KIT')).toEqual(['KIT-CPAN-28@W1', 'KIT-CPAN-28@W2', 'KIT-CPAN-32@W1', 'KIT-KNIFE@W1', 'XKIT-1@W1']); // XKIT-1 by its name “Kit bag”
    expect(await levels('kit-c')).toEqual(['KIT-CPAN-28@W1', 'KIT-CPAN-28@W2', 'KIT-CPAN-32@W1']); // typed in lower case
  });

  it('matches part of the product name, case-insensitively, and returns the name', async () => {
    expect(await levels('iron pan')).toEqual(['KIT-CPAN-28@W1', 'KIT-CPAN-28@W2', 'KIT-CPAN-32@W1']);
    expect(await levels('ENAMEL')).toEqual(['MUG-1@W1']);
    const res = await t.api('GET', '/api/v1/inventory?q=mug');
    expect(res.body.items).toMatchObject([{ sku: 'MUG-1', productName: 'Enamel mug', onHand: 5 }]);
  });

  it('treats LIKE wildcards literally and combines with the other filters', async () => {
    expect(await levels('%')).toEqual(['PAN_X@W1']); // only the name “Odd 100% pan” has a literal %
    expect(await levels('PAN_')).toEqual(['PAN_X@W1']);
    expect(await levels('_')).toEqual([]); // no SKU starts with _, no name contains one
    expect(await levels('pan', '&locationCode=W2')).toEqual(['KIT-CPAN-28@W2']);
    expect(await levels('nothing like it')).toEqual([]);
  });

  it('searches the ledger the same way', async () => {
    const res = await t.api('GET', '/api/v1/inventory/movements?q=iron');
    expect(res.status).toBe(200);
    expect(res.body.items.map((m: { sku: string }) => m.sku).sort()).toEqual(['KIT-CPAN-28', 'KIT-CPAN-28', 'KIT-CPAN-32']);
  });

  it('refuses an over-long search with 400 naming q', async () => {
    const res = await t.api('GET', `/api/v1/inventory?q=${'x'.repeat(101)}`);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('querystring.q');
  });
});
