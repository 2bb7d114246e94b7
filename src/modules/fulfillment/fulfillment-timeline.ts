import { sql, type SQL } from 'drizzle-orm';

/**
 * The instants a fulfillment order reached along its way, as a SELECT for reports to compose: `(id, order_id,
 * location_code, type, released_at, picked_at, packed_at, ready_for_pickup_at, picked_up_at)` of the fulfillment
 * orders of the orders `orderIds` selects (a subquery of ids), optionally at one location. Released = created
 * (a fulfillment order is created when its units are released to the location). Rejected and cancelled fulfillment
 * orders are left out: they did not fulfil anything.
 */
export function fulfillmentTimelineSql(orderIds: SQL, locationCode?: string): SQL {
  return sql`
    select id, order_id, location_code, type, created_at as released_at, picked_at, packed_at, ready_for_pickup_at, picked_up_at
    from fulfillment_orders
    where order_id in (${orderIds}) and status not in ('rejected', 'cancelled')
      ${locationCode ? sql`and location_code = ${locationCode}` : sql``}`;
}

/**
 * The fulfilling location of the order `orderId` (an SQL expression, e.g. `o.id`) as a scalar subquery: the
 * location of its first fulfillment order (by creation) that was not rejected, preferring one not cancelled; ''
 * when it has none (not released yet, or imported history). What the sales roll-up files an order under.
 */
export function fulfillingLocationSql(orderId: SQL): SQL {
  return sql`coalesce((
    select f.location_code from fulfillment_orders f where f.order_id = ${orderId} and f.status <> 'rejected'
    order by (f.status = 'cancelled'), f.created_at, f.id limit 1), '')`;
}
