import type { Db } from '../../platform/db/client.js';
import type { Address } from '../../platform/db/schema/index.js';
import { preparedRows } from '../../platform/db/prepared.js';

/**
 * Writes of imported history (orders that were placed and delivered before Ordo): bulk, idempotent
 * (every row has a deterministic id; re-running inserts nothing twice) and without reservations or
 * stock movements, since the goods left long ago. Used by the imports module only.
 */
export interface HistoricalOrder {
  id: string;
  number: string;
  channel: string;
  externalId: string;
  customerId: string;
  email: string;
  customerName: string;
  currency: string;
  shippingAddress: Address;
  placedAt: string;
  /** How `placedAt` is to be read: an ISO instant, or a local time in this IANA zone. */
  timeZone: string;
  /** Subtotal (the sum of the lines) when known at insert (all lines in the same batch); else 0 until `refreshHistoricalTotals`. */
  totalAmount?: bigint;
  /** Order-level charges (default 0); the total is subtotal + shipping + tax − discount. */
  shippingAmount?: bigint;
  discountAmount?: bigint;
  taxAmount?: bigint;
}

export interface HistoricalLine {
  id: string;
  orderId: string;
  lineNo: number;
  sku: string;
  name: string;
  quantity: number;
  unitPriceAmount: bigint;
  lineTotalAmount: bigint;
  /** The exact unit price when finer than the minor unit (decimal string of the major unit). */
  unitPriceExact: string | null;
}

const INSERT_ORDERS = `
  with o as (
    insert into orders (id, number, channel, external_id, customer_id, email, customer_name, status, currency, shipping_address,
      billing_address, inventory_policy, subtotal_amount, shipping_amount, discount_amount, tax_amount, total_amount, note,
      placed_at, updated_at, delivery_method)
    select u.id, u.number, u.channel, u.external_id, u.customer_id, u.email, u.customer_name, 'delivered', u.currency,
      u.address::jsonb, null, 'reject', coalesce(u.total, 0), coalesce(u.ship, 0), coalesce(u.disc, 0), coalesce(u.tax, 0),
      coalesce(u.total, 0) + coalesce(u.ship, 0) + coalesce(u.tax, 0) - coalesce(u.disc, 0), 'imported history',
      (u.local::timestamp at time zone u.tz), (u.local::timestamp at time zone u.tz), 'ship'
    from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $13::bigint[],
      $14::bigint[], $15::bigint[], $16::bigint[])
      as u(id, number, channel, external_id, customer_id, email, customer_name, currency, address, local, tz, total, ship, disc, tax)
    on conflict do nothing
    returning id, placed_at
  ), h as (
    insert into order_status_history (order_id, from_status, to_status, reason, actor, at)
    select o.id, s.f, s.t, 'imported history', $12::text, o.placed_at
    from o cross join (values (null::text, 'placed'), ('placed', 'delivered')) as s(f, t)
  )
  select id from o`;

/**
 * Inserts orders (status delivered; totals as given, else 0 until `refreshHistoricalTotals`); returns the
 * ids of those that were new (pass them to `insertHistoricalLines`).
 */
export async function insertHistoricalOrders(tx: Db, rows: HistoricalOrder[], actor: string): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const col = <T>(f: (r: HistoricalOrder) => T) => rows.map(f);
  const created = await preparedRows<{ id: string }>(tx, 'ordo_insert_historical_orders', INSERT_ORDERS, [
    col((r) => r.id), col((r) => r.number), col((r) => r.channel), col((r) => r.externalId), col((r) => r.customerId),
    col((r) => r.email), col((r) => r.customerName), col((r) => r.currency), col((r) => JSON.stringify(r.shippingAddress)),
    col((r) => r.placedAt), col((r) => r.timeZone), actor, col((r) => r.totalAmount?.toString() ?? null),
    col((r) => r.shippingAmount?.toString() ?? null), col((r) => r.discountAmount?.toString() ?? null), col((r) => r.taxAmount?.toString() ?? null),
  ]);
  return new Set(created.map((r) => r.id));
}

const lineColumns = `insert into order_lines (id, order_id, line_no, sku, name, unit_price_amount, line_total_amount, location_code,
      quantity_ordered, quantity_shipped, quantity_delivered)
    select u.id, u.order_id, u.line_no, u.sku, u.name, u.price, u.total, null, u.qty, u.qty, u.qty
    from unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::int[])
      as u(id, order_id, line_no, sku, name, price, total, qty)`;

/** Lines that may exist already (a re-run, an order continued from an earlier batch): only the missing ones. */
const INSERT_LINES = `
  with l as (
    ${lineColumns}
    on conflict do nothing
    returning id
  ), e as (
    insert into order_line_exact_prices (order_line_id, unit_price)
    select u.id, u.exact from unnest($9::uuid[], $10::numeric[]) as u(id, exact)
    where u.id in (select id from l)
  )
  select count(*)::int as n from l`;

/**
 * Lines of orders created in this same transaction: none can exist yet, so a plain insert (no speculative
 * ON CONFLICT insertion, no RETURNING): about a third cheaper per line on PostgreSQL (docs/benchmarks.md).
 */
const INSERT_NEW_ORDER_LINES = `
  with l as (
    ${lineColumns}
  ), e as (
    insert into order_line_exact_prices (order_line_id, unit_price)
    select u.id, u.exact from unnest($9::uuid[], $10::numeric[]) as u(id, exact)
  )
  select 1`;

/**
 * Orders that exist already among these ids (an import skips orders it wrote before, whole) or numbers (an
 * export of this database names its own orders by number), with what identifies them beyond the number.
 */
export async function existingOrders(tx: Db, ids: string[], numbers: string[]): Promise<Array<{ id: string; number: string; email: string; placedAt: string }>> {
  if (ids.length === 0 && numbers.length === 0) return [];
  const rows = await preparedRows<{ id: string; number: string; email: string; placed_at: Date | string }>(tx, 'ordo_existing_orders',
    'select id, number, email, placed_at from orders where id = any($1::uuid[]) or number = any($2::text[])', [ids, numbers]);
  return rows.map((r) => ({ id: r.id, number: r.number, email: r.email, placedAt: new Date(r.placed_at).toISOString() }));
}

/**
 * Inserts delivered lines (order totals: as given to `insertHistoricalOrders`, or `refreshHistoricalTotals`
 * afterwards); returns how many were new. `newOrders`: the ids `insertHistoricalOrders` just created in
 * this transaction — their lines are inserted without a conflict check.
 */
export async function insertHistoricalLines(tx: Db, rows: HistoricalLine[], newOrders: ReadonlySet<string> = new Set()): Promise<number> {
  const fresh = rows.filter((r) => newOrders.has(r.orderId));
  const other = fresh.length === rows.length ? [] : rows.filter((r) => !newOrders.has(r.orderId));
  const params = (part: HistoricalLine[]) => {
    const col = <T>(f: (r: HistoricalLine) => T) => part.map(f);
    const exact = part.filter((r) => r.unitPriceExact !== null);
    return [
      col((r) => r.id), col((r) => r.orderId), col((r) => r.lineNo), col((r) => r.sku), col((r) => r.name),
      col((r) => r.unitPriceAmount.toString()), col((r) => r.lineTotalAmount.toString()), col((r) => r.quantity),
      exact.map((r) => r.id), exact.map((r) => r.unitPriceExact),
    ];
  };
  if (fresh.length) await preparedRows(tx, 'ordo_insert_new_order_lines', INSERT_NEW_ORDER_LINES, params(fresh));
  if (other.length === 0) return fresh.length;
  const [r] = await preparedRows<{ n: number }>(tx, 'ordo_insert_historical_lines', INSERT_LINES, params(other));
  return fresh.length + (r?.n ?? 0);
}

/** Records returned quantities on delivered lines (matched credit notes). The bucket CHECK refuses more than shipped. */
export async function recordHistoricalReturns(tx: Db, returns: Array<{ orderLineId: string; quantity: number }>): Promise<void> {
  if (returns.length === 0) return;
  await preparedRows(tx, 'ordo_record_historical_returns', `
    update order_lines l set quantity_returned = l.quantity_returned + r.qty
    from (select id, sum(qty)::int as qty from unnest($1::uuid[], $2::int[]) as u(id, qty) group by id) r
    where l.id = r.id`, [returns.map((r) => r.orderLineId), returns.map((r) => r.quantity)]);
}

/**
 * Sets subtotal and total of the channel's imported orders to the sum of their lines (one statement;
 * exact and idempotent, so an interrupted import is repaired by the next run). Returns how many changed.
 */
export async function refreshHistoricalTotals(tx: Db, channel: string): Promise<number> {
  const [r] = await preparedRows<{ n: number }>(tx, 'ordo_refresh_historical_totals', `
    with s as (
      select l.order_id, sum(l.line_total_amount)::bigint as total from order_lines l join orders o on o.id = l.order_id
      where o.channel = $1::text group by l.order_id
    ), u as (
      update orders o set subtotal_amount = s.total, total_amount = s.total from s
      where o.id = s.order_id and (o.subtotal_amount <> s.total or o.total_amount <> s.total)
      returning 1
    ) select count(*)::int as n from u`, [channel]);
  return r?.n ?? 0;
}
