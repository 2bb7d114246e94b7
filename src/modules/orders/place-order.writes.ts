import type { Db } from '../../platform/db/client.js';
import { preparedRows } from '../../platform/db/prepared.js';
import { toJsonString } from '../../platform/json.js';
import { checkedEvent, type NewEvent } from '../../platform/outbox/outbox.js';
import type { OrderLineRow, OrderRow } from './orders.repository.js';
import { customerUpsertSql, normaliseEmail } from '../customers/index.js';

/**
 * The writes of order placement as two fixed, prepared statements (the hot path: every order runs
 * them). Everything else writes through drizzle builders; these mirror the same tables, and the
 * placement, timeline and audit tests read what they write back through the ordinary code paths.
 */

/**
 * The customer (found or created by e-mail: the customers module's upsert, as a CTE) and the order in
 * ONE statement; the order takes the customer's id and stored e-mail from the CTE.
 */
const INSERT_ORDER_SQL = `
  with c as (${customerUpsertSql({ id: '$4', email: '$5', name: '$6', phone: '$22', at: '$18' })})
  insert into orders (id, number, channel, external_id, customer_id, email, customer_name, status, currency,
    shipping_address, billing_address, inventory_policy, subtotal_amount, shipping_amount, discount_amount,
    tax_amount, total_amount, note, placed_at, updated_at, delivery_method, pickup_location_code, locale)
  select $1::uuid, 'SO-' || nextval('order_number_seq'), $2::text, $3::text, c.id, c.email, $6::text, $7::text, $8::text,
    $9::jsonb, $10::jsonb, $11::text, $12::bigint, $13::bigint, $14::bigint, $15::bigint, $16::bigint, $17::text,
    $18::timestamptz, $18::timestamptz, $19::text, $20::text, $21::text
  from c
  on conflict (channel, external_id) do nothing
  returning number, customer_id, email`;

export type NewOrderRow = Omit<OrderRow, 'number' | 'customerId' | 'email'>;

/**
 * Upserts the customer by e-mail (`customer.id` is used when it is new) and inserts the order; returns
 * the order's number with its customer's id and stored e-mail, or null when (channel, externalId)
 * already exists (the customer upsert then rolls back with the transaction the caller aborts).
 */
export async function insertOrder(
  tx: Db,
  o: NewOrderRow,
  customer: { id: string; email: string; phone?: string | undefined },
): Promise<{ number: string; customerId: string; email: string } | null> {
  const rows = await preparedRows<{ number: string; customer_id: string; email: string }>(tx, 'ordo_insert_customer_order', INSERT_ORDER_SQL, [
    o.id,
    o.channel,
    o.externalId,
    customer.id,
    normaliseEmail(customer.email),
    o.customerName,
    o.status,
    o.currency,
    JSON.stringify(o.shippingAddress),
    o.billingAddress === null ? null : JSON.stringify(o.billingAddress),
    o.inventoryPolicy,
    o.subtotalAmount.toString(),
    o.shippingAmount.toString(),
    o.discountAmount.toString(),
    o.taxAmount.toString(),
    o.totalAmount.toString(),
    o.note,
    o.placedAt,
    o.deliveryMethod,
    o.pickupLocationCode,
    o.locale,
    customer.phone ?? null,
  ]);
  const r = rows[0];
  return r ? { number: r.number, customerId: r.customer_id, email: r.email } : null;
}

const INSERT_REST_SQL = `
  with w0 as (
    insert into order_lines (id, order_id, line_no, sku, name, unit_price_amount, line_total_amount, customization,
      location_code, quantity_ordered, quantity_cancelled, quantity_pending, quantity_backordered, quantity_allocated,
      quantity_shipped, quantity_delivered, quantity_returned)
    select u.id, $1::uuid, u.line_no, u.sku, u.name, u.unit_price, u.line_total, u.customization::jsonb,
      u.location_code, u.qty, 0, u.pending, u.backordered, u.allocated, 0, 0, 0
    from unnest($2::uuid[], $3::int[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::text[], $9::text[],
      $10::int[], $11::int[], $12::int[], $29::int[])
      as u(id, line_no, sku, name, unit_price, line_total, customization, location_code, qty, backordered, allocated, pending)
  ), w1 as (
    insert into reservations (id, sku, location_code, quantity, state, order_id, order_line_id, created_at, updated_at)
    select r.id, r.sku, r.location_code, r.quantity, 'allocated', $1::uuid, r.line_id, $13::timestamptz, $13::timestamptz
    from unnest($14::uuid[], $15::text[], $16::text[], $17::int[], $18::uuid[]) as r(id, sku, location_code, quantity, line_id)
  ), w2 as (
    insert into order_status_history (order_id, from_status, to_status, reason, actor, at)
    select $1::uuid, null, 'placed', null, $19::text, $13::timestamptz
    union all
    select $1::uuid, 'placed', $20::text, $21::text, $19::text, $13::timestamptz where $20::text <> 'placed'
  ), w3 as (
    insert into outbox (event_id, type, aggregate_type, aggregate_id, payload, actor, occurred_at, available_at)
    select u.id, u.type, 'order', $1::text, u.payload::jsonb, $19::text, $13::timestamptz, $13::timestamptz
    from unnest($22::uuid[], $23::text[], $24::text[]) with ordinality as u(id, type, payload, n)
    order by u.n
  ), w4 as (
    insert into sourcing_plans (id, order_id, trigger, strategy, currency, total_cost_amount, lower_bound_amount, gap_amount,
      cost_breakdown, explanation, allocations, backordered, note, created_at)
    select $30::uuid, $1::uuid, $31::text, $32::text, $33::text, $34::bigint, $35::bigint, $36::bigint,
      $37::jsonb, $38::jsonb, $39::jsonb, $40::jsonb, $41::text, $13::timestamptz
    where $30::uuid is not null
  ), w5 as (
    insert into risk_assessments (order_id, stage, score, decision, reasons, facts, customer_id, email, client_ip, payment_fingerprint, created_at)
    values ($1::uuid, $42::text, $43::int, $44::text, $45::jsonb, $46::jsonb, $47::uuid, $48::text, $49::text, $50::text, $13::timestamptz)
  ), w6 as (
    insert into order_holds (id, order_id, type, reason, owner, placed_at)
    select $51::uuid, $1::uuid, 'fraud', $52::text, $53::text, $13::timestamptz where $51::uuid is not null
  )
  insert into audit_log (at, actor_type, actor_id, action, entity_type, entity_id, before, after, request_id)
  select $13::timestamptz, $25::text, $26::text, a.action, 'order', $1::text, null, a.after::jsonb, $28::text
  from unnest($27::text[], $54::text[]) with ordinality as a(after, action, n)
  order by a.n`;

export interface PlacementRest {
  orderId: string;
  at: Date;
  lines: OrderLineRow[];
  reservations: Array<{ id: string; sku: string; locationCode: string; quantity: number; orderLineId: string }>;
  /** Status history: placed, then → `status` with `reason` unless the order stays placed. */
  status: string;
  statusReason: string;
  actorLabel: string;
  actorType: string;
  actorId: string;
  requestId: string | null;
  /** order.placed first, then the risk assessment's events; written by `newEvent` (validated here, before the statement). */
  events: Array<NewEvent & { id: string }>;
  /** The audit rows of the order: order.placed (the order), then the fraud hold's when there is one. */
  audits: Array<{ action: string; after: unknown }>;
  /** The sourcing plan's bind values (see `planInsertParams` in the sourcing module), 12 values. */
  plan: unknown[];
  /** The risk assessment's bind values (`write` of the risk module's placement assessment), 12 values. */
  risk: unknown[];
}

/**
 * Lines, reservations, status history, outbox events, audit rows, sourcing plan and risk assessment
 * (with its fraud hold) in ONE round trip.
 */
export async function insertPlacementRest(tx: Db, r: PlacementRest): Promise<void> {
  const col = <T>(f: (l: OrderLineRow) => T) => r.lines.map(f);
  await preparedRows(tx, 'ordo_insert_placement_rest', INSERT_REST_SQL, [
    r.orderId,
    col((l) => l.id),
    col((l) => l.lineNo),
    col((l) => l.sku),
    col((l) => l.name),
    col((l) => l.unitPriceAmount.toString()),
    col((l) => l.lineTotalAmount.toString()),
    col((l) => JSON.stringify(l.customization)),
    col((l) => l.locationCode),
    col((l) => l.quantityOrdered),
    col((l) => l.quantityBackordered),
    col((l) => l.quantityAllocated),
    r.at,
    r.reservations.map((x) => x.id),
    r.reservations.map((x) => x.sku),
    r.reservations.map((x) => x.locationCode),
    r.reservations.map((x) => x.quantity),
    r.reservations.map((x) => x.orderLineId),
    r.actorLabel,
    r.status,
    r.statusReason,
    r.events.map((e) => e.id),
    r.events.map((e) => e.type),
    r.events.map((e) => toJsonString(checkedEvent(e).payload)),
    r.actorType,
    r.actorId,
    r.audits.map((a) => toJsonString(a.after)),
    r.requestId,
    col((l) => l.quantityPending),
    ...r.plan,
    ...r.risk,
    r.audits.map((a) => a.action),
  ]);
}
