import type { Db } from '../../platform/db/client.js';
import { preparedRows } from '../../platform/db/prepared.js';

export interface ImportLineRow {
  lineKey: string;
  lineNo: number;
  outcome: 'credit_matched' | 'credit_unmatched' | 'adjustment' | 'rejected';
  reason: string;
  invoice: string | null;
  sku: string | null;
  quantity: number | null;
  unitPrice: string | null;
  currency: string | null;
  localTime: string | null;
  customerRef: string | null;
  country: string | null;
  matchedOrderLineId: string | null;
  raw: string | null;
}

/** Records lines that are not order lines; returns the keys that were new (a re-run returns none). */
export async function insertImportLines(tx: Db, source: string, timeZone: string, rows: ImportLineRow[], at: Date): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const col = <T>(f: (r: ImportLineRow) => T) => rows.map(f);
  const inserted = await preparedRows<{ line_key: string }>(tx, 'ordo_insert_import_lines', `
    insert into import_lines (source, line_key, line_no, outcome, reason, invoice, sku, quantity, unit_price, currency, occurred_at,
      customer_ref, country, matched_order_line_id, raw, imported_at)
    select $1::text, u.k, u.n, u.o, u.r, u.i, u.s, u.q, u.p, u.c, (u.t::timestamp at time zone $16::text), u.cr, u.co, u.m, u.raw, $15::timestamptz
    from unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::numeric[], $10::text[], $11::text[],
      $12::text[], $13::text[], $14::text[], $17::text[]) as u(k, n, o, r, i, s, q, p, c, t, cr, co, m, raw)
    on conflict do nothing
    returning line_key`,
    [source, col((r) => r.lineKey), col((r) => r.lineNo), col((r) => r.outcome), col((r) => r.reason), col((r) => r.invoice), col((r) => r.sku),
      col((r) => r.quantity), col((r) => r.unitPrice), col((r) => r.currency), col((r) => r.localTime), col((r) => r.customerRef),
      col((r) => r.country), col((r) => r.matchedOrderLineId), at, timeZone, col((r) => r.raw)]);
  return new Set(inserted.map((r) => r.line_key));
}
