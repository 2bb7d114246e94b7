import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { riskAssessments } from '../../platform/db/schema/index.js';

/**
 * Moves risk assessments from one customer to another (customer merge or its undo), so the customer
 * history rules see the merged history; only `assessmentIds` when given. Returns the ids moved.
 */
export async function reassignCustomerAssessments(tx: Db, input: { fromCustomerId: string; toCustomerId: string; assessmentIds?: readonly number[] }): Promise<number[]> {
  if (input.assessmentIds && input.assessmentIds.length === 0) return [];
  const rows = await tx
    .update(riskAssessments)
    .set({ customerId: input.toCustomerId })
    .where(and(eq(riskAssessments.customerId, input.fromCustomerId), input.assessmentIds ? inArray(riskAssessments.id, [...input.assessmentIds]) : undefined))
    .returning({ id: riskAssessments.id });
  return rows.map((r) => r.id).sort((a, b) => a - b);
}
