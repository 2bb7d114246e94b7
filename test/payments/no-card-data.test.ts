/**
 * Card data never touches Ordo: card numbers posted in every kind of field are refused with 422
 * naming the field (the value never echoed), and afterwards no text or jsonb column of any table and
 * no log line holds anything that looks like a card number.
 */
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { createLogger } from '../../src/platform/logger.js';
import { queryRows } from '../../src/platform/db/query.js';
import { orderBody } from '../support/factories.js';
import { seedShop } from './support.js';

const cards = ['4111111111111111', '4111 1111 1111 1111', '5555-5555-5555-4444', '378282246310005', '3782 822463 10005', '6011111111111117', '4242424242424242'];
const logLines: string[] = [];
let t: TestApp;

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  t = await testApp({ app: { logger: createLogger({ level: 'trace', destination: sink }) } });
  await seedShop(t);
});
afterAll(() => t.close());

function luhn(d: string) {
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    let n = Number(d[d.length - 1 - i]);
    if (i % 2) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
    sum += n;
  }
  return sum % 10 === 0;
}

/**
 * An independent scanner (not the production detector): Luhn-valid runs of 13–19 digits, bare or in
 * card groupings (4-4-4-4(-3), 4-6-5, 4-6-4) with spaces or dashes, bounded by non-digits. UUIDs and
 * long hex digests (ids, key hashes) are removed first: their digit groups are not card data.
 */
function findCardLike(text: string): string[] {
  const cleaned = text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ' ').replace(/[0-9a-f]{32,}/gi, ' ');
  const sep = '(?:[ +-]|%20)';
  const re = new RegExp(`(?<!\\d)(?<!\\d\\.)(?:\\d{4}${sep}\\d{4}${sep}\\d{4}${sep}\\d{4}(?:${sep}\\d{3})?|\\d{4}${sep}\\d{6}${sep}\\d{4,5}|\\d{13,19})(?!\\d)`, 'g');
  return [...cleaned.matchAll(re)].map((m) => m[0]).filter((m) => luhn(m.replace(/%20/g, '').replace(/\D/g, '')));
}

describe('card-data guard', () => {
  const cases: Array<[string, (card: string) => Record<string, unknown>, string]> = [
    ['order note', (c) => orderBody([{ sku: 'SKU-A', quantity: 1 }], { note: `please charge ${c}` }), 'note'],
    ['address line', (c) => orderBody([{ sku: 'SKU-A', quantity: 1 }], { shippingAddress: { line1: c, city: 'Berlin', postalCode: '10117', country: 'DE' } }), 'shippingAddress.line1'],
    [
      'customization value',
      (c) => ({ ...orderBody([{ sku: 'SKU-A', quantity: 1 }]), lines: [{ sku: 'SKU-A', quantity: 1, customization: { engraving: `my card ${c}` } }] }),
      'lines.0.customization.engraving',
    ],
    ['payment method', (c) => orderBody([{ sku: 'SKU-A', quantity: 1 }], { payments: [{ provider: 'sandbox', paymentMethod: c }] }), 'payments.0.paymentMethod'],
    ['customer name', (c) => orderBody([{ sku: 'SKU-A', quantity: 1 }], { customer: { email: 'c@example.com', name: `Ada ${c}` } }), 'customer.name'],
  ];

  it.each(cases)('refuses a card number in the %s with 422 naming the field, never echoing it', async (_what, body, path) => {
    for (const card of cards) {
      const res = await t.api('POST', '/api/v1/orders', body(card));
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.code).toBe('card_data_rejected');
      expect(res.body.errors).toEqual([{ path, message: expect.any(String) }]);
      expect(JSON.stringify(res.body)).not.toContain(card.replace(/\D/g, '').slice(0, 12));
      expect(findCardLike(JSON.stringify(res.body))).toEqual([]);
    }
  });

  it('refuses card numbers in query strings and in payment operations', async () => {
    const res = await t.api('GET', `/api/v1/orders?q=${encodeURIComponent('4111 1111 1111 1111')}`);
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('query.q');
    expect(findCardLike(JSON.stringify(res.body))).toEqual([]);
    const retry = await t.api('POST', '/api/v1/orders/01900000-0000-7000-8000-000000000001/payments/01900000-0000-7000-8000-000000000002/authorize', { paymentMethod: '5555555555554444' });
    expect(retry.status).toBe(422);
    expect(retry.body.errors[0].path).toBe('paymentMethod');
  });

  it('leaves no card-like number in any text or jsonb column of any table, nor in the logs', async () => {
    // Something legitimate was written too, so the scan has rows to look at.
    const ok = await t.api('POST', '/api/v1/orders', orderBody([{ sku: 'SKU-A', quantity: 1 }], { note: 'leave at the door', payments: [{ provider: 'sandbox', paymentMethod: 'pm_sandbox_success' }] }));
    expect(ok.status).toBe(201);
    const columns = await queryRows<{ table_name: string; column_name: string }>(
      t.database.db,
      sql`select table_name, column_name from information_schema.columns
          where table_schema = 'public' and data_type in ('text', 'jsonb', 'json', 'character varying')`,
    );
    expect(columns.length).toBeGreaterThan(20);
    let scanned = 0;
    for (const c of columns) {
      const rows = await queryRows<{ v: string | null }>(t.database.db, sql`select ${sql.identifier(c.column_name)}::text as v from ${sql.identifier(c.table_name)}`);
      for (const r of rows) {
        if (r.v === null) continue;
        scanned++;
        expect(findCardLike(r.v), `${c.table_name}.${c.column_name}`).toEqual([]);
      }
    }
    expect(scanned).toBeGreaterThan(50);
    expect(logLines.length).toBeGreaterThan(20);
    const logged = logLines.join('');
    expect(logged).not.toContain('?q='); // request lines carry the path only: the refused query is not logged
    expect(findCardLike(logged)).toEqual([]);
  });

  it('the scanner itself finds what it should (so the scan above can fail)', () => {
    expect(findCardLike('x 4111 1111 1111 1111 y')).toHaveLength(1);
    expect(findCardLike('{"note":"5555555555554444"}')).toHaveLength(1);
    expect(findCardLike('"url":"/api/v1/orders?q=4111%201111%201111%201111"')).toHaveLength(1);
    expect(findCardLike('01a21706-efa2-73d6-ae73-aeea092574e0')).toEqual([]);
  });
});
