/**
 * Every card format (test/support/card-formats.ts) is refused with 422 naming the field wherever it
 * arrives: in a JSON body, in a query string, in the stored headers Idempotency-Key and X-Request-Id.
 * Afterwards no text or jsonb column and no log line holds any of the card numbers, however written.
 */
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { createLogger } from '../../src/platform/logger.js';
import { queryRows } from '../../src/platform/db/query.js';
import { orderBody } from '../support/factories.js';
import { cardFormats } from '../support/card-formats.js';
import { seedShop } from './support.js';

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

/** Digits of the cards used in the formats, as an independent check: any script's digits, separators dropped. */
const cardDigits = [...new Set(cardFormats.map(([, text]) => digitsOf(text)))];
function digitsOf(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFKC')) {
    if (/\p{Nd}/u.test(ch)) {
      let zero = ch.codePointAt(0)!;
      while (/\p{Nd}/u.test(String.fromCodePoint(zero - 1)) && ch.codePointAt(0)! - zero < 9) zero--;
      out += String(ch.codePointAt(0)! - zero);
    } else if (/[\p{L}]/u.test(ch)) out += ch; // letters keep unrelated digit runs apart
  }
  return out;
}
/** JSON escapes and URL encoding undone, as a reader of the column or log line would. */
const unescape = (text: string) =>
  text
    .replace(/\\u([0-9a-fA-F]{4})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\\[tnrfb"\\/]/g, ' ')
    .replace(/(?:%[0-9a-fA-F]{2})+/g, (m) => {
      try {
        return decodeURIComponent(m);
      } catch {
        return m;
      }
    })
    .replace(/\+/g, ' ');
const holdsCard = (text: string) => cardDigits.filter((d) => digitsOf(unescape(text)).includes(d));

/** Only what an HTTP header can carry (Latin-1, no line breaks). */
const headerSafe = cardFormats.filter(([, text]) => /^[\t\x20-\x7e\xa0-\xff]+$/.test(text));
let seq = 0;

describe('card numbers in every format', () => {
  it('the independent check finds the cards (so the scans below can fail)', () => {
    expect(cardDigits.length).toBeGreaterThanOrEqual(8);
    for (const [, text] of cardFormats) expect(holdsCard(`{"x":${JSON.stringify(text)}}`).length).toBeGreaterThan(0);
    expect(holdsCard('4111.11 and 01a21706-efa2-73d6-ae73-aeea092574e0')).toEqual([]);
  });

  it.each(cardFormats)('%s: refused in a body, a query and stored headers', async (_what, card) => {
    const body = await t.api('POST', '/api/v1/orders', orderBody([{ sku: 'SKU-A', quantity: 1 }], { note: `please charge ${card}` }));
    expect(body.status, JSON.stringify(body.body)).toBe(422);
    expect(body.body.errors).toEqual([{ path: 'note', message: expect.any(String) }]);
    const query = await t.api('GET', `/api/v1/orders?q=${encodeURIComponent(card)}`);
    expect(query.status).toBe(422);
    expect(query.body.errors[0].path).toBe('query.q');
    for (const res of [body, query]) expect(holdsCard(JSON.stringify(res.body) + JSON.stringify(res.headers))).toEqual([]);
  });

  it.each(headerSafe)('%s: refused as Idempotency-Key and X-Request-Id', async (_what, card) => {
    const ok = orderBody([{ sku: 'SKU-A', quantity: 1 }], { customer: { email: `h${++seq}@example.com`, name: 'H' } });
    const idem = await t.api('POST', '/api/v1/orders', ok, { headers: { 'idempotency-key': card } });
    expect(idem.status, JSON.stringify(idem.body)).toBe(422);
    expect(idem.body.errors[0].path).toBe('header.idempotency-key');
    const rid = await t.api('POST', '/api/v1/orders', ok, { headers: { 'x-request-id': card } });
    expect(rid.status).toBe(422);
    expect(rid.body.errors[0].path).toBe('header.x-request-id');
    for (const res of [idem, rid]) expect(holdsCard(JSON.stringify(res.body) + JSON.stringify(res.headers))).toEqual([]);
  });

  it('leaves none of them in any text or jsonb column, nor in the logs', async () => {
    expect(headerSafe.length).toBeGreaterThan(40);
    const ok = await t.api('POST', '/api/v1/orders', orderBody([{ sku: 'SKU-A', quantity: 1 }], { note: 'leave at the door' }), { headers: { 'idempotency-key': 'order-key-1', 'x-request-id': 'req-1' } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const columns = await queryRows<{ table_name: string; column_name: string }>(
      t.database.db,
      sql`select table_name, column_name from information_schema.columns
          where table_schema = 'public' and data_type in ('text', 'jsonb', 'json', 'character varying')`,
    );
    let scanned = 0;
    for (const c of columns) {
      const rows = await queryRows<{ v: string | null }>(t.database.db, sql`select ${sql.identifier(c.column_name)}::text as v from ${sql.identifier(c.table_name)}`);
      for (const r of rows) {
        if (r.v === null) continue;
        scanned++;
        expect(holdsCard(r.v), `${c.table_name}.${c.column_name}`).toEqual([]);
      }
    }
    expect(scanned).toBeGreaterThan(50);
    expect(logLines.length).toBeGreaterThan(cardFormats.length * 3);
    for (const line of logLines) expect(holdsCard(line), line).toEqual([]);
    // Request lines carry the path only: a refused query is not logged at all.
    expect(logLines.join('')).not.toContain('?q=');
  });
});
