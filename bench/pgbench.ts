import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { defaultRiskConfig } from '../src/domain/risk/index.js';
import { customerUpsertSql } from '../src/modules/customers/index.js';
import { PLACEMENT_RISK_FACTS_SQL } from '../src/modules/risk/risk-facts.js';

const SKU = (v: string) => `'SKU-' || lpad(:${v}::text, 5, '0')`;
/** The order id, bound as a parameter like Ordo's (read with \\aset from the snapshot, see below). */
const OID = `:oid::uuid`;
const LID = (i: number) => `md5('l${i}-' || :r)::uuid`;
const EXT = `('pgb-' || :r::text)`;

/** A risk statement as one pgbench line: `$n` replaced by the expressions given, whitespace collapsed. */
const riskLine = (sqlText: string, args: string[]) => `${sqlText.replace(/\$(\d+)/g, (_, n: string) => `(${args[Number(n) - 1]!})`).replace(/\s+/g, ' ').trim()};`;

/**
 * The placement transaction as a pgbench script: the same 8 round trips, in the same order and with
 * the same predicates, columns and RETURNING lists as the SQL Ordo sends (see the statement census),
 * with ids derived from a random :r instead of generated in the client. Two places differ by
 * necessity: Ordo picks the location in JavaScript from the snapshot rows, pgbench picks it in the
 * snapshot query itself (a first_value window column read with \aset), and the
 * customer id comes back through \gset. The values Ordo binds that appear in WHERE clauses (order id,
 * e-mail, clock, client IP, currency, address key, velocity windows) are pgbench variables, hence
 * bind parameters too: the order id, e-mail and clock are made once in the snapshot read (\aset), the
 * constants come from -D and \set. Written as SQL expressions instead (md5(...)::uuid), pgbench's
 * prepared mode gets generic plans that evaluate them once per row scanned, which Ordo never does. The JSON documents (shipping address, event payload, audit
 * `after`) are passed as bind parameters (-D) of the real sizes, so PostgreSQL parses them per
 * transaction as it does for Ordo.
 */
export function placementScript(opts: { skus: number; customers: number; idempotency: boolean }): string {
  const half = Math.floor(opts.skus / 2);
  const w = defaultRiskConfig.rules;
  const s = ['s1', 's2', 's3'];
  const skuList = s.map(SKU).join(', ');
  const productCols =
    '"sku", "name", "description", "gtin", "price_amount", "currency", "weight_grams", "length_mm", "width_mm", "height_mm", "hs_code", "origin_country", "returnable", "customization_fields", "active", "created_at", "updated_at"';
  const orderCols =
    'id, number, channel, external_id, customer_id, email, customer_name, status, currency, shipping_address, billing_address, inventory_policy, subtotal_amount, shipping_amount, discount_amount, tax_amount, total_amount, note, placed_at, updated_at, delivery_method, pickup_location_code, locale';
  const lineCols =
    '"id", "order_id", "line_no", "sku", "name", "unit_price_amount", "line_total_amount", "customization", "location_code", "quantity_ordered", "quantity_cancelled", "quantity_backordered", "quantity_allocated", "quantity_shipped", "quantity_delivered", "quantity_returned"';
  const name = `'Customer ' || :cust`;
  const lines = [
    `\\set r random(1, 9000000000000000000)`,
    `\\set s1 random(1, ${opts.skus})`,
    `\\set s2 1 + (:s1 - 1 + random(1, ${half - 1})) % ${opts.skus}`,
    `\\set s3 1 + (:s1 - 1 + ${half} + random(1, ${opts.skus - half - 1})) % ${opts.skus}`,
    `\\set q1 random(1, 3)`,
    `\\set q2 random(1, 3)`,
    `\\set q3 random(1, 3)`,
    `\\set amt 2000 * (:q1 + :q2 + :q3)`,
    `\\set cust random(1, ${opts.customers})`,
    `\\set city random(0, 4)`,
    `\\set lat case when :city = 0 then 52.517 when :city = 1 then 53.55 when :city = 2 then 48.137 when :city = 3 then 50.11 else 50.937 end`,
    `\\set lon case when :city = 0 then 13.389 when :city = 1 then 10.0 when :city = 2 then 11.575 when :city = 3 then 8.68 else 6.96 end`,
    // the risk rules' velocity windows Ordo binds (the defaults: no risk_settings row in the bench database)
    `\\set wemail ${w.velocityEmail.windowMinutes}`,
    `\\set wcustomer ${w.velocityCustomer.windowMinutes}`,
    `\\set wip ${w.velocityIp.windowMinutes}`,
  ];
  const idem = `(:actor::text, ${EXT}, 'POST /orders', md5(${EXT}) || md5(${EXT})`;
  if (opts.idempotency) {
    lines.push(`select "actor_id", "key", "route", "request_hash", "status_code", "response", "created_at" from "idempotency_keys" where ("idempotency_keys"."actor_id" = :actor::text and "idempotency_keys"."key" = ${EXT});`);
  }
  lines.push('begin;');
  if (opts.idempotency) {
    lines.push(`insert into "idempotency_keys" ("actor_id", "key", "route", "request_hash", "status_code", "response", "created_at") values ${idem}, 0, '{}', now()) on conflict do nothing returning "key";`);
  }
  const dist = `((c.latitude - :lat) ^ 2 + (c.longitude - :lon) ^ 2)`;
  lines.push(
    // Ordo: one snapshot read (products left join stock at ship-from locations); it then picks the location
    // in JavaScript. pgbench picks the same way with a window column read by \aset (same rows scanned).
    `select s.*, k.*, first_value(s.location_code) over (order by s.filled desc, s.dist, s.priority, s.location_code) as loc from (` +
      `select p.sku, p.name, p.price_amount, p.currency, p.active, p.customization_fields, coalesce(p.weight_grams, 0) as weight_grams, p.hs_code, l.location_code, (l.on_hand - l.reserved - l.safety_stock)::int as available, c.latitude, c.longitude, c.priority, ` +
      `c.handling_cost_per_order_amount::text as hpo, c.handling_cost_per_unit_amount::text as hpu, c.shipping_base_amount::text as sb, c.shipping_per_km_amount::text as skm, c.shipping_per_kg_amount::text as skg, ` +
      `c.max_shipment_weight_grams as msw, c.max_item_weight_grams as miw, c.excluded_countries, ` +
      `case when c.daily_order_capacity is null then null else c.daily_order_capacity - (select count(distinct r.order_id)::int from reservations r where r.location_code = c.code and r.state in ('allocated', 'consumed') and r.order_id is distinct from null::uuid and r.created_at >= (date_trunc('day', now() at time zone coalesce(c.time_zone, 'UTC')) at time zone coalesce(c.time_zone, 'UTC'))) end as remaining, ` +
      `(select json_build_object('splitPenalty', s.split_penalty_amount::text, 'neverSplitBelow', s.never_split_below_amount::text, 'maxLocationsPerOrder', s.max_locations_per_order, 'exactCandidateLimit', s.exact_candidate_limit, 'exactStepBudget', s.exact_step_budget, 'shippingBase', s.shipping_base_amount::text, 'shippingPerKm', s.shipping_per_km_amount::text, 'shippingPerKg', s.shipping_per_kg_amount::text) from sourcing_settings s where s.id = 1) as settings, ` +
      `count(*) filter (where l.on_hand - l.reserved - l.safety_stock >= 3) over (partition by l.location_code) as filled, ${dist} as dist ` +
      `from products p left join (inventory_levels l join locations c on c.code = l.location_code and c.active and c.can_ship) on l.sku = p.sku where p.sku = any((select array[${skuList}]::text[])::text[])) s, ` +
      // The values Ordo makes in JavaScript and binds (order id, normalised email, the clock), made once here so that
      // the later statements bind them as parameters too. As expressions (md5(...)::uuid) they were evaluated per
      // row in filters of pgbench's generic plans (-M prepared), e.g. 'order_id <> md5(...)::uuid' over every recent
      // risk assessment: prepared ran slower than extended. See docs/benchmarks.md.
      `(select md5('o' || :r)::uuid::text as oid, 'customer' || :cust || '@bench.example' as email, now()::text as placed_at) k \\aset`,
    // Ordo: risk facts (settings, history, velocity, blocklist) in one read, before reserving.
    riskLine(PLACEMENT_RISK_FACTS_SQL, [':email', ':ip', ':placed_at', ':currency', ':addr', 'null', ':oid', ':wemail', ':wcustomer', ':wip', ':exempt']),
    // Ordo: the plan's (location, sku, quantity) rows reserved in one statement, rows locked in (sku, location) order.
    `with want(location_code, sku, q) as (select * from unnest((select array[:loc, :loc, :loc]::text[]), (select array[${skuList}]::text[]), (select array[:q1, :q2, :q3]::int[]))), ` +
      `cur as (select l.location_code, l.sku, l.on_hand - l.reserved - l.safety_stock as avail from inventory_levels l where (l.sku, l.location_code) in (select sku, location_code from want) order by l.sku, l.location_code for update), ` +
      `take as (select cur.location_code, cur.sku, least(want.q, greatest(cur.avail, 0)) as n, cur.avail from cur join want using (location_code, sku)), ` +
      `upd as (update inventory_levels l set reserved = l.reserved + take.n, updated_at = now() from take where l.location_code = take.location_code and l.sku = take.sku and take.n > 0 and l.on_hand - l.reserved - l.safety_stock >= take.n returning l.location_code, l.sku) ` +
      `select take.location_code, take.sku, (case when upd.sku is null then 0 else take.n end)::int as n, take.avail::int as avail from take left join upd using (location_code, sku);`,
    // Ordo: the customer upsert (the customers module's text) as a CTE of the order insert, one statement.
    `with c as (${customerUpsertSql({ id: `md5('c' || :r)`, email: ':email', name: `('Customer ' || :cust)`, phone: 'null', at: 'now()' }).replace(/\s+/g, ' ').trim()}) ` +
      `insert into orders (${orderCols}) select ${OID}, 'SO-' || nextval('order_number_seq'), 'web', ${EXT}, c.id, c.email, ${name}, 'confirmed', 'EUR', :ship, null, 'reject', :amt, 0, 0, 0, :amt, null, now(), now(), 'ship', null, null from c ` +
      `on conflict (channel, external_id) do nothing returning number, customer_id as cid \\gset`,
    // Ordo: lines, reservations, status history, outbox and audit as one statement of data-modifying CTEs.
    `with w0 as (insert into "order_lines" (${lineCols}) values ` +
      [1, 2, 3].map((i) => `(${LID(i)}, ${OID}, ${i}, ${SKU(`s${i}`)}, 'Bench product ' || :s${i}, 2000, 2000 * :q${i}, '{}', :loc, :q${i}, 0, 0, :q${i}, 0, 0, 0)`).join(', ') +
      `), w1 as (insert into "reservations" ("id", "sku", "location_code", "quantity", "state", "order_id", "order_line_id", "reference", "expires_at", "created_at", "updated_at") values ` +
      [1, 2, 3].map((i) => `(md5('r${i}-' || :r)::uuid, ${SKU(`s${i}`)}, :loc, :q${i}, 'allocated', ${OID}, ${LID(i)}, default, default, now(), now())`).join(', ') +
      `), w2 as (insert into "order_status_history" ("id", "order_id", "from_status", "to_status", "reason", "actor", "at") values (default, ${OID}, null, 'placed', null, :actor::text, now()), (default, ${OID}, 'placed', 'confirmed', 'no holds', :actor::text, now())), ` +
      `w3 as (insert into "outbox" ("id", "event_id", "type", "aggregate_type", "aggregate_id", "payload", "actor", "occurred_at", "available_at", "attempts", "last_error", "dispatched_at") values (default, md5('e' || :r)::uuid, 'order.placed', 'order', ${OID}::text, :payload, :actor::text, now(), now(), default, default, default)), ` +
      `w4 as (insert into sourcing_plans (id, order_id, trigger, strategy, currency, total_cost_amount, lower_bound_amount, gap_amount, cost_breakdown, explanation, allocations, backordered, note, created_at) ` +
      `select md5('p' || :r)::uuid, ${OID}, 'placement', 'exact', 'EUR', 1200, 1200, 0, :breakdown::jsonb, :explanation::jsonb, :allocations::jsonb, '[]'::jsonb, null, now() where md5('p' || :r)::uuid is not null), ` +
      // Ordo: the risk assessment of a clean order (no hold, no event) in the same statement.
      `w5 as (insert into risk_assessments (order_id, stage, score, decision, reasons, facts, customer_id, email, client_ip, payment_fingerprint, created_at) values (${OID}, 'placement', 0, 'accept', '[]', ` +
      `'{"email":"c@bench.example","total":{"amount":"6000","currency":"EUR"},"clientIp":"127.0.0.1","velocity":{"email":0,"customer":0,"ip":0,"paymentFingerprint":0}}', :cid, :email, :ip, null, now())), ` +
      `w6 as (insert into order_holds (id, order_id, type, reason, owner, placed_at) select null::uuid, ${OID}, 'fraud', null, null, now() where null::uuid is not null) ` +
      `insert into "audit_log" ("id", "at", "actor_type", "actor_id", "action", "entity_type", "entity_id", "before", "after", "request_id") values (default, now(), 'api_key', 'dev', 'order.placed', 'order', ${OID}::text, null, :after, md5('q' || :r));`,
  );
  if (opts.idempotency) {
    lines.push(`update "idempotency_keys" set "status_code" = 201, "response" = :after where ("idempotency_keys"."actor_id" = :actor::text and "idempotency_keys"."key" = ${EXT});`);
  }
  lines.push('commit;');
  return `${lines.join('\n')}\n`;
}

export interface PgbenchResult {
  connections: number;
  tps: number;
  latencyAvgMs: number;
  transactions: number;
  failed: number;
}

/** Runs pgbench (-n: no vacuum of pgbench's own tables; -j min(2, c) threads) and parses its summary. */
export async function runPgbench(opts: {
  databaseUrl: string;
  scriptFile: string;
  script: string;
  connections: number;
  durationSec: number;
  mode: 'prepared' | 'extended';
  vars: Record<string, string>;
}): Promise<PgbenchResult> {
  writeFileSync(opts.scriptFile, opts.script);
  const args = ['-n', '-M', opts.mode, '-c', String(opts.connections), '-j', String(Math.min(2, opts.connections)), '-T', String(opts.durationSec), '-f', opts.scriptFile];
  for (const [k, v] of Object.entries(opts.vars)) args.push('-D', `${k}=${v}`);
  args.push(opts.databaseUrl);
  const { code, out } = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
    const p = spawn('pgbench', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (b: Buffer) => (out += b.toString()));
    p.stderr.on('data', (b: Buffer) => (out += b.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, out }));
  });
  const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? NaN);
  const tps = num(/tps = ([\d.]+) \(without initial connection time\)/);
  if (code !== 0 || !Number.isFinite(tps)) throw new Error(`pgbench failed (exit ${code}):\n${out.slice(-4000)}`);
  return {
    connections: opts.connections,
    tps,
    latencyAvgMs: num(/latency average = ([\d.]+) ms/),
    transactions: num(/number of transactions actually processed: (\d+)/),
    failed: num(/number of failed transactions: (\d+)/) || 0,
  };
}

/** Round trips one script transaction makes (every SQL line; \\set lines are client-side). */
export const roundTripsOf = (script: string): number => script.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('\\')).length;

/**
 * The fixed reference: the minimal durable placement, whatever Ordo's schema looks like — the order
 * row, its 3 lines, 3 conditional reservations (each `reserved` raised only if on_hand − reserved −
 * safety_stock still covers it) and one outbox event, in 8 round trips: BEGIN; order; lines (one
 * multi-row INSERT); 3 UPDATEs in sku order (so concurrent transactions never deadlock); event;
 * COMMIT. Its own tables (`ref_*`, created by `seedReference`) carry only primary keys. It does not
 * change when Ordo changes: it tells how far the mirror (Ordo's real statements) is from the least
 * a durable placement must write.
 */
export function referenceScript(opts: { skus: number; customers: number }): string {
  const half = Math.floor(opts.skus / 2);
  const oid = `md5('o' || :r)::uuid`;
  const reserve = (v: string, q: string) =>
    `update ref_levels set reserved = reserved + :${q} where sku = ${SKU(v)} and location_code = 'FRA' and on_hand - reserved - safety_stock >= :${q};`;
  return `${[
    `\\set r random(1, 9000000000000000000)`,
    `\\set s1 random(1, ${opts.skus})`,
    `\\set s2 1 + (:s1 - 1 + random(1, ${half - 1})) % ${opts.skus}`,
    `\\set s3 1 + (:s1 - 1 + ${half} + random(1, ${opts.skus - half - 1})) % ${opts.skus}`,
    // the same skus in ascending order (the lock order)
    `\\set a least(:s1, :s2, :s3)`,
    `\\set c greatest(:s1, :s2, :s3)`,
    `\\set b :s1 + :s2 + :s3 - :a - :c`,
    `\\set q1 random(1, 3)`,
    `\\set q2 random(1, 3)`,
    `\\set q3 random(1, 3)`,
    `\\set amt 2000 * (:q1 + :q2 + :q3)`,
    `\\set cust random(1, ${opts.customers})`,
    'begin;',
    `insert into ref_orders (id, number, email, status, currency, total_amount, shipping_address, placed_at) values (${oid}, nextval('ref_order_number_seq'), 'customer' || :cust || '@bench.example', 'confirmed', 'EUR', :amt, :ship, now());`,
    `insert into ref_order_lines (order_id, line_no, sku, quantity, unit_price_amount, location_code) values ${['a', 'b', 'c'].map((v, i) => `(${oid}, ${i + 1}, ${SKU(v)}, :q${i + 1}, 2000, 'FRA')`).join(', ')};`,
    reserve('a', 'q1'),
    reserve('b', 'q2'),
    reserve('c', 'q3'),
    `insert into ref_outbox (event_id, type, aggregate_id, payload, occurred_at) values (md5('e' || :r)::uuid, 'order.placed', ${oid}::text, :payload, now());`,
    'commit;',
  ].join('\n')}\n`;
}

/** The reference's tables, next to Ordo's in the bench database: every level of the bench world, primary keys only. */
export const REFERENCE_DDL = [
  `create table ref_levels (sku text not null, location_code text not null, on_hand int not null, reserved int not null default 0, safety_stock int not null default 0, primary key (sku, location_code))`,
  `insert into ref_levels (sku, location_code, on_hand) select sku, location_code, on_hand from inventory_levels`,
  `create sequence ref_order_number_seq`,
  `create table ref_orders (id uuid primary key, number bigint not null, email text not null, status text not null, currency text not null, total_amount bigint not null, shipping_address jsonb not null, placed_at timestamptz not null)`,
  `create table ref_order_lines (order_id uuid not null, line_no int not null, sku text not null, quantity int not null, unit_price_amount bigint not null, location_code text not null, primary key (order_id, line_no))`,
  `create table ref_outbox (id bigserial primary key, event_id uuid not null, type text not null, aggregate_id text not null, payload jsonb not null, occurred_at timestamptz not null)`,
  `vacuum analyze ref_levels`,
];
