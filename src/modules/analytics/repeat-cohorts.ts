import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../platform/db/client.js';
import { queryRows } from '../../platform/db/query.js';
import { localDate } from '../../domain/local-time.js';
import { validation } from '../../platform/errors.js';
import { guestCustomerIdsSql } from '../customers/index.js';
import { csvOf } from './csv-cells.js';

const date = z.iso.date('must be a date YYYY-MM-DD');
export const cohortsQuery = z.object({
  from: date.describe("First local day (inclusive) of a customer's first order, shop time zone"),
  to: date.describe('Last local day (inclusive)'),
  months: z.coerce.number().int().min(1).max(36).default(12).describe('Months after the first to follow (+1 … +months)'),
  channel: z.string().min(1).max(64).optional().describe('Only orders of this channel count (first and later ones)'),
  country: z.string().min(1).max(64).optional().describe('Only orders shipped to this country count'),
  location: z.string().min(1).max(64).optional().describe("Only orders of this fulfilling location count ('unassigned': none)"),
  format: z.enum(['json', 'csv']).default('json'),
});
export type CohortsQuery = z.infer<typeof cohortsQuery>;

const rate = z.number().nullable().describe('Share of the cohort, 4 decimals');
export const cohortsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    months: z.number().int(),
    timeZone: z.string(),
    guestOrdersExcluded: z.number().int().describe('Orders of guest customers placed in [from, to], left out'),
    cohorts: z.array(
      z.object({
        month: z.string().describe('Month of the first order, e.g. 2011-01'),
        customers: z.number().int(),
        repeatCustomers: z.number().int().describe('Customers of the cohort with a second order (any time up to now)'),
        repeatRate: rate,
        retention: z.array(z.object({ offset: z.number().int(), customers: z.number().int().nullable(), share: rate })).describe('Customers who ordered in month +offset; null for months not begun yet'),
      }),
    ),
    totals: z.object({ customers: z.number().int(), repeatCustomers: z.number().int(), repeatRate: rate }),
  })
  .meta({ id: 'RepeatCohortsReport' });
export type CohortsJson = z.infer<typeof cohortsSchema>;

const share = (n: number, of: number) => (of ? Math.round((n / of) * 10_000) / 10_000 : null);
/** Months from `a` to `b`, both `YYYY-MM`. */
const monthsBetween = (a: string, b: string) => (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));

/**
 * Repeat-purchase cohorts (docs/reports.md, "Repeat-purchase cohorts"): customers by the local month of their first
 * order, and for each month +1 … +months how many of them ordered in it. A purchase is an order with a sale line not
 * wholly cancelled; guest customers are left out. Reads the order facts of the sales roll-up (`sales_facts`: one
 * row per order with its customer, local day, channel, country and location), kept exactly by its handlers.
 */
export async function repeatCohorts(db: Db, q: CohortsQuery, opts: { timeZone: string; today: Date }): Promise<CohortsJson> {
  if (q.from > q.to) throw validation([{ path: 'to', message: 'must not be before from' }]);
  const location = q.location === 'unassigned' ? '' : q.location;
  const filters = sql`${q.channel ? sql`and channel = ${q.channel}` : sql``} ${q.country ? sql`and country = ${q.country}` : sql``} ${location !== undefined ? sql`and location = ${location}` : sql``}`;
  const purchases = sql`key like 'order:%' and orders > 0 and units > cancelled_units and customer_id is not null ${filters}`;
  const base = sql`
    with g as (${guestCustomerIdsSql()}),
    cm as (
      select customer_id, date_trunc('month', day)::date as m, count(*)::int as n, min(day) as first_day from sales_facts
      where ${purchases} and customer_id not in (select id from g) group by 1, 2),
    c as (
      select customer_id, min(m) as cohort, min(first_day) as first_day, sum(n) as total from cm group by 1
      having min(first_day) between ${q.from}::date and ${q.to}::date)`;
  // One pass: offset 0 is the cohort itself (every customer buys in their first month), later offsets the months after.
  const rows0 = await queryRows<{ cohort: string; k: number; customers: number; repeaters: number }>(db, sql`${base}
    select to_char(c.cohort, 'YYYY-MM') as cohort,
      ((extract(year from cm.m) - extract(year from c.cohort)) * 12 + extract(month from cm.m) - extract(month from c.cohort))::int as k,
      count(*)::int as customers, count(*) filter (where c.total > 1)::int as repeaters
    from c join cm on cm.customer_id = c.customer_id
    where cm.m <= (c.cohort + make_interval(months => ${q.months}))::date group by 1, 2 order by 1, 2`);
  const cohorts = rows0.filter((r) => r.k === 0);
  const later = rows0.filter((r) => r.k > 0);
  const [guests] = await queryRows<{ n: number }>(db, sql`
    select count(*)::int as n from sales_facts where key like 'order:%' and orders > 0 and day between ${q.from}::date and ${q.to}::date
      and customer_id in (${guestCustomerIdsSql()}) ${filters}`);
  const thisMonth = localDate(opts.today, opts.timeZone).slice(0, 7);
  const counts = new Map(later.map((l) => [`${l.cohort}|${l.k}`, l.customers]));
  let customers = 0;
  let repeaters = 0;
  const rows = cohorts.map((c) => {
    customers += c.customers;
    repeaters += c.repeaters;
    const open = monthsBetween(c.cohort, thisMonth);
    const retention = Array.from({ length: q.months }, (_, i) => {
      const offset = i + 1;
      if (offset > open) return { offset, customers: null, share: null };
      const n = counts.get(`${c.cohort}|${offset}`) ?? 0;
      return { offset, customers: n, share: share(n, c.customers) };
    });
    return { month: c.cohort, customers: c.customers, repeatCustomers: c.repeaters, repeatRate: share(c.repeaters, c.customers), retention };
  });
  return {
    from: q.from, to: q.to, months: q.months, timeZone: opts.timeZone, guestOrdersExcluded: guests?.n ?? 0,
    cohorts: rows, totals: { customers, repeatCustomers: repeaters, repeatRate: share(repeaters, customers) },
  };
}

/** One line per cohort: its size, repeat figures and the customers of month +1 … +months (empty when not begun). */
export const cohortsCsv = (r: CohortsJson): string =>
  csvOf(
    ['cohort', 'customers', 'repeat_customers', 'repeat_rate', ...Array.from({ length: r.months }, (_, i) => `month_${i + 1}`)].join(','),
    r.cohorts.map((c) => [c.month, c.customers, c.repeatCustomers, c.repeatRate, ...c.retention.map((x) => x.customers)]),
  );
