import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { queryRows } from '../../platform/db/query.js';
import { currencyCodes, currencyExponent } from '../../domain/currency.js';
import { fulfillingLocationSql } from '../fulfillment/index.js';

/**
 * The sales roll-up (docs/reports.md): `sales_facts` holds each order's (and each imported credit note's)
 * contribution, and each live return's (units accepted back), `sales_daily` their sum per (local day, channel,
 * country, fulfilling location, currency). Both are derived: `rebuildSalesRollups` recomputes them from the orders and returns exactly;
 * the order and return event handlers keep them current by replacing one order's facts and applying the difference.
 */

/** Currencies whose minor unit is not 1/100, as a VALUES list for SQL. */
const oddExponents = [...currencyCodes].filter((c) => currencyExponent(c) !== 2).map((c) => sql`(${c}::text, ${currencyExponent(c)}::int)`);
export const exponentsTable = sql`(values ${sql.join(oddExponents, sql`, `)}) as x(cur, exp)`;

/** Joins `p.price`: the exact unit price of order line `l` of order `o` (major units; imported sub-penny prices kept). */
const linePrice = sql`
    left join order_line_exact_prices e on e.order_line_id = l.id
    left join ${exponentsTable} on x.cur = o.currency
    cross join lateral (select coalesce(e.unit_price, l.unit_price_amount::numeric / (10::numeric ^ coalesce(x.exp, 2))) as price) p`;

/** Facts of orders (all, or those in `orderIds`), as a SELECT with the sales_facts columns. */
function orderFactsQuery(timeZone: string, orderIds: string[] | null): SQL {
  const where = orderIds === null ? sql`` : sql`where o.id = any(${sql.param(orderIds)}::uuid[])`;
  return sql`
    select 'order:' || o.id::text as key, (o.placed_at at time zone ${timeZone}::text)::date as day, o.channel,
      coalesce(o.shipping_address->>'country', '') as country, o.currency,
      (count(*) filter (where l.quantity_ordered > 0 and p.price > 0) > 0)::int as orders,
      coalesce(sum(l.quantity_ordered) filter (where p.price > 0), 0)::bigint as units,
      coalesce(sum(l.quantity_ordered * p.price) filter (where p.price > 0), 0) as gross_sales,
      coalesce(sum(l.quantity_cancelled) filter (where p.price > 0), 0)::bigint as cancelled_units,
      coalesce(sum(l.quantity_cancelled * p.price) filter (where p.price > 0), 0) as cancelled_amount,
      0::bigint as returned_units, 0::numeric as returned_amount, o.customer_id::text as customer_id,
      ${fulfillingLocationSql(sql`o.id`)} as location
    from orders o
    join order_lines l on l.order_id = o.id
    ${linePrice}
    ${where}
    group by o.id`;
}

/** Facts of imported credit notes (cancellations and returns of a history), one per credit invoice, on its own day. */
function creditFactsQuery(timeZone: string): SQL {
  return sql`
    select 'credit:' || source || ':' || invoice as key, (min(occurred_at) at time zone ${timeZone}::text)::date as day, source as channel,
      min(country) as country, min(currency) as currency, 0 as orders, 0::bigint as units, 0::numeric as gross_sales,
      0::bigint as cancelled_units, 0::numeric as cancelled_amount,
      sum(-quantity)::bigint as returned_units, sum(-quantity * unit_price) as returned_amount, null::text as customer_id, '' as location
    from import_lines
    where outcome in ('credit_matched', 'credit_unmatched')
    group by source, invoice`;
}

/**
 * Facts of live returns (of all orders, or of those in `orderIds`), one per return with accepted units (key
 * `return:<id>`), on the local day its items were received: units accepted back against a line of the return
 * (unexpected items earn nothing) and their value at the line's unit price, sale lines only, like gross sales.
 * Refunds, store credit and restocking fees are money movements, not sales figures: they do not enter here.
 */
function returnFactsQuery(timeZone: string, orderIds: string[] | null): SQL {
  const where = orderIds === null ? sql`` : sql`where r.order_id = any(${sql.param(orderIds)}::uuid[])`;
  return sql`
    select 'return:' || r.id::text as key, (min(rc.at) at time zone ${timeZone}::text)::date as day, o.channel,
      coalesce(o.shipping_address->>'country', '') as country, o.currency, 0 as orders, 0::bigint as units, 0::numeric as gross_sales,
      0::bigint as cancelled_units, 0::numeric as cancelled_amount,
      coalesce(sum(rc.quantity) filter (where p.price > 0), 0)::bigint as returned_units,
      coalesce(sum(rc.quantity * p.price) filter (where p.price > 0), 0) as returned_amount, null::text as customer_id,
      ${fulfillingLocationSql(sql`o.id`)} as location
    from returns r
    join orders o on o.id = r.order_id
    join return_receipts rc on rc.return_id = r.id
    join return_lines rl on rl.id = rc.return_line_id
    join order_lines l on l.id = rl.order_line_id
    ${linePrice}
    ${where}
    group by r.id, o.id`;
}

const factColumns = sql`key, day, channel, country, currency, orders, units, gross_sales, cancelled_units, cancelled_amount, returned_units, returned_amount, customer_id, location`;

/** Per (order, SKU) facts of sale lines (all orders, or those in `orderIds`), as a SELECT with the sales_sku_facts columns. */
function skuFactsQuery(timeZone: string, orderIds: string[] | null): SQL {
  const where = orderIds === null ? sql`` : sql`and o.id = any(${sql.param(orderIds)}::uuid[])`;
  return sql`
    select 'order:' || o.id::text as key, l.sku, (o.placed_at at time zone ${timeZone}::text)::date as day, o.currency,
      1 as orders, sum(l.quantity_ordered)::bigint as units, sum(l.quantity_ordered * p.price) as gross_sales
    from orders o
    join order_lines l on l.order_id = o.id
    ${linePrice}
    where l.quantity_ordered > 0 and p.price > 0 ${where}
    group by o.id, l.sku`;
}
const skuFactColumns = sql`key, sku, day, currency, orders, units, gross_sales`;

/** Recomputes every roll-up table from the orders, their returns and the imported credits, in one transaction. */
export async function rebuildSalesRollups(db: Db, opts: { timeZone: string }): Promise<{ facts: number; days: number }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`delete from sales_daily`);
    await tx.execute(sql`delete from sales_facts`);
    await tx.execute(sql`delete from sales_sku_daily`);
    await tx.execute(sql`delete from sales_sku_monthly`);
    await tx.execute(sql`delete from sales_sku_facts`);
    await tx.execute(sql`insert into sales_sku_facts (${skuFactColumns}) ${skuFactsQuery(opts.timeZone, null)}`);
    await tx.execute(sql`
      insert into sales_sku_daily (day, sku, currency, orders, units, gross_sales)
      select day, sku, currency, sum(orders), sum(units), sum(gross_sales) from sales_sku_facts group by day, sku, currency`);
    await tx.execute(sql`
      insert into sales_sku_monthly (month, sku, currency, orders, units, gross_sales)
      select date_trunc('month', day)::date, sku, currency, sum(orders), sum(units), sum(gross_sales) from sales_sku_daily group by 1, sku, currency`);
    await tx.execute(sql`insert into sales_facts (${factColumns}) ${orderFactsQuery(opts.timeZone, null)}`);
    await tx.execute(sql`insert into sales_facts (${factColumns}) ${creditFactsQuery(opts.timeZone)}`);
    await tx.execute(sql`insert into sales_facts (${factColumns}) ${returnFactsQuery(opts.timeZone, null)}`);
    await tx.execute(sql`
      insert into sales_daily (day, channel, country, location, currency, orders, units, gross_sales, cancelled_units, cancelled_amount, returned_units, returned_amount)
      select day, channel, country, location, currency, sum(orders), sum(units), sum(gross_sales), sum(cancelled_units), sum(cancelled_amount), sum(returned_units), sum(returned_amount)
      from sales_facts group by day, channel, country, location, currency`);
    const [c] = await queryRows<{ facts: number; days: number }>(tx, sql`select (select count(*) from sales_facts)::int as facts, (select count(*) from sales_daily)::int as days`);
    return c!;
  });
}

const sumCols = ['orders', 'units', 'gross_sales', 'cancelled_units', 'cancelled_amount', 'returned_units', 'returned_amount'] as const;

/** Adds (sign 1) or removes (sign -1) the given facts to / from sales_daily. */
async function applyToDaily(tx: Db, keys: string[], sign: 1 | -1): Promise<void> {
  const s = sign === 1 ? sql`` : sql`-`;
  const cols = sql.raw(sumCols.join(', '));
  await tx.execute(sql`
    insert into sales_daily (day, channel, country, location, currency, ${cols})
    select day, channel, country, location, currency, ${sql.join(sumCols.map((c) => sql`${s}sum(${sql.raw(c)})`), sql`, `)}
    from sales_facts where key = any(${sql.param(keys)}::text[]) group by day, channel, country, location, currency
    -- rows locked in one order, so handlers of different batches side by side cannot deadlock on them
    order by day, channel, country, location, currency
    on conflict (day, channel, country, location, currency) do update set
      ${sql.join(sumCols.map((c) => sql`${sql.raw(c)} = sales_daily.${sql.raw(c)} + excluded.${sql.raw(c)}`), sql`, `)}`);
}

/** The transaction-scoped advisory locks of these orders' facts (`ids` sorted), taken in one order. */
async function lockOrderFacts(tx: Db, ids: string[]): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('sales_facts:' || id, 0)) from unnest(${sql.param(ids)}::text[]) id order by id`);
}

/**
 * Files the facts of these orders (and of their returns) under the orders' current fulfilling location, moving
 * sales_daily by the difference: the same effect as `refreshOrderFacts` when only the location may have changed (a
 * fulfillment order created, rejected or cancelled), in two statements instead of a dozen. Facts already under
 * their location are left alone; the SKU roll-ups carry no location. An order without facts yet (its own event not
 * handled yet, or an order written without one) gets them in full through `refreshOrderFacts`.
 */
export async function refreshOrderLocations(tx: Db, orderIds: string[], timeZone: string): Promise<void> {
  if (orderIds.length === 0) return;
  const ids = [...orderIds].sort();
  await lockOrderFacts(tx, ids);
  const idList = sql`${sql.param(ids)}::uuid[]`;
  const cols = sumCols.map((c) => sql.raw(c));
  // One statement: the facts whose location changed (old and new), their update, and sales_daily moved by
  // −facts at the old location and +facts at the new one (summed per group, rows locked in one order).
  const missing = await queryRows<{ id: string }>(
    tx,
    sql`with now_at as (
          select 'order:' || o.id::text as key, ${fulfillingLocationSql(sql`o.id`)} as location from orders o where o.id = any(${idList})
          union all
          select 'return:' || r.id::text, ${fulfillingLocationSql(sql`r.order_id`)} from returns r where r.order_id = any(${idList})),
        changed as (
          select f.key, f.day, f.channel, f.country, f.currency, f.location as old_location, n.location as new_location, ${sql.join(cols.map((c) => sql`f.${c}`), sql`, `)}
          from sales_facts f join now_at n on n.key = f.key where f.location <> n.location),
        moved as (update sales_facts f set location = c.new_location from changed c where f.key = c.key returning 1),
        daily as (
          insert into sales_daily (day, channel, country, location, currency, ${sql.join(cols, sql`, `)})
          select day, channel, country, location, currency, ${sql.join(cols.map((c) => sql`sum(${c})`), sql`, `)}
          from (
            select day, channel, country, old_location as location, currency, ${sql.join(cols.map((c) => sql`-${c} as ${c}`), sql`, `)} from changed
            union all
            select day, channel, country, new_location, currency, ${sql.join(cols, sql`, `)} from changed) d
          group by day, channel, country, location, currency
          order by day, channel, country, location, currency
          on conflict (day, channel, country, location, currency) do update set
            ${sql.join(cols.map((c) => sql`${c} = sales_daily.${c} + excluded.${c}`), sql`, `)}
          returning 1)
        select id::text from unnest(${idList}) id where not exists (select 1 from sales_facts f where f.key = 'order:' || id::text)`,
  );
  if (missing.length) await refreshOrderFacts(tx, missing.map((m) => m.id), timeZone);
}

/**
 * Replaces the facts of these orders and of their returns with their current figures and moves sales_daily by the
 * difference, in the caller's transaction (an event handler's). Exact whatever happened in between, and idempotent.
 * Order events and return events of one order may be handled side by side (different aggregates, several
 * dispatchers): a transaction-scoped advisory lock per order, taken in one order, makes their refreshes take turns.
 */
export async function refreshOrderFacts(tx: Db, orderIds: string[], timeZone: string): Promise<void> {
  if (orderIds.length === 0) return;
  const ids = [...orderIds].sort();
  await lockOrderFacts(tx, ids);
  const orderKeys = ids.map((id) => `order:${id}`);
  const returnKeys = await queryRows<{ key: string }>(tx, sql`select 'return:' || id::text as key from returns where order_id = any(${sql.param(ids)}::uuid[])`);
  const keys = [...orderKeys, ...returnKeys.map((r) => r.key)];
  await applyToDaily(tx, keys, -1);
  await tx.execute(sql`delete from sales_facts where key = any(${sql.param(keys)}::text[])`);
  await tx.execute(sql`insert into sales_facts (${factColumns}) ${orderFactsQuery(timeZone, ids)}`);
  if (returnKeys.length) await tx.execute(sql`insert into sales_facts (${factColumns}) ${returnFactsQuery(timeZone, ids)}`);
  await applyToDaily(tx, keys, 1);
  await applyToSkuDaily(tx, orderKeys, -1);
  await tx.execute(sql`delete from sales_sku_facts where key = any(${sql.param(orderKeys)}::text[])`);
  await tx.execute(sql`insert into sales_sku_facts (${skuFactColumns}) ${skuFactsQuery(timeZone, ids)}`);
  await applyToSkuDaily(tx, orderKeys, 1);
}

/** Adds (sign 1) or removes (sign -1) the given orders' SKU facts to / from sales_sku_daily and sales_sku_monthly. */
async function applyToSkuDaily(tx: Db, keys: string[], sign: 1 | -1): Promise<void> {
  const s = sign === 1 ? sql`` : sql`-`;
  await tx.execute(sql`
    insert into sales_sku_monthly (month, sku, currency, orders, units, gross_sales)
    select date_trunc('month', day)::date, sku, currency, ${s}sum(orders), ${s}sum(units), ${s}sum(gross_sales)
    from sales_sku_facts where key = any(${sql.param(keys)}::text[]) group by 1, sku, currency
    on conflict (month, sku, currency) do update set
      orders = sales_sku_monthly.orders + excluded.orders, units = sales_sku_monthly.units + excluded.units,
      gross_sales = sales_sku_monthly.gross_sales + excluded.gross_sales`);
  await tx.execute(sql`
    insert into sales_sku_daily (day, sku, currency, orders, units, gross_sales)
    select day, sku, currency, ${s}sum(orders), ${s}sum(units), ${s}sum(gross_sales)
    from sales_sku_facts where key = any(${sql.param(keys)}::text[]) group by day, sku, currency
    on conflict (day, sku, currency) do update set
      orders = sales_sku_daily.orders + excluded.orders, units = sales_sku_daily.units + excluded.units,
      gross_sales = sales_sku_daily.gross_sales + excluded.gross_sales`);
}
