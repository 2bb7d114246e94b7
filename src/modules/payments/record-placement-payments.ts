import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { payments } from '../../platform/db/schema/index.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import type { PlacementPaymentInput } from './payments.schemas.js';

/**
 * Validates the payments sent with an order and writes them as `pending`, inside the placement
 * transaction (so a crash before authorization leaves a visible, retryable record). Amounts must be
 * in the order currency and cover the total exactly; at most one payment may omit its amount and
 * takes the remainder. Authorization happens after commit (authorizeOrderPayments).
 */
export async function recordPlacementPayments(
  tx: Db,
  ctx: Ctx,
  input: { orderId: string; currency: string; total: bigint; at: Date; payments: PlacementPaymentInput[] },
): Promise<void> {
  const errors: FieldError[] = [];
  const open = input.payments.filter((p) => !p.amount);
  if (open.length > 1) errors.push({ path: 'payments', message: 'at most one payment may omit its amount (it takes the remainder)' });
  input.payments.forEach((p, i) => {
    if (p.amount && p.amount.currency !== input.currency) errors.push({ path: `payments.${i}.amount.currency`, message: `must be ${input.currency}, the order currency` });
    if (p.amount && p.amount.amount <= 0) errors.push({ path: `payments.${i}.amount.amount`, message: 'must be greater than 0' });
    if (!ctx.payments?.configured(p.provider)) errors.push({ path: `payments.${i}.provider`, message: `${p.provider} is not configured on this server` });
  });
  const given = input.payments.reduce((s, p) => s + BigInt(p.amount?.amount ?? 0), 0n);
  const remainder = input.total - given;
  if (!errors.length) {
    if (remainder < 0n || (remainder > 0n && open.length === 0) || (remainder === 0n && open.length === 1)) {
      errors.push({ path: 'payments', message: `the amounts must add up to the order total ${input.total} (minor units); they add up to ${given}` });
    }
  }
  if (errors.length) throw new AppError('validation_failed', `Invalid ${errors.map((e) => e.path).join(', ')}`, { errors });
  await tx.insert(payments).values(
    input.payments.map((p, i) => ({
      id: ctx.newId(),
      orderId: input.orderId,
      seq: i + 1,
      provider: p.provider,
      paymentMethod: p.paymentMethod,
      currency: input.currency,
      amount: p.amount ? BigInt(p.amount.amount) : remainder,
      status: 'pending' as const,
      createdAt: input.at,
      updatedAt: input.at,
    })),
  );
}
