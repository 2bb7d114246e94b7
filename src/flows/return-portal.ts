import type { Ctx, Deps } from '../platform/context.js';
import type { Actor } from '../platform/auth/roles.js';
import { notFound } from '../platform/errors.js';
import { defaultReturnPortalSettings } from '../domain/returns/return-policy.js';
import { orderOfStatusToken } from '../modules/notifications/index.js';
import { createReturn, decideReturn, getEligibility, getReturnJson, getReturnPolicy, listReturns, type ReturnJson } from '../modules/returns/index.js';
import type { CreateReturnInput } from '../modules/returns/returns.schemas.js';
import { issueLabelForReturn } from './issue-return-label.js';

/** Who acts for a customer in the portal (audit and history show `system:returns-portal`). */
export const portalActor: Actor = { type: 'system', id: 'returns-portal', role: 'support', name: 'Returns portal' };

/** The order a portal token opens; the same 404 for a malformed, forged or unknown token. */
export async function portalOrder(deps: Deps, token: string): Promise<string> {
  const id = await orderOfStatusToken(deps.db, deps.clock.now(), token);
  if (!id) throw notFound('Order', 'of this link');
  return id;
}

/** What the customer may return (each line with its eligibility and terms) and the order's returns. */
export async function portalView(deps: Deps, orderId: string) {
  const eligibility = await getEligibility(deps.db, orderId, deps.clock.now()).catch(() => {
    throw notFound('Order', 'of this link');
  });
  const returns = await listReturns(deps.db, { limit: 50, orderId });
  return {
    ...eligibility,
    returns: await Promise.all(returns.map(async (r) => portalReturn(await getReturnJson(deps.db, r.ret.id)))),
  };
}

export const portalReturn = (r: ReturnJson) => ({
  id: r.id,
  number: r.number,
  status: r.status,
  resolution: r.resolution,
  lines: r.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, reason: l.reason })),
  refundDue: r.totals.refundDue,
  labelTrackingNumber: r.label?.trackingNumber ?? null,
  createdAt: r.createdAt,
});

/**
 * A customer's return request from the portal: created like an agent's (policy, quantities, fraud score;
 * source `portal`). With the policy's portal settings it is approved at once when not held for fraud
 * review, and its label is issued to the configured location. A replayed Idempotency-Key answers the
 * return as it now stands.
 */
export async function requestPortalReturn(deps: Deps & { requestId: string }, orderId: string, input: Omit<CreateReturnInput, 'orderId'>, idempotencyKey?: string): Promise<ReturnJson> {
  const ctx: Ctx = { ...deps, actor: portalActor };
  const out = await createReturn(ctx, { ...input, orderId }, { source: 'portal', idempotencyKey });
  let ret = out.replayed ? await getReturnJson(deps.db, out.body.id) : out.body;
  if (out.replayed) return ret;
  const portal = (await getReturnPolicy(deps.db)).portal ?? defaultReturnPortalSettings;
  if (!portal.autoApprove || ret.fraud.heldForReview || ret.resolution === 'exchange') return ret;
  ret = await decideReturn(ctx, { returnId: ret.id, to: 'approved', reason: 'portal: within the return policy' });
  if (portal.labelLocationCode) ret = await issueLabelForReturn(ctx, { returnId: ret.id, carrier: portal.labelCarrier, locationCode: portal.labelLocationCode });
  return ret;
}
