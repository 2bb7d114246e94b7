import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { payments } from '../../platform/db/schema/index.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import type { PlacementPaymentInput } from './payments.schemas.js';

/**
 * Validates the payments sent with an order and writes them as `pending`, inside the placement
 * transaction (so a crash before authorization leaves a visible, retryable record). Amounts must be
 * in the order currency and cover the total exactly; at most one payment may omit its amount and
 * takes the remainder. A cash payment (point of sale) carries what was tendered, at least its amount.
 * Authorization happens after commit (authorizeOrderPayments).
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
  // Cash: what was handed over must cover the cash part (the change is the difference, exact in minor
  // units). Too little is a refusal at the till (422), not a malformed request.
  const short: FieldError[] = [];
  input.payments.forEach((p, i) => {
    if (!p.tendered) return;
    const amount = p.amount ? BigInt(p.amount.amount) : remainder;
    if (p.provider !== 'cash') errors.push({ path: `payments.${i}.tendered`, message: 'only a cash payment has an amount tendered' });
    else if (p.tendered.currency !== input.currency) errors.push({ path: `payments.${i}.tendered.currency`, message: `must be ${input.currency}, the order currency` });
    else if (BigInt(p.tendered.amount) < amount) short.push({ path: `payments.${i}.tendered.amount`, message: `must be at least ${amount} (minor units), the amount due in cash` });
  });
  if (errors.length) throw new AppError('validation_failed', `Invalid ${errors.map((e) => e.path).join(', ')}`, { errors });
  if (short.length) throw new AppError('business_rule', 'The cash tendered does not cover the amount due', { errors: short });
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
      tenderedAmount: p.tendered ? BigInt(p.tendered.amount) : null,
      createdAt: input.at,
      updatedAt: input.at,
    })),
  );
}
