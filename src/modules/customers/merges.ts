import { and, asc, desc, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { customerMerges, customers } from '../../platform/db/schema/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { CustomerRow } from './customers.repository.js';
import type { CustomerMergeJson } from './customers.schemas.js';

type MergeRow = typeof customerMerges.$inferSelect;

export const toMergeJson = (m: MergeRow): CustomerMergeJson => ({
  id: m.id,
  targetId: m.targetId,
  sourceId: m.sourceId,
  moved: m.moved,
  actor: m.actor,
  mergedAt: m.mergedAt.toISOString(),
  undoneAt: m.undoneAt ? m.undoneAt.toISOString() : null,
  undoneBy: m.undoneBy,
});

const refuse = (message: string, path = 'sourceCustomerId') => new AppError('business_rule', message, { errors: [{ path, message }] });

/**
 * Locks both customers (in id order, the same order for every merge and undo: no deadlock) and checks
 * a merge of `sourceId` into `targetId` may happen: two different customers, neither merged already.
 */
export async function lockCustomersForMerge(tx: Db, targetId: string, sourceId: string): Promise<{ target: CustomerRow; source: CustomerRow }> {
  if (targetId === sourceId) throw refuse('A customer cannot be merged into itself');
  const rows = await tx.select().from(customers).where(inArray(customers.id, [targetId, sourceId])).orderBy(asc(customers.id)).for('update');
  const target = rows.find((r) => r.id === targetId);
  const source = rows.find((r) => r.id === sourceId);
  if (!target) throw notFound('Customer', targetId);
  if (!source) throw refuse(`Customer ${sourceId} does not exist`);
  if (source.mergedIntoId) throw refuse(`Customer ${sourceId} was already merged into ${source.mergedIntoId}`);
  if (target.mergedIntoId) throw refuse(`Customer ${targetId} was merged into ${target.mergedIntoId}; merge into that customer instead`, 'id');
  return { target, source };
}

/** Marks the source as merged into the target and stores the record of what moved. */
export async function recordCustomerMerge(
  tx: Db,
  input: { id: string; targetId: string; sourceId: string; moved: Record<string, unknown>; actor: string; at: Date },
): Promise<CustomerMergeJson> {
  await tx.update(customers).set({ mergedIntoId: input.targetId, mergedAt: input.at, updatedAt: input.at }).where(eq(customers.id, input.sourceId));
  const [row] = await tx
    .insert(customerMerges)
    .values({ id: input.id, targetId: input.targetId, sourceId: input.sourceId, moved: input.moved, actor: input.actor, mergedAt: input.at })
    .returning();
  return toMergeJson(row!);
}

/** Locks a merge for its undo: 404 when unknown, 409 when already undone. */
export async function lockMergeForUndo(tx: Db, mergeId: string): Promise<CustomerMergeJson> {
  const [m] = await tx.select().from(customerMerges).where(eq(customerMerges.id, mergeId)).for('update');
  if (!m) throw notFound('Customer merge', mergeId);
  if (m.undoneAt) throw new AppError('conflict', `Merge ${mergeId} was already undone at ${m.undoneAt.toISOString()}`);
  return toMergeJson(m);
}

/** After the undo moved everything back: the source is a customer of its own again and the merge is marked undone. */
export async function recordMergeUndone(tx: Db, input: { mergeId: string; sourceId: string; actor: string; at: Date }): Promise<CustomerMergeJson> {
  await tx.update(customers).set({ mergedIntoId: null, mergedAt: null, updatedAt: input.at }).where(eq(customers.id, input.sourceId));
  const [row] = await tx
    .update(customerMerges)
    .set({ undoneAt: input.at, undoneBy: input.actor })
    .where(and(eq(customerMerges.id, input.mergeId), isNull(customerMerges.undoneAt)))
    .returning();
  return toMergeJson(row!);
}

/** Merges a customer took part in (as target or source), newest first. */
export async function listCustomerMerges(db: Db, customerId: string): Promise<CustomerMergeJson[]> {
  const rows = await db
    .select()
    .from(customerMerges)
    .where(or(eq(customerMerges.targetId, customerId), eq(customerMerges.sourceId, customerId)))
    .orderBy(desc(customerMerges.mergedAt), desc(customerMerges.id));
  return rows.map(toMergeJson);
}

/** Locks customer rows in id order (the order merges use). */
export async function lockCustomers(tx: Db, ids: string[]): Promise<CustomerRow[]> {
  return tx.select().from(customers).where(inArray(customers.id, ids)).orderBy(asc(customers.id)).for('update');
}
