import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { queryRows } from '../../platform/db/query.js';
import { formatDecimal, parseDecimal } from '../../domain/decimal.js';
import { validation } from '../../platform/errors.js';
import type { SalesReportJson, SalesReportQuery } from './sales-report.schemas.js';

interface Row {
  key: string;
  orders: string;
  units: string;
  gross_sales: string;
  cancelled_units: string;
  cancelled_amount: string;
  returned_units: string;
  returned_amount: string;
}

const keyExpr = {
  day: sql`to_char(day, 'YYYY-MM-DD')`,
  week: sql`to_char(day, 'IYYY-"W"IW')`,
  month: sql`to_char(day, 'YYYY-MM')`,
  channel: sql`channel`,
  country: sql`country`,
  location: sql`case when location = '' then 'unassigned' else location end`,
} as const;

/** numeric text with up to 6 decimals → micro-units. */
const micros = (s: string): bigint => parseDecimal(s) ?? 0n;

/** Half-even division of micro-units by a count. */
function divideHalfEven(a: bigint, n: bigint): bigint {
  const q = a / n;
  const r2 = (a % n) * 2n;
  if (r2 < n) return q;
  if (r2 > n) return q + 1n;
  return q % 2n === 0n ? q : q + 1n;
}

function figures(r: Omit<Row, 'key'>, currency: string) {
  const money = (m: bigint) => ({ amount: formatDecimal(m, 2), currency });
  const orders = Number(r.orders);
  const gross = micros(r.gross_sales);
  return {
    orders,
    units: Number(r.units),
    grossSales: money(gross),
    averageOrderValue: orders > 0 ? money(divideHalfEven(gross, BigInt(orders))) : null,
    cancellations: { units: Number(r.cancelled_units), amount: money(micros(r.cancelled_amount)) },
    returns: { units: Number(r.returned_units), amount: money(micros(r.returned_amount)) },
  };
}

/** `GET /reports/sales`: reads sales_daily only (docs/reports.md has every definition). */
export async function salesReport(db: Db, q: SalesReportQuery, opts: { timeZone: string; defaultCurrency: string }): Promise<SalesReportJson> {
  if (q.from && q.to && q.from > q.to) throw validation([{ path: 'to', message: 'must not be before from' }]);
  const conds = [sql`true`];
  if (q.from) conds.push(sql`day >= ${q.from}::date`);
  if (q.to) conds.push(sql`day <= ${q.to}::date`);
  if (q.channel) conds.push(sql`channel = ${q.channel}`);
  if (q.country) conds.push(sql`country = ${q.country}`);
  if (q.location) conds.push(sql`location = ${q.location === 'unassigned' ? '' : q.location}`);
  const where = sql.join(conds, sql` and `);
  let currency = q.currency;
  if (!currency) {
    const [c] = await queryRows<{ currency: string }>(db, sql`select currency from sales_daily where ${where} group by currency order by sum(gross_sales) desc, currency limit 1`);
    currency = c?.currency ?? opts.defaultCurrency;
  }
  const rows = await queryRows<Row>(db, sql`
    select ${keyExpr[q.groupBy]} as key, sum(orders)::text as orders, sum(units)::text as units, sum(gross_sales)::text as gross_sales,
      sum(cancelled_units)::text as cancelled_units, sum(cancelled_amount)::text as cancelled_amount,
      sum(returned_units)::text as returned_units, sum(returned_amount)::text as returned_amount
    from sales_daily where ${where} and currency = ${currency}
    group by 1
    -- a group whose facts all moved elsewhere (an order re-filed under its location) leaves zero rows: not a row of the report
    having sum(orders) <> 0 or sum(units) <> 0 or sum(gross_sales) <> 0 or sum(cancelled_units) <> 0 or sum(cancelled_amount) <> 0 or sum(returned_units) <> 0 or sum(returned_amount) <> 0
    order by 1`);
  const total = { orders: 0n, units: 0n, gross: 0n, cu: 0n, ca: 0n, ru: 0n, ra: 0n };
  for (const r of rows) {
    total.orders += BigInt(r.orders);
    total.units += BigInt(r.units);
    total.gross += micros(r.gross_sales);
    total.cu += BigInt(r.cancelled_units);
    total.ca += micros(r.cancelled_amount);
    total.ru += BigInt(r.returned_units);
    total.ra += micros(r.returned_amount);
  }
  return {
    from: q.from ?? null,
    to: q.to ?? null,
    groupBy: q.groupBy,
    timeZone: opts.timeZone,
    currency,
    rows: rows.map((r) => ({ key: r.key, ...figures(r, currency) })),
    totals: figures(
      {
        orders: total.orders.toString(), units: total.units.toString(), gross_sales: formatDecimal(total.gross, 0), cancelled_units: total.cu.toString(),
        cancelled_amount: formatDecimal(total.ca, 0), returned_units: total.ru.toString(), returned_amount: formatDecimal(total.ra, 0),
      },
      currency,
    ),
  };
}

const csvCell = (v: string | number) => (typeof v === 'number' || /^[\w .:-]*$/.test(v) ? String(v) : `"${v.replace(/"/g, '""')}"`);

/** The report's rows as CSV (one header line; amounts as exact decimals). */
export function salesReportCsv(r: SalesReportJson): string {
  const head = ['key', 'orders', 'units', 'gross_sales', 'average_order_value', 'cancelled_units', 'cancelled_amount', 'returned_units', 'returned_amount', 'currency'];
  const lines = r.rows.map((x) =>
    [x.key, x.orders, x.units, x.grossSales.amount, x.averageOrderValue?.amount ?? '', x.cancellations.units, x.cancellations.amount.amount, x.returns.units, x.returns.amount.amount, r.currency]
      .map(csvCell).join(','),
  );
  return `${[head.join(','), ...lines].join('\n')}\n`;
}
