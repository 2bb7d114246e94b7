import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { supportCases } from '../../platform/db/schema/index.js';

/**
 * Moves support cases from one customer to another (customer merge or its undo); only `caseIds` when
 * given. The case keeps the address it corresponds with. Returns the ids moved.
 */
export async function reassignCustomerCases(tx: Db, input: { fromCustomerId: string; toCustomerId: string; caseIds?: readonly string[] }): Promise<string[]> {
  if (input.caseIds && input.caseIds.length === 0) return [];
  const rows = await tx
    .update(supportCases)
    .set({ customerId: input.toCustomerId })
    .where(and(eq(supportCases.customerId, input.fromCustomerId), input.caseIds ? inArray(supportCases.id, [...input.caseIds]) : undefined))
    .returning({ id: supportCases.id });
  return rows.map((r) => r.id).sort();
}
