import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { notificationMessages } from '../../platform/db/schema/index.js';
import { messageJson } from './messages.js';

/** The messages sent (or queued) to a customer, newest first: the customer's communication timeline. */
export async function listCustomerMessages(db: Db, customerId: string, limit = 50) {
  const rows = await db
    .select()
    .from(notificationMessages)
    .where(eq(notificationMessages.customerId, customerId))
    .orderBy(desc(notificationMessages.createdAt), desc(notificationMessages.id))
    .limit(limit);
  return rows.map(messageJson);
}

/** Moves messages from one customer to another (customer merge or its undo); only `messageIds` when given. Returns the ids moved. */
export async function reassignCustomerMessages(tx: Db, input: { fromCustomerId: string; toCustomerId: string; messageIds?: readonly string[] }): Promise<string[]> {
  if (input.messageIds && input.messageIds.length === 0) return [];
  const rows = await tx
    .update(notificationMessages)
    .set({ customerId: input.toCustomerId })
    .where(and(eq(notificationMessages.customerId, input.fromCustomerId), input.messageIds ? inArray(notificationMessages.id, [...input.messageIds]) : undefined))
    .returning({ id: notificationMessages.id });
  return rows.map((r) => r.id).sort();
}
