import type { z } from 'zod';
import type { Actor } from '../../platform/auth/roles.js';
import type { OrderJson, orderSchema } from './orders.schemas.js';

/**
 * The warehouse role ships orders but sees no money and no customer contact beyond the names and
 * addresses on the parcel: prices, totals, email and billing address are nulled for it.
 */
const seesMoneyAndContact = (actor: Actor) => actor.role !== 'warehouse';

/** Whether the actor may see (and search by) customer contact details. */
export const seesContact = seesMoneyAndContact;

export function redactOrder(actor: Actor, order: OrderJson): z.infer<typeof orderSchema> {
  if (seesMoneyAndContact(actor)) return order;
  return {
    ...order,
    customer: { ...order.customer, email: null },
    billingAddress: null,
    totals: null,
    lines: order.lines.map((l) => ({ ...l, unitPrice: null, lineTotal: null })),
  };
}

export function redactOrderSummary<T extends { email: string | null; total: unknown }>(actor: Actor, item: T): T {
  return seesMoneyAndContact(actor) ? item : { ...item, email: null, total: null };
}

const isMoney = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && 'amount' in v && 'currency' in v;
const isContactKey = (k: string) => /email|billing|phone/i.test(k);

/** Event payloads are free-form: drop every money value and contact field, at any depth. */
export function redactEventPayload(actor: Actor, payload: Record<string, unknown>): Record<string, unknown> {
  if (seesMoneyAndContact(actor)) return payload;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v !== 'object' || v === null) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (isContactKey(k) || isMoney(x) || /amount|total|price/i.test(k)) continue;
      out[k] = walk(x);
    }
    return out;
  };
  return walk(payload) as Record<string, unknown>;
}
