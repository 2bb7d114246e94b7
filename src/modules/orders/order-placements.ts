import { sql, type SQL } from 'drizzle-orm';

/**
 * Orders placed in [start, end), optionally of one channel and one ship-to country, as a SELECT of
 * `(id, placed_at, channel, country)` for reports to compose (read through `orders_placed_idx`). The orders
 * module owns the table, so the query lives here; analytics joins it with the other modules' fragments.
 */
export function ordersPlacedSql(q: { start: Date; end: Date; channel?: string | undefined; country?: string | undefined }): SQL {
  return sql`
    select id, placed_at, channel, coalesce(shipping_address->>'country', '') as country from orders
    where placed_at >= ${q.start.toISOString()}::timestamptz and placed_at < ${q.end.toISOString()}::timestamptz
      ${q.channel ? sql`and channel = ${q.channel}` : sql``}
      ${q.country ? sql`and coalesce(shipping_address->>'country', '') = ${q.country}` : sql``}`;
}
