import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { customerAddresses, customers, type Address } from '../../platform/db/schema/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { customerUpdated } from './customers.events.js';
import type { CustomerAddressJson } from './customers.schemas.js';

type AddressRow = typeof customerAddresses.$inferSelect;

const toJson = (r: AddressRow): CustomerAddressJson => ({
  id: r.id,
  customerId: r.customerId,
  label: r.label,
  address: r.address as unknown as Record<string, unknown>,
  defaultShipping: r.defaultShipping,
  defaultBilling: r.defaultBilling,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** A customer's address book: defaults first, then oldest first. */
export async function listAddresses(db: Db, customerId: string): Promise<CustomerAddressJson[]> {
  const rows = await db.select().from(customerAddresses).where(eq(customerAddresses.customerId, customerId)).orderBy(asc(customerAddresses.createdAt), asc(customerAddresses.id));
  return rows.map(toJson).sort((a, b) => Number(b.defaultShipping || b.defaultBilling) - Number(a.defaultShipping || a.defaultBilling));
}

/** Locks the customer row; 404 when absent, 422 when it was merged into another (its history lives there). */
async function lockLiveCustomer(tx: Db, customerId: string) {
  const [c] = await tx.select().from(customers).where(eq(customers.id, customerId)).for('update');
  if (!c) throw notFound('Customer', customerId);
  if (c.mergedIntoId) throw new AppError('business_rule', `Customer ${customerId} was merged into ${c.mergedIntoId}; change that customer instead`);
  return c;
}

/** A new default takes the flag from the customer's previous default of the same kind. */
async function clearDefaults(tx: Db, customerId: string, kinds: { shipping: boolean; billing: boolean }, at: Date) {
  if (kinds.shipping) await tx.update(customerAddresses).set({ defaultShipping: false, updatedAt: at }).where(and(eq(customerAddresses.customerId, customerId), eq(customerAddresses.defaultShipping, true)));
  if (kinds.billing) await tx.update(customerAddresses).set({ defaultBilling: false, updatedAt: at }).where(and(eq(customerAddresses.customerId, customerId), eq(customerAddresses.defaultBilling, true)));
}

type AddressInput = { label?: string | null | undefined; address: Omit<Address, 'latitude' | 'longitude'>; defaultShipping?: boolean | undefined; defaultBilling?: boolean | undefined };

/** Adds an address; the customer's first address becomes the default for shipping and billing. */
export async function addAddress(ctx: Ctx, customerId: string, input: AddressInput): Promise<CustomerAddressJson> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await lockLiveCustomer(tx, customerId);
    const [first] = await tx.select({ id: customerAddresses.id }).from(customerAddresses).where(eq(customerAddresses.customerId, customerId)).limit(1);
    const defaultShipping = input.defaultShipping ?? !first;
    const defaultBilling = input.defaultBilling ?? !first;
    await clearDefaults(tx, customerId, { shipping: defaultShipping, billing: defaultBilling }, at);
    const [row] = await tx
      .insert(customerAddresses)
      .values({ id: ctx.newId(), customerId, label: input.label ?? null, address: input.address, defaultShipping, defaultBilling, createdAt: at, updatedAt: at })
      .returning();
    await recordAudit(tx, { ...ctx, at }, { action: 'customer.address_added', entityType: 'customer', entityId: customerId, after: toJson(row!) });
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(customerUpdated, customerId, { id: customerId, changed: ['addresses'] })]);
    return toJson(row!);
  });
}

export async function updateAddress(ctx: Ctx, customerId: string, id: string, patch: Partial<AddressInput>): Promise<CustomerAddressJson> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await lockLiveCustomer(tx, customerId);
    const [before] = await tx.select().from(customerAddresses).where(and(eq(customerAddresses.id, id), eq(customerAddresses.customerId, customerId)));
    if (!before) throw notFound('Address', id);
    await clearDefaults(tx, customerId, { shipping: patch.defaultShipping === true && !before.defaultShipping, billing: patch.defaultBilling === true && !before.defaultBilling }, at);
    const [row] = await tx
      .update(customerAddresses)
      .set({
        ...(patch.label !== undefined ? { label: patch.label } : {}),
        ...(patch.address !== undefined ? { address: patch.address } : {}),
        ...(patch.defaultShipping !== undefined ? { defaultShipping: patch.defaultShipping } : {}),
        ...(patch.defaultBilling !== undefined ? { defaultBilling: patch.defaultBilling } : {}),
        updatedAt: at,
      })
      .where(eq(customerAddresses.id, id))
      .returning();
    await recordAudit(tx, { ...ctx, at }, { action: 'customer.address_changed', entityType: 'customer', entityId: customerId, before: toJson(before), after: toJson(row!) });
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(customerUpdated, customerId, { id: customerId, changed: ['addresses'] })]);
    return toJson(row!);
  });
}

export async function deleteAddress(ctx: Ctx, customerId: string, id: string): Promise<CustomerAddressJson> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await lockLiveCustomer(tx, customerId);
    const [row] = await tx.delete(customerAddresses).where(and(eq(customerAddresses.id, id), eq(customerAddresses.customerId, customerId))).returning();
    if (!row) throw notFound('Address', id);
    await recordAudit(tx, { ...ctx, at }, { action: 'customer.address_deleted', entityType: 'customer', entityId: customerId, before: toJson(row) });
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(customerUpdated, customerId, { id: customerId, changed: ['addresses'] })]);
    return toJson(row);
  });
}

export interface MovedAddress {
  id: string;
  defaultShipping: boolean;
  defaultBilling: boolean;
}

/**
 * Moves the source's addresses to the target (a merge). A moved address keeps its default flag only
 * where the target has no default of that kind. Returns each moved address with its flags before the move.
 */
export async function moveAddressesForMerge(tx: Db, input: { fromCustomerId: string; toCustomerId: string; at: Date }): Promise<MovedAddress[]> {
  const src = await tx.select().from(customerAddresses).where(eq(customerAddresses.customerId, input.fromCustomerId));
  if (src.length === 0) return [];
  const dst = await tx.select().from(customerAddresses).where(eq(customerAddresses.customerId, input.toCustomerId));
  const hasShip = dst.some((a) => a.defaultShipping);
  const hasBill = dst.some((a) => a.defaultBilling);
  for (const a of src) {
    await tx
      .update(customerAddresses)
      .set({ customerId: input.toCustomerId, defaultShipping: a.defaultShipping && !hasShip, defaultBilling: a.defaultBilling && !hasBill, updatedAt: input.at })
      .where(eq(customerAddresses.id, a.id));
  }
  return src.map((a) => ({ id: a.id, defaultShipping: a.defaultShipping, defaultBilling: a.defaultBilling })).sort((a, b) => a.id.localeCompare(b.id));
}

/** Undo of a merge: the recorded addresses go back to the source with the flags they had. */
export async function restoreAddressesAfterMerge(tx: Db, input: { toCustomerId: string; fromCustomerId: string; moved: readonly MovedAddress[]; at: Date }): Promise<void> {
  if (input.moved.length === 0) return;
  const ids = input.moved.map((a) => a.id);
  // Flags first cleared, so restoring the source's defaults never meets a second default of the same kind.
  await tx.update(customerAddresses).set({ defaultShipping: false, defaultBilling: false }).where(and(inArray(customerAddresses.id, ids), eq(customerAddresses.customerId, input.fromCustomerId)));
  for (const a of input.moved) {
    await tx
      .update(customerAddresses)
      .set({ customerId: input.toCustomerId, defaultShipping: a.defaultShipping, defaultBilling: a.defaultBilling, updatedAt: input.at })
      .where(and(eq(customerAddresses.id, a.id), eq(customerAddresses.customerId, input.fromCustomerId)));
  }
}
