import type { Db } from '../../platform/db/client.js';
import { preparedRows } from '../../platform/db/prepared.js';
import { defaultRiskConfig, mergeRiskConfig, normaliseAddress, normaliseEmail, type RiskConfig, type RiskFacts } from '../../domain/risk/index.js';
import type { Money } from '../../domain/money.js';

/**
 * Every fact the rules need, plus the settings, in ONE round trip (placement is a hot path): the
 * settings row, the customer's history in the order's currency, the velocity counts in each rule's
 * window (taken from the stored settings, else the defaults) and the blocklist hits.
 */
/**
 * Velocity counts stop at this many rows: a rule only needs to know the count passed its limit, and an
 * uncapped count would visit every order of a busy window on every placement.
 */
export const VELOCITY_CAP = 1000;

/**
 * The risk facts in one read. Callers exempt from IP velocity (the stored exemptIps, else $13, the
 * defaults: your own shop backends, loopback) are not counted at all — a storefront that posts every
 * order from one address would otherwise make this count grow with the shop's volume.
 */
export const RISK_FACTS_SQL = `
  with s as (select config from risk_settings where id = 1),
  c as (select id from customers where email = $1::text),
  w as (
    select
      coalesce(((select config from s) #>> '{rules,velocityEmail,windowMinutes}')::int, $9::int) as email_min,
      coalesce(((select config from s) #>> '{rules,velocityCustomer,windowMinutes}')::int, $10::int) as customer_min,
      coalesce(((select config from s) #>> '{rules,velocityIp,windowMinutes}')::int, $11::int) as ip_min,
      coalesce(((select config from s) #>> '{rules,velocityPaymentFingerprint,windowMinutes}')::int, $12::int) as fp_min
  ),
  h as (
    select o.total_amount from orders o
    where o.customer_id = (select id from c) and o.currency = $4::text and o.status <> 'cancelled' and o.id <> $8::uuid
    order by o.placed_at desc limit 100
  )
  select
    (select config from s) as config,
    (select id from c)::text as customer_id,
    (select count(*) from h)::int as history_orders,
    (select round(avg(total_amount))::bigint from h)::text as history_average,
    (select count(*) from (select 1 from risk_assessments r where r.email = $1::text and r.stage = 'placement' and r.order_id <> $8::uuid
       and r.created_at > $3::timestamptz - make_interval(mins => (select email_min from w)) limit ${VELOCITY_CAP}) x)::int as v_email,
    (select count(*) from (select 1 from orders o where o.customer_id = (select id from c) and o.id <> $8::uuid
       and o.placed_at > $3::timestamptz - make_interval(mins => (select customer_min from w)) limit ${VELOCITY_CAP}) x)::int as v_customer,
    (select count(*) from (select 1 from risk_assessments r where r.client_ip = coalesce($2::text, pi.client_ip) and r.stage = 'placement' and r.order_id <> $8::uuid
       and r.created_at > $3::timestamptz - make_interval(mins => (select ip_min from w))
       and not (coalesce((select config from s) #> '{rules,velocityIp,exemptIps}', $13::jsonb) ? coalesce($2::text, pi.client_ip))
       limit ${VELOCITY_CAP}) x)::int as v_ip,
    (select count(*) from (select distinct r.order_id from risk_assessments r where r.payment_fingerprint = $7::text and r.order_id <> $8::uuid
       and r.created_at > $3::timestamptz - make_interval(mins => (select fp_min from w)) limit ${VELOCITY_CAP}) x)::int as v_fp,
    exists (select 1 from risk_blocklist b where b.kind = 'email' and b.value = $1::text) as bl_email,
    exists (select 1 from risk_blocklist b where b.kind = 'address' and b.value in ($5::text, $6::text)) as bl_address,
    exists (select 1 from risk_blocklist b where b.kind = 'payment_fingerprint' and b.value = $7::text) as bl_fp,
    pi.client_ip as placement_ip
  from (select (select client_ip from risk_assessments where order_id = $8::uuid and stage = 'placement' order by id desc limit 1) as client_ip) pi`;

interface FactsRow {
  config: Record<string, unknown> | null;
  customer_id: string | null;
  history_orders: number;
  history_average: string | null;
  v_email: number;
  v_customer: number;
  v_ip: number;
  v_fp: number;
  bl_email: boolean;
  bl_address: boolean;
  bl_fp: boolean;
  placement_ip: string | null;
}

type Addr = { line1: string; postalCode: string; country: string; latitude?: number | undefined; longitude?: number | undefined };

export interface FactsInput {
  /** The order being scored; its own rows are left out of every count. */
  orderId: string;
  at: Date;
  email: string;
  total: Money;
  /** null at the payment stage: the placement's IP is used. */
  clientIp: string | null;
  shipping: Addr;
  billing: Addr | null;
  paymentFingerprint: string | null;
  avs: RiskFacts['avs'];
  cvv: RiskFacts['cvv'];
}

export interface LoadedFacts {
  facts: RiskFacts;
  config: RiskConfig;
  customerId: string | null;
}

const addr = (a: Addr) => ({ country: a.country, latitude: a.latitude, longitude: a.longitude });

export async function loadRiskFacts(db: Db, input: FactsInput): Promise<LoadedFacts> {
  const email = normaliseEmail(input.email);
  const d = defaultRiskConfig.rules;
  const [row] = await preparedRows<FactsRow>(db, 'ordo_risk_facts', RISK_FACTS_SQL, [
    email,
    input.clientIp,
    input.at,
    input.total.currency,
    normaliseAddress(input.shipping),
    input.billing ? normaliseAddress(input.billing) : null,
    input.paymentFingerprint,
    input.orderId,
    d.velocityEmail.windowMinutes,
    d.velocityCustomer.windowMinutes,
    d.velocityIp.windowMinutes,
    d.velocityPaymentFingerprint.windowMinutes,
    JSON.stringify(d.velocityIp.exemptIps),
  ]);
  const r = row!;
  const config = r.config ? mergeRiskConfig(defaultRiskConfig, r.config as Parameters<typeof mergeRiskConfig>[1]) : defaultRiskConfig;
  const facts: RiskFacts = {
    total: input.total,
    email,
    clientIp: input.clientIp ?? r.placement_ip,
    shipping: addr(input.shipping),
    billing: input.billing ? addr(input.billing) : null,
    history: { orders: r.history_orders, averageTotal: r.history_average === null ? null : BigInt(r.history_average) },
    velocity: { email: r.v_email, customer: r.v_customer, ip: r.v_ip, paymentFingerprint: r.v_fp },
    paymentFingerprint: input.paymentFingerprint,
    avs: input.avs,
    cvv: input.cvv,
    blocklist: { email: r.bl_email, address: r.bl_address, paymentFingerprint: r.bl_fp },
  };
  return { facts, config, customerId: r.customer_id };
}
