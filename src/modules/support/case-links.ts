import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { customers, orders, users } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import type { Actor } from '../../platform/auth/roles.js';
import { normaliseEmail } from '../customers/index.js';
import { findOrderIdByNumber } from '../orders/index.js';

/**
 * Read-only look-ups of what a case links to: the order's and the customer's contact, a customer by
 * e-mail, a console user to assign. Support writes none of these tables.
 */
export interface CaseParty {
  orderId: string | null;
  customerId: string | null;
  customerEmail: string | null;
  customerName: string | null;
}

export async function resolveParty(db: Db, input: { orderId?: string | undefined; orderNumber?: string | undefined; customerId?: string | undefined; customerEmail?: string | undefined; customerName?: string | undefined }): Promise<CaseParty> {
  let party: CaseParty = { orderId: null, customerId: null, customerEmail: null, customerName: null };
  if (!input.orderId && input.orderNumber) {
    const id = await findOrderIdByNumber(db, input.orderNumber);
    if (!id) throw new AppError('business_rule', `Order ${input.orderNumber} does not exist`, { errors: [{ path: 'orderNumber', message: 'no such order' }] });
    input = { ...input, orderId: id };
  }
  if (input.orderId) {
    const [o] = await db.select({ id: orders.id, customerId: orders.customerId, email: orders.email, name: orders.customerName }).from(orders).where(eq(orders.id, input.orderId));
    if (!o) throw new AppError('business_rule', `Order ${input.orderId} does not exist`, { errors: [{ path: 'orderId', message: 'no such order' }] });
    party = { orderId: o.id, customerId: o.customerId, customerEmail: o.email, customerName: o.name };
  }
  if (input.customerId) {
    const [c] = await db.select({ id: customers.id, email: customers.email, name: customers.name }).from(customers).where(eq(customers.id, input.customerId));
    if (!c) throw new AppError('business_rule', `Customer ${input.customerId} does not exist`, { errors: [{ path: 'customerId', message: 'no such customer' }] });
    if (party.customerId && party.customerId !== c.id) throw new AppError('business_rule', 'The order belongs to another customer', { errors: [{ path: 'customerId', message: 'is not the order’s customer' }] });
    party = { ...party, customerId: c.id, customerEmail: party.customerEmail ?? c.email, customerName: party.customerName ?? c.name };
  }
  if (input.customerEmail) {
    const email = normaliseEmail(input.customerEmail);
    const known = party.customerId ? null : await customerByEmail(db, email);
    party = { ...party, customerEmail: email, customerId: party.customerId ?? known?.id ?? null, customerName: party.customerName ?? known?.name ?? null };
  }
  if (input.customerName) party.customerName = input.customerName;
  return party;
}

export async function customerByEmail(db: Db, email: string): Promise<{ id: string; name: string } | null> {
  const [c] = await db.select({ id: customers.id, name: customers.name }).from(customers).where(eq(customers.email, normaliseEmail(email)));
  return c ?? null;
}

/** The latest order of a customer e-mail (an inbound e-mail without a reference is linked to it). */
export async function latestOrderOf(db: Db, customerId: string): Promise<string | null> {
  const [o] = await db.select({ id: orders.id }).from(orders).where(eq(orders.customerId, customerId)).orderBy(desc(orders.placedAt)).limit(1);
  return o?.id ?? null;
}

const uuidLike = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `me`, or an active console user with a role that works cases (admin, manager, support). */
export async function resolveAssignee(db: Db, actor: Actor, id: string): Promise<{ id: string; name: string }> {
  if (id === 'me') return { id: actor.id, name: actor.name };
  const [u] = uuidLike.test(id) ? await db.select({ id: users.id, name: users.name, role: users.role, disabled: users.disabled }).from(users).where(eq(users.id, id)) : [];
  if (!u || u.disabled) throw new AppError('business_rule', `No active console user ${id}`, { errors: [{ path: 'assigneeId', message: 'is not an active console user' }] });
  if (!['admin', 'manager', 'support'].includes(u.role)) throw new AppError('business_rule', `${u.name} (${u.role}) does not work support cases`, { errors: [{ path: 'assigneeId', message: 'has a role without support access' }] });
  return { id: u.id, name: u.name };
}

/** Users a case can be assigned to (the console's assignee picker). */
export async function listAgents(db: Db): Promise<Array<{ id: string; name: string; email: string; role: string }>> {
  const rows = await db.select({ id: users.id, name: users.name, email: users.email, role: users.role, disabled: users.disabled }).from(users).orderBy(users.name);
  return rows.filter((u) => !u.disabled && ['admin', 'manager', 'support'].includes(u.role)).map(({ disabled: _d, ...u }) => u);
}
