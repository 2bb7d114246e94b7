import { sql, type SQL } from 'drizzle-orm';

/**
 * Hand-off and delivery of the shipments (not voided) of the fulfillment orders `fulfillmentOrderIds` selects (a
 * subquery of ids), as a SELECT `(fulfillment_order_id, handed_off_at, delivered_at)` for reports to compose. At
 * most one shipment per fulfillment order is not voided (`shipments_active_fo_key`).
 */
export function shipmentTimelineSql(fulfillmentOrderIds: SQL): SQL {
  return sql`
    select fulfillment_order_id, handed_off_at, delivered_at from shipments
    where fulfillment_order_id in (${fulfillmentOrderIds}) and voided_at is null`;
}
