import type { Ctx } from '../platform/context.js';
import type { Db } from '../platform/db/client.js';
import { AppError } from '../platform/errors.js';
import { recordAudit } from '../platform/audit.js';
import { enqueueEvents } from '../platform/outbox/outbox.js';
import { newEvent } from '../platform/events/define.js';
import { actorLabel } from '../platform/auth/roles.js';
import {
  customerMerged,
  customerMergeUndone,
  lockCustomers,
  lockCustomersForMerge,
  lockMergeForUndo,
  moveAddressesForMerge,
  recordCustomerMerge,
  recordMergeUndone,
  restoreAddressesAfterMerge,
  type CustomerMergeJson,
  type MergeRecord,
} from '../modules/customers/index.js';
import { reassignCustomerOrders } from '../modules/orders/index.js';
import { addStoreCredit, reassignCustomerReturns, storeCreditOf } from '../modules/returns/index.js';
import { mergeContactPreferences, reassignCustomerMessages, restoreContactPreferencesAfterMerge } from '../modules/notifications/index.js';
import { reassignCustomerCases } from '../modules/support/index.js';
import { reassignCustomerAssessments } from '../modules/risk/index.js';
import { copyCustomerTags, reassignCustomerNotes, removeCustomerTags } from '../modules/notes/index.js';

const MERGE_REASON = 'customer_merge';
const UNDO_REASON = 'customer_merge_undone';

/** Store credit balances of a customer that are not zero (minor units per currency). */
async function balancesOf(tx: Db, customerId: string): Promise<Array<{ amount: number; currency: string }>> {
  return (await storeCreditOf(tx, customerId)).balances.filter((b) => b.amount !== 0);
}

/**
 * Merges the source customer into the target in ONE transaction: orders, returns, messages, risk
 * history, notes, tags, addresses, store credit, support cases and contact preferences (consent) move
 * through each owner's exported function (analytics re-keys its facts on `customer.merged`); the
 * source is marked merged into the target; the record of what moved (ids per table) is stored, audited
 * and carried by `customer.merged`, so `undoCustomerMerge` moves exactly those back.
 */
export async function mergeCustomers(ctx: Ctx, input: { targetId: string; sourceId: string }): Promise<CustomerMergeJson> {
  const at = ctx.clock.now();
  const actor = actorLabel(ctx.actor);
  return ctx.db.transaction(async (tx) => {
    const { target, source } = await lockCustomersForMerge(tx, input.targetId, input.sourceId);
    const move = { fromCustomerId: source.id, toCustomerId: target.id };
    const storeCredit = await balancesOf(tx, source.id);
    for (const b of storeCredit) {
      await addStoreCredit(tx, { customerId: source.id, currency: b.currency, amount: -BigInt(b.amount), reason: MERGE_REASON, actor, at });
      await addStoreCredit(tx, { customerId: target.id, currency: b.currency, amount: BigInt(b.amount), reason: MERGE_REASON, actor, at });
    }
    const moved: MergeRecord = {
      orders: await reassignCustomerOrders(tx, move),
      returns: await reassignCustomerReturns(tx, move),
      notificationMessages: await reassignCustomerMessages(tx, move),
      riskAssessments: await reassignCustomerAssessments(tx, move),
      notes: await reassignCustomerNotes(tx, move),
      tagsAdded: await copyCustomerTags(tx, { ...move, at }),
      addresses: await moveAddressesForMerge(tx, { ...move, at }),
      storeCredit,
      supportCases: await reassignCustomerCases(tx, move),
      contactPreferences: await mergeContactPreferences(tx, { ...move, at }),
    };
    const merge = await recordCustomerMerge(tx, { id: ctx.newId(), targetId: target.id, sourceId: source.id, moved, actor, at });
    await recordAudit(tx, { ...ctx, at }, {
      action: 'customer.merged',
      entityType: 'customer',
      entityId: target.id,
      before: { source: { id: source.id, email: source.email, name: source.name } },
      after: { mergeId: merge.id, sourceId: source.id, moved },
    });
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(customerMerged, target.id, { mergeId: merge.id, targetId: target.id, sourceId: source.id, moved })]);
    return merge;
  });
}

const mismatch = (what: string, expected: number, got: number) =>
  new AppError('conflict', `The merge cannot be undone exactly: ${expected} ${what} moved, ${got} of them are still with the target`);

/**
 * Undoes a merge by its record: exactly the recorded rows go back to the source (checked: a row no longer
 * with the target refuses the undo, 409), the tags it added are taken off the target, the addresses get
 * their default flags back, the store credit carried over returns, the source's contact preferences
 * come back (the target's too, unless changed since the merge). One transaction, audited, `customer.merge_undone`.
 */
export async function undoCustomerMerge(ctx: Ctx, mergeId: string): Promise<CustomerMergeJson> {
  const at = ctx.clock.now();
  const actor = actorLabel(ctx.actor);
  return ctx.db.transaction(async (tx) => {
    const m = await lockMergeForUndo(tx, mergeId);
    const [a, b] = await lockCustomers(tx, [m.targetId, m.sourceId]);
    const target = [a, b].find((c) => c?.id === m.targetId)!;
    if (target.mergedIntoId) throw new AppError('business_rule', `Customer ${target.id} was merged into ${target.mergedIntoId} since; undo that merge first`);
    const moved = m.moved as MergeRecord;
    const back = { fromCustomerId: m.targetId, toCustomerId: m.sourceId };
    const check = <T>(what: string, expected: readonly T[], got: readonly T[]) => {
      if (got.length !== expected.length) throw mismatch(what, expected.length, got.length);
    };
    check('orders', moved.orders, await reassignCustomerOrders(tx, { ...back, orderIds: moved.orders }));
    check('returns', moved.returns, await reassignCustomerReturns(tx, { ...back, returnIds: moved.returns }));
    check('messages', moved.notificationMessages, await reassignCustomerMessages(tx, { ...back, messageIds: moved.notificationMessages }));
    check('risk assessments', moved.riskAssessments, await reassignCustomerAssessments(tx, { ...back, assessmentIds: moved.riskAssessments }));
    check('notes', moved.notes, await reassignCustomerNotes(tx, { ...back, noteIds: moved.notes }));
    check('support cases', moved.supportCases ?? [], await reassignCustomerCases(tx, { ...back, caseIds: moved.supportCases ?? [] }));
    if (moved.contactPreferences) await restoreContactPreferencesAfterMerge(tx, { targetId: m.targetId, sourceId: m.sourceId, merged: moved.contactPreferences, mergedAt: new Date(m.mergedAt) });
    await removeCustomerTags(tx, m.targetId, moved.tagsAdded);
    await restoreAddressesAfterMerge(tx, { fromCustomerId: m.targetId, toCustomerId: m.sourceId, moved: moved.addresses, at });
    const targetCredit = await balancesOf(tx, m.targetId);
    for (const c of moved.storeCredit) {
      const has = targetCredit.find((t) => t.currency === c.currency)?.amount ?? 0;
      if (has < c.amount) throw new AppError('conflict', `The target has ${has} ${c.currency} store credit left of the ${c.amount} carried over; the merge cannot be undone exactly`);
      await addStoreCredit(tx, { customerId: m.targetId, currency: c.currency, amount: -BigInt(c.amount), reason: UNDO_REASON, actor, at });
      await addStoreCredit(tx, { customerId: m.sourceId, currency: c.currency, amount: BigInt(c.amount), reason: UNDO_REASON, actor, at });
    }
    const undone = await recordMergeUndone(tx, { mergeId, sourceId: m.sourceId, actor, at });
    await recordAudit(tx, { ...ctx, at }, { action: 'customer.merge_undone', entityType: 'customer', entityId: m.targetId, before: { mergeId, moved }, after: { sourceId: m.sourceId } });
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(customerMergeUndone, m.targetId, { mergeId, targetId: m.targetId, sourceId: m.sourceId, moved })]);
    return undone;
  });
}
