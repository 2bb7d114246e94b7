import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import { customers } from '../../platform/db/schema/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { getCustomer } from './customers.queries.js';
import { runIdempotent, type Outcome } from '../../platform/idempotency.js';
import { normaliseEmail } from './customers.repository.js';
import type { CustomerJson } from './customers.schemas.js';
import { newEvent } from '../../platform/events/define.js';
import { customerCreated, customerUpdated } from './customers.events.js';

const emailTaken = (email: string) =>
  new AppError('duplicate', `A customer with email ${email} already exists`, { errors: [{ path: 'email', message: 'is already taken' }] });

/** Creates a customer by hand (phone orders, B2B accounts); orders also create them by email. */
export async function createCustomer(
  ctx: Ctx,
  input: { email: string; name: string; phone?: string | null | undefined },
  idempotencyKey?: string,
): Promise<Outcome<CustomerJson> & { replayed: boolean }> {
  const at = ctx.clock.now();
  const email = normaliseEmail(input.email);
  return runIdempotent(ctx, { key: idempotencyKey, route: 'POST /customers', request: input }, async (tx) => {
    const [row] = await tx
      .insert(customers)
      .values({ id: ctx.newId(), email, name: input.name, phone: input.phone ?? null, createdAt: at, updatedAt: at })
      .onConflictDoNothing()
      .returning();
    if (!row) throw emailTaken(email);
    const json = await getCustomer(tx, row.id);
    await recordAudit(tx, { ...ctx, at }, { action: 'customer.created', entityType: 'customer', entityId: row.id, after: json });
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(customerCreated, row.id, json)]);
    return { status: 201, body: json };
  });
}

/** Changes name, phone or email; an email already used by another customer is refused. */
export async function updateCustomer(
  ctx: Ctx,
  id: string,
  patch: { email?: string | undefined; name?: string | undefined; phone?: string | null | undefined },
): Promise<CustomerJson> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(customers).where(eq(customers.id, id)).for('update');
    if (!before) throw notFound('Customer', id);
    const email = patch.email === undefined ? undefined : normaliseEmail(patch.email);
    if (email && email !== before.email) {
      const [clash] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.email, email));
      if (clash) throw emailTaken(email);
    }
    const changes = {
      ...(email !== undefined ? { email } : {}),
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
    };
    await tx.update(customers).set({ ...changes, updatedAt: at }).where(eq(customers.id, id));
    const json = await getCustomer(tx, id);
    await recordAudit(tx, { ...ctx, at }, {
      action: 'customer.updated',
      entityType: 'customer',
      entityId: id,
      before: { email: before.email, name: before.name, phone: before.phone },
      after: { email: json.email, name: json.name, phone: json.phone },
    });
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(customerUpdated, id, { id, changed: Object.keys(changes) })]);
    return json;
  });
}
