import { and, eq, sql } from 'drizzle-orm';
import type { Deps } from '../../platform/context.js';
import { paymentTransactions, paymentWebhookEvents, payments } from '../../platform/db/schema/index.js';
import type { PaymentProviderName } from '../../platform/db/schema/index.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { recordAudit } from '../../platform/audit.js';
import { systemActor } from '../../platform/auth/roles.js';
import { moneyJson } from '../../platform/http/schemas.js';
import { loadOrder } from '../orders/index.js';
import { paymentTransition, statusAfter } from './payments.repository.js';
import { applyAuthorization } from './record-authorization.js';
import { executeOperation } from './payment-operations.js';
import type { WebhookEvent } from './providers/provider.js';
import { newEvent } from '../../platform/events/define.js';
import { paymentRefunded } from './payments.events.js';

export type WebhookOutcome = 'applied' | 'duplicate' | 'ignored';

/**
 * Applies a verified gateway event in one transaction with its dedupe row (provider, event id): a
 * replayed event changes nothing. Completes authorizations that needed customer action (3-D
 * Secure), records declines, and records refunds made outside Ordo (e.g. in the Stripe dashboard).
 * Ordo's own captures and refunds are recorded by their operations, not by the echo webhooks.
 */
export async function applyWebhook(deps: Deps, provider: PaymentProviderName, event: WebhookEvent): Promise<WebhookOutcome> {
  const ctx = { ...deps, actor: systemActor };
  const { outcome, ops } = await deps.db.transaction(async (tx) => {
    const at = deps.clock.now();
    const fresh = await tx
      .insert(paymentWebhookEvents)
      .values({ provider, eventId: event.id, type: event.type, receivedAt: at })
      .onConflictDoNothing()
      .returning({ id: paymentWebhookEvents.eventId });
    if (fresh.length === 0) return { outcome: 'duplicate' as const, ops: [] };
    if (event.kind === 'ignored' || !event.providerReference) return { outcome: 'ignored' as const, ops: [] };
    const [peek] = await tx.select().from(payments).where(and(eq(payments.provider, provider), eq(payments.providerReference, event.providerReference)));
    if (!peek) return { outcome: 'ignored' as const, ops: [] };
    const { order } = await loadOrder(tx, peek.orderId, { lock: true });
    const [p] = await tx.select().from(payments).where(eq(payments.id, peek.id)).for('update');
    const waiting = p!.status === 'pending' || p!.status === 'requires_action';
    const key = `webhook:${event.id}`;
    const c = { ...ctx, at };
    if ((event.kind === 'authorized' || event.kind === 'captured') && waiting) {
      const amount = event.amount !== undefined && event.amount > 0n ? event.amount : p!.amount;
      const ops = await applyAuthorization(tx, c, order, p!, { outcome: 'authorized', providerReference: event.providerReference, authorizedAmount: amount, avs: event.avs, cvv: event.cvv, fingerprint: event.fingerprint, raw: event.raw }, { idempotencyKey: key, source: 'webhook' });
      return { outcome: 'applied' as const, ops };
    }
    if (event.kind === 'authorization_failed' && waiting) {
      await applyAuthorization(tx, c, order, p!, { outcome: 'declined', providerReference: event.providerReference, authorizedAmount: 0n, failureCode: event.failureCode, failureMessage: event.failureMessage, raw: event.raw }, { idempotencyKey: key, source: 'webhook' });
      return { outcome: 'applied' as const, ops: [] };
    }
    if (event.kind === 'refunded' && event.amount !== undefined) {
      // A refund Ordo did not make: only what exceeds Ordo's own refunds (done or in flight).
      const extra = event.amount - p!.refundedAmount - p!.pendingRefundAmount;
      const room = p!.capturedAmount - p!.refundedAmount - p!.pendingRefundAmount;
      if (extra <= 0n || extra > room) return { outcome: 'ignored' as const, ops: [] };
      await tx.insert(paymentTransactions).values({ id: deps.newId(), paymentId: p!.id, kind: 'refund', status: 'succeeded', amount: extra, currency: p!.currency, idempotencyKey: key, providerReference: event.providerReference, providerResponse: event.raw, reason: 'refunded at the gateway', source: 'webhook', createdAt: at });
      const next = { ...p!, refundedAmount: p!.refundedAmount + extra };
      await tx.update(payments).set({ refundedAmount: sql`${payments.refundedAmount} + ${extra}`, status: paymentTransition(p!, statusAfter(next)), updatedAt: at }).where(eq(payments.id, p!.id));
      await enqueueEvents(tx, c, [newEvent(paymentRefunded, order.id, { orderId: order.id, paymentId: p!.id, provider, amount: moneyJson({ amount: extra, currency: p!.currency }), reason: 'refunded at the gateway', source: 'webhook' })]);
      await recordAudit(tx, c, { action: 'payment.refunded', entityType: 'payment', entityId: p!.id, after: { amount: extra.toString(), source: 'webhook' } });
      return { outcome: 'applied' as const, ops: [] };
    }
    return { outcome: 'ignored' as const, ops: [] };
  });
  for (const op of ops) await executeOperation(deps, op);
  return outcome;
}
