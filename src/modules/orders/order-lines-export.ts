import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import type { Address } from '../../platform/db/schema/index.js';
import { queryRows } from '../../platform/db/query.js';

/** One order line with its order's fields, as `ordo import orders` reads them (GET /exports/order-lines.csv). */
export interface OrderLineExportRow {
  /** The number the import gives back: an imported order's own (`CSV-<n>` → `<n>`), else the order's number. */
  orderNumber: string;
  placedAt: Date;
  email: string;
  customerName: string;
  currency: string;
  shippingAddress: Address;
  shippingAmount: bigint;
  discountAmount: bigint;
  taxAmount: bigint;
  sku: string;
  /** Ordered less cancelled. */
  quantity: number;
  unitPriceAmount: bigint;
  /** The keyset: the timestamp as the database wrote it (microseconds kept), the order id and line number. */
  key: { placedAt: string; orderId: string; lineNo: number };
}

export interface OrderLinesExportQuery {
  from?: string;
  to?: string;
  status?: string;
  channel?: string;
  /** The key of the last row of the previous page. */
  after?: OrderLineExportRow['key'];
  limit: number;
}

/**
 * A page of order lines, oldest order first and its lines in order (the import wants an order's lines
 * consecutive), keyset-paginated on (placed_at, order id, line number). Lines cancelled whole are left
 * out, and so an order cancelled whole.
 */
export async function listOrderLinesForExport(db: Db, q: OrderLinesExportQuery): Promise<OrderLineExportRow[]> {
  const where: SQL[] = [sql`l.quantity_ordered > l.quantity_cancelled`];
  if (q.from) where.push(sql`o.placed_at >= ${q.from}::timestamptz`);
  if (q.to) where.push(sql`o.placed_at <= ${q.to}::timestamptz`);
  if (q.status) where.push(sql`o.status = ${q.status}`);
  if (q.channel) where.push(sql`o.channel = ${q.channel}`);
  if (q.after) where.push(sql`(o.placed_at, o.id, l.line_no) > (${q.after.placedAt}::timestamptz, ${q.after.orderId}::uuid, ${q.after.lineNo}::int)`);
  const rows = await queryRows<{
    order_number: string; placed_at: Date | string; placed_key: string; order_id: string; line_no: number; email: string; customer_name: string; currency: string;
    shipping_address: Address | string; shipping_amount: string; discount_amount: string; tax_amount: string; sku: string; quantity: number; unit_price_amount: string;
  }>(db, sql`
    select case when o.channel = 'csv' and o.number = 'CSV-' || o.external_id then o.external_id else o.number end as order_number,
      o.placed_at, o.placed_at::text as placed_key, o.id as order_id, l.line_no, o.email, o.customer_name, o.currency, o.shipping_address,
      o.shipping_amount::text, o.discount_amount::text, o.tax_amount::text, l.sku, (l.quantity_ordered - l.quantity_cancelled) as quantity,
      l.unit_price_amount::text
    from orders o join order_lines l on l.order_id = o.id
    where ${sql.join(where, sql` and `)}
    order by o.placed_at, o.id, l.line_no
    limit ${q.limit}`);
  return rows.map((r) => ({
    orderNumber: r.order_number,
    placedAt: new Date(r.placed_at),
    email: r.email,
    customerName: r.customer_name,
    currency: r.currency,
    shippingAddress: typeof r.shipping_address === 'string' ? (JSON.parse(r.shipping_address) as Address) : r.shipping_address,
    shippingAmount: BigInt(r.shipping_amount),
    discountAmount: BigInt(r.discount_amount),
    taxAmount: BigInt(r.tax_amount),
    sku: r.sku,
    quantity: Number(r.quantity),
    unitPriceAmount: BigInt(r.unit_price_amount),
    key: { placedAt: r.placed_key, orderId: r.order_id, lineNo: Number(r.line_no) },
  }));
}
