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
 * The risk facts in one read. Callers exempt from IP velocity (the stored exemptIps, else the
 * defaults: your own shop backends, loopback) are not counted at all — a storefront that posts every
 * order from one address would otherwise make this count grow with the shop's volume.
 *
 * Two texts of one template. `RISK_FACTS_SQL` (the payment stage, and any caller without a client IP)
 * falls back to the IP of the order's placement assessment and counts payment-fingerprint velocity.
 * `PLACEMENT_RISK_FACTS_SQL` is the placement's: the order has no assessment yet and no payment, so
 * neither appears. That is not only shorter: with `coalesce($ip, <placement IP>)` and the fingerprint
 * count, the generic plan PostgreSQL weighs after five executions of the prepared statement costs about
 * twice the custom one (the placement-IP lookup appears three times in it, the count is not folded
 * away for a null fingerprint), so it re-planned the statement on every placement (pg_prepared_statements:
 * 0 generic, 30 custom plans); without them the generic plan is chosen and the planning is saved.
 */
function riskFactsSql(stage: 'placement' | 'any'): string {
  // bind numbers: the placement text has no fingerprint and no payment-fingerprint window
  const any = stage === 'any';
  const [email, ip, at, currency, ship, bill, orderId] = ['$1', '$2', '$3', '$4', '$5', '$6', any ? '$8' : '$7'];
  const [wEmail, wCustomer, wIp, exempt] = any ? ['$9', '$10', '$11', '$13'] : ['$8', '$9', '$10', '$11'];
  const clientIp = any ? `coalesce(${ip}::text, pi.client_ip)` : `${ip}::text`;
  return `
  with s as (select config from risk_settings where id = 1),
  c as (select id from customers where email = ${email}::text),
  w as (
    select
      coalesce(((select config from s) #>> '{rules,velocityEmail,windowMinutes}')::int, ${wEmail}::int) as email_min,
      coalesce(((select config from s) #>> '{rules,velocityCustomer,windowMinutes}')::int, ${wCustomer}::int) as customer_min,
      coalesce(((select config from s) #>> '{rules,velocityIp,windowMinutes}')::int, ${wIp}::int) as ip_min${any ? `,
      coalesce(((select config from s) #>> '{rules,velocityPaymentFingerprint,windowMinutes}')::int, $12::int) as fp_min` : ''}
  ),
  h as (
    select o.total_amount from orders o
    where o.customer_id = (select id from c) and o.currency = ${currency}::text and o.status <> 'cancelled' and o.id <> ${orderId}::uuid
    order by o.placed_at desc limit 100
  )
  select
    (select config from s) as config,
    (select id from c)::text as customer_id,
    (select count(*) from h)::int as history_orders,
    (select round(avg(total_amount))::bigint from h)::text as history_average,
    (select count(*) from (select 1 from risk_assessments r where r.email = ${email}::text and r.stage = 'placement' and r.order_id <> ${orderId}::uuid
       and r.created_at > ${at}::timestamptz - make_interval(mins => (select email_min from w)) limit ${VELOCITY_CAP}) x)::int as v_email,
    (select count(*) from (select 1 from orders o where o.customer_id = (select id from c) and o.id <> ${orderId}::uuid
       and o.placed_at > ${at}::timestamptz - make_interval(mins => (select customer_min from w)) limit ${VELOCITY_CAP}) x)::int as v_customer,
    (select count(*) from (select 1 from risk_assessments r where r.client_ip = ${clientIp} and r.stage = 'placement' and r.order_id <> ${orderId}::uuid
       and r.created_at > ${at}::timestamptz - make_interval(mins => (select ip_min from w))
       and not (coalesce((select config from s) #> '{rules,velocityIp,exemptIps}', ${exempt}::jsonb) ? ${clientIp})
       limit ${VELOCITY_CAP}) x)::int as v_ip,
    ${
      any
        ? `(select count(*) from (select distinct r.order_id from risk_assessments r where r.payment_fingerprint = $7::text and r.order_id <> ${orderId}::uuid
       and r.created_at > ${at}::timestamptz - make_interval(mins => (select fp_min from w)) limit ${VELOCITY_CAP}) x)::int`
        : '0'
    } as v_fp,
    exists (select 1 from risk_blocklist b where b.kind = 'email' and b.value = ${email}::text) as bl_email,
    exists (select 1 from risk_blocklist b where b.kind = 'address' and b.value in (${ship}::text, ${bill}::text)) as bl_address,
    ${any ? `exists (select 1 from risk_blocklist b where b.kind = 'payment_fingerprint' and b.value = $7::text)` : 'false'} as bl_fp,
    ${any ? 'pi.client_ip' : 'null::text'} as placement_ip
  ${any ? `from (select (select client_ip from risk_assessments where order_id = ${orderId}::uuid and stage = 'placement' order by id desc limit 1) as client_ip) pi` : ''}`;
}

/** Binds: email, client IP, clock, currency, shipping and billing address keys, fingerprint, order id, 4 windows (email, customer, IP, fingerprint), default exempt IPs. */
export const RISK_FACTS_SQL = riskFactsSql('any');
/** Binds as RISK_FACTS_SQL without the fingerprint and its window: email, client IP, clock, currency, shipping and billing keys, order id, 3 windows, default exempt IPs. */
export const PLACEMENT_RISK_FACTS_SQL = riskFactsSql('placement');

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

/**
 * `placement`: the order is being placed (it has no assessment and no payment yet): the placement text.
 * `payment`: a later stage; a null client IP means the placement's.
 */
export type FactsInput = FactsBase & ({ stage: 'placement'; paymentFingerprint: null } | { stage: 'payment'; paymentFingerprint: string | null });

interface FactsBase {
  /** The order being scored; its own rows are left out of every count. */
  orderId: string;
  at: Date;
  email: string;
  total: Money;
  /** null at the payment stage: the placement's IP is used. */
  clientIp: string | null;
  shipping: Addr;
  billing: Addr | null;
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
  const placement = input.stage === 'placement';
  const values = [
    email,
    input.clientIp,
    input.at,
    input.total.currency,
    normaliseAddress(input.shipping),
    input.billing ? normaliseAddress(input.billing) : null,
    ...(placement ? [] : [input.paymentFingerprint]),
    input.orderId,
    d.velocityEmail.windowMinutes,
    d.velocityCustomer.windowMinutes,
    d.velocityIp.windowMinutes,
    ...(placement ? [] : [d.velocityPaymentFingerprint.windowMinutes]),
    JSON.stringify(d.velocityIp.exemptIps),
  ];
  const [row] = placement
    ? await preparedRows<FactsRow>(db, 'ordo_placement_risk_facts', PLACEMENT_RISK_FACTS_SQL, values)
    : await preparedRows<FactsRow>(db, 'ordo_risk_facts', RISK_FACTS_SQL, values);
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
