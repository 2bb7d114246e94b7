import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { returnLines, returns } from '../../platform/db/schema/index.js';
import { AppError, validation, type FieldError } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { actorLabel } from '../../platform/auth/roles.js';
import { runIdempotent } from '../../platform/idempotency.js';
import { moneyJson } from '../../platform/http/schemas.js';
import { netLineTotals, refundLineValue } from '../../domain/payments/order-value.js';
import { restockingFee, shippingPayer, termsFor } from '../../domain/returns/return-policy.js';
import { defaultReturnFraudSettings, scoreReturnFraud } from '../../domain/returns/return-fraud.js';
import { customerDeliveredUnits } from '../orders/index.js';
import { findProductsBySkus } from '../catalog/index.js';
import { customerReturnHistory } from './returns.repository.js';
import { returnFacts } from './return-eligibility.js';
import { countReturnsOfOrder, loadReturn, toReturnJson, writeReturnStatus } from './returns.repository.js';
import { returnRequested } from './returns.events.js';
import type { CreateReturnInput, ReturnJson } from './returns.schemas.js';

export type ReturnSource = 'portal' | 'console' | 'api';

/**
 * Requests a return of delivered units: every line is checked against the policy (eligibility with
 * its reason) and against what earlier returns already claim, under the order row lock, so two
 * concurrent returns can never claim more than was delivered. Values come from the order's exact
 * allocation (the top units of each line's value), minus the restocking fee of the policy.
 */
export async function createReturn(ctx: Ctx, input: CreateReturnInput, opts: { source: ReturnSource; idempotencyKey?: string | undefined }) {
  return runIdempotent<ReturnJson>(ctx, { key: opts.idempotencyKey, route: 'POST /returns', request: input }, async (tx) => ({ status: 201, body: await createReturnInTx(tx, ctx, input, opts.source) }));
}

export async function createReturnInTx(tx: Db, ctx: Ctx, input: CreateReturnInput, source: ReturnSource): Promise<ReturnJson> {
  const at = ctx.clock.now();
  const f = await returnFacts(tx, input.orderId, at, { lock: true });
  const errors: FieldError[] = [];
  const wanted = new Map<string, number>();
  input.lines.forEach((l, i) => {
    const e = f.eligibility.find((x) => x.lineId === l.orderLineId);
    if (!e) return errors.push({ path: `lines.${i}.orderLineId`, message: `is not a line of order ${f.order.number}` });
    const total = (wanted.get(l.orderLineId) ?? 0) + l.quantity;
    if (!e.eligible) return errors.push({ path: `lines.${i}.quantity`, message: `not returnable: ${e.reason} (${e.detail})` });
    if (total > e.quantity) return errors.push({ path: `lines.${i}.quantity`, message: `at most ${e.quantity} can be returned` });
    if (input.resolution === 'exchange' && !e.exchangeAllowed) return errors.push({ path: 'resolution', message: `exchanges are not allowed for ${e.sku}` });
    wanted.set(l.orderLineId, total);
  });
  const exchangeSkus = input.lines.map((l) => l.exchangeSku).filter((x): x is string => Boolean(x));
  const replacements = exchangeSkus.length ? await findProductsBySkus(tx, exchangeSkus) : new Map();
  input.lines.forEach((l, i) => {
    if (!l.exchangeSku) return;
    const path = `lines.${i}.exchangeSku`;
    if (input.resolution !== 'exchange') return errors.push({ path, message: 'is only for exchanges (resolution "exchange")' });
    const p = replacements.get(l.exchangeSku);
    if (!p || !p.active) return errors.push({ path, message: `${l.exchangeSku} is not an active product` });
    if (p.currency !== f.order.currency) return errors.push({ path, message: `${l.exchangeSku} is priced in ${p.currency}, the order in ${f.order.currency}` });
    const other = input.lines.find((x) => x.orderLineId === l.orderLineId && (x.exchangeSku ?? null) !== l.exchangeSku);
    if (other) return errors.push({ path, message: 'must be the same for every entry of one order line' });
  });
  if (errors.length) {
    const notEligible = errors.every((e) => e.message.startsWith('not returnable') || e.message.startsWith('at most') || e.message.startsWith('exchanges'));
    if (notEligible) throw new AppError('business_rule', `The return is refused by the return policy of order ${f.order.number}`, { errors });
    throw validation(errors);
  }

  const n = (await countReturnsOfOrder(tx, f.order.id)) + 1;
  const id = ctx.newId();
  const number = `R-${f.order.number}-${n}`;
  const net = netLineTotals(f.valueFacts);
  const claimedNow = new Map(f.claimed);
  let merchantPays = false;
  const rows = input.lines.map((l) => {
    const line = f.lines.find((x) => x.id === l.orderLineId)!;
    const before = claimedNow.get(line.id) ?? 0;
    claimedNow.set(line.id, before + l.quantity);
    const value = refundLineValue(net.get(line.id)!, line.quantityOrdered, line.quantityCancelled + before, l.quantity);
    const terms = termsFor(f.policy, f.order.channel, line.sku);
    if (shippingPayer(terms, l.reason) === 'merchant') merchantPays = true;
    return {
      id: ctx.newId(),
      returnId: id,
      orderLineId: line.id,
      sku: line.sku,
      quantity: l.quantity,
      reason: l.reason,
      note: l.note ?? null,
      restockingFeeBps: terms.restockingFeeBps,
      valueAmount: value,
      restockingFeeAmount: restockingFee(value, terms.restockingFeeBps, l.reason),
      exchangeSku: input.resolution === 'exchange' ? (l.exchangeSku ?? line.sku) : null,
    };
  });
  // One row per order line: repeated lines of the request are merged.
  const merged = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const m = merged.get(r.orderLineId);
    merged.set(r.orderLineId, m ? { ...m, quantity: m.quantity + r.quantity, valueAmount: m.valueAmount + r.valueAmount, restockingFeeAmount: m.restockingFeeAmount + r.restockingFeeAmount } : r);
  }
  const prior = await customerReturnHistory(tx, f.order.customerId, new Date(at.getTime() - 30 * 86_400_000));
  const value = [...merged.values()].reduce((s, r) => s + r.valueAmount, 0n);
  const fraud = scoreReturnFraud(f.policy.fraud ?? defaultReturnFraudSettings, {
    customerDeliveredUnits: await customerDeliveredUnits(tx, f.order.customerId),
    customerReturnedUnits: prior.units,
    recentReturns: prior.recent,
    hoursSinceDelivery: f.deliveredAt ? (at.getTime() - f.deliveredAt.getTime()) / 3_600_000 : null,
    value: Number(value),
  });
  await tx.insert(returns).values({
    id,
    number,
    orderId: f.order.id,
    customerId: f.order.customerId,
    fraudScore: fraud.score,
    fraudSignals: fraud.signals,
    heldForReview: fraud.held,
    status: 'requested',
    source,
    resolution: input.resolution,
    currency: f.order.currency,
    returnShippingPaidBy: merchantPays ? 'merchant' : 'customer',
    note: input.note ?? null,
    createdAt: at,
    updatedAt: at,
  });
  await tx.insert(returnLines).values([...merged.values()]);
  const actor = actorLabel(ctx.actor);
  await writeReturnStatus(tx, { returnId: id, from: null, to: 'requested', reason: null, actor, at });
  const m = (amount: bigint) => moneyJson({ amount, currency: f.order.currency });
  await enqueueEvents(tx, { ...ctx, at }, [
    newEvent(returnRequested, id, {
      returnId: id,
      number,
      orderId: f.order.id,
      source,
      resolution: input.resolution,
      lines: [...merged.values()].map((r) => ({ orderLineId: r.orderLineId, sku: r.sku, quantity: r.quantity, reason: r.reason, value: m(r.valueAmount), restockingFee: m(r.restockingFeeAmount) })),
    }),
  ]);
  const { ret, lines, history } = await loadReturn(tx, id);
  const json = toReturnJson(ret, f.order.number, lines, history);
  await recordAudit(tx, { ...ctx, at }, { action: 'return.requested', entityType: 'return', entityId: id, after: json });
  return json;
}
