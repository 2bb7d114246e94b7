import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { queryRows } from '../../platform/db/query.js';
import { moneyJson, type MoneyJson } from '../../platform/http/schemas.js';
import { addDays, isoWeekday, localDate, startOfLocalDay } from '../../domain/local-time.js';
import { backlogStatuses, type DashboardJson } from './reports.schemas.js';

const dayMs = 24 * 60 * 60 * 1000;
const chartDays = 14;

interface DayRow {
  day: string;
  channel: string;
  currency: string;
  orders: number;
  revenue: string;
}

/**
 * The console's front page. Days and the ISO week (from Monday) are local to `tz`; order counts
 * include every order placed in the window, revenue excludes cancelled orders and is summed in the
 * dominant currency only (orders in other currencies count, but do not add to revenue).
 */
export async function buildDashboard(db: Db, input: { now: Date; tz: string; showMoney: boolean }): Promise<DashboardJson> {
  const { now, tz } = input;
  const today = localDate(now, tz);
  const weekStart = addDays(today, 1 - isoWeekday(today));
  const days = Array.from({ length: chartDays }, (_, i) => addDays(today, i - (chartDays - 1)));
  const bounds = days.map((d) => sql`(${d}::text, ${startOfLocalDay(d, tz).toISOString()}::timestamptz, ${startOfLocalDay(addDays(d, 1), tz).toISOString()}::timestamptz)`);

  const [dayRows, backlogRows, holdRows, lowStock] = await Promise.all([
    queryRows<DayRow>(
      db,
      sql`select d.day, o.channel, o.currency, count(*)::int as orders,
            coalesce(sum(o.total_amount) filter (where o.status <> 'cancelled'), 0)::text as revenue
          from (values ${sql.join(bounds, sql`, `)}) as d(day, s, e)
          join orders o on o.placed_at >= d.s and o.placed_at < d.e
          group by d.day, o.channel, o.currency`,
    ),
    queryRows<{ status: string; under1d: number; from1to3d: number; over3d: number }>(
      db,
      sql`select status,
            count(*) filter (where placed_at > ${new Date(now.getTime() - dayMs).toISOString()}::timestamptz)::int as under1d,
            count(*) filter (where placed_at <= ${new Date(now.getTime() - dayMs).toISOString()}::timestamptz
                               and placed_at > ${new Date(now.getTime() - 3 * dayMs).toISOString()}::timestamptz)::int as from1to3d,
            count(*) filter (where placed_at <= ${new Date(now.getTime() - 3 * dayMs).toISOString()}::timestamptz)::int as over3d
          from orders where status in (${sql.join(backlogStatuses.map((s) => sql`${s}`), sql`, `)})
          group by status`,
    ),
    queryRows<{ n: number }>(db, sql`select count(distinct order_id)::int as n from order_holds where released_at is null`),
    queryRows<{ sku: string; name: string; locationCode: string; available: number; reorderPoint: number }>(
      db,
      sql`select l.sku, p.name, l.location_code as "locationCode",
            (l.on_hand - l.reserved - l.safety_stock)::int as available, l.reorder_point::int as "reorderPoint"
          from inventory_levels l
          join products p on p.sku = l.sku and p.active
          join locations loc on loc.code = l.location_code and loc.active
          where l.reorder_point > 0 and l.on_hand - l.reserved - l.safety_stock <= l.reorder_point
          order by (l.on_hand - l.reserved - l.safety_stock) - l.reorder_point, l.sku, l.location_code
          limit 20`,
    ),
  ]);

  const currency = dominantCurrency(dayRows) ?? (await mostUsedCurrency(db)) ?? 'EUR';
  const money = (amount: bigint): MoneyJson | null => (input.showMoney ? moneyJson({ amount, currency }) : null);
  const sum = (rows: DayRow[]) => ({
    orders: rows.reduce((n, r) => n + Number(r.orders), 0),
    revenue: rows.filter((r) => r.currency === currency).reduce((n, r) => n + BigInt(r.revenue), 0n),
  });
  const isToday = (r: DayRow) => r.day === today;
  const inWeek = (r: DayRow) => r.day >= weekStart;

  const todayTotals = sum(dayRows.filter(isToday));
  const weekTotals = sum(dayRows.filter(inWeek));
  const channels = [...new Set(dayRows.filter(inWeek).map((r) => r.channel))];
  const byChannel = channels
    .map((channel) => {
      const rows = dayRows.filter((r) => r.channel === channel);
      const t = sum(rows.filter(isToday));
      const w = sum(rows.filter(inWeek));
      return { channel, ordersToday: t.orders, ordersWeek: w.orders, revenueToday: money(t.revenue), revenueWeek: money(w.revenue) };
    })
    .sort((a, b) => b.ordersWeek - a.ordersWeek || a.channel.localeCompare(b.channel));

  return {
    generatedAt: now.toISOString(),
    currency,
    today: { orders: todayTotals.orders, revenue: money(todayTotals.revenue) },
    week: { orders: weekTotals.orders, revenue: money(weekTotals.revenue) },
    byChannel,
    ordersPerDay: days.map((date) => {
      const d = sum(dayRows.filter((r) => r.day === date));
      return { date, orders: d.orders, revenue: money(d.revenue) };
    }),
    backlog: backlogStatuses.map((status) => {
      const r = backlogRows.find((b) => b.status === status);
      const ageBuckets = { under1d: Number(r?.under1d ?? 0), from1to3d: Number(r?.from1to3d ?? 0), over3d: Number(r?.over3d ?? 0) };
      return { status, count: ageBuckets.under1d + ageBuckets.from1to3d + ageBuckets.over3d, ageBuckets };
    }),
    onHold: Number(holdRows[0]?.n ?? 0),
    lowStock: lowStock.map((l) => ({ ...l, available: Number(l.available), reorderPoint: Number(l.reorderPoint) })),
  };
}

/** The currency with the most orders in the window; ties go to the alphabetically first code. */
function dominantCurrency(rows: DayRow[]): string | undefined {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.currency, (counts.get(r.currency) ?? 0) + Number(r.orders));
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}

async function mostUsedCurrency(db: Db): Promise<string | undefined> {
  const [row] = await queryRows<{ currency: string }>(db, sql`select currency from orders group by currency order by count(*) desc, currency limit 1`);
  return row?.currency;
}
