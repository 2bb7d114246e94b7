import type { Deps } from '../../platform/context.js';

/**
 * With ORDO_SOURCING_AT=authorization an order that carries payments is sourced after its payment is
 * authorized (`payment.authorized`), not at placement; orders without payments are sourced at once.
 */
export function deferSourcingAtPlacement(deps: Pick<Deps, 'sourcing'>, body: object): boolean {
  const payments = (body as { payments?: unknown }).payments;
  return (deps.sourcing?.at ?? 'placement') === 'authorization' && Array.isArray(payments) && payments.length > 0;
}
