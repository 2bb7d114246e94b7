import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { storeCreditLedger } from '../../platform/db/schema/index.js';
import { moneyJson } from '../../platform/http/schemas.js';

/** Appends a store credit entry (positive = credit given, negative = credit used). */
export async function addStoreCredit(tx: Db, e: { customerId: string; currency: string; amount: bigint; reason: string; returnId?: string | null; orderId?: string | null; actor: string; at: Date }) {
  if (e.amount === 0n) return;
  await tx.insert(storeCreditLedger).values({ customerId: e.customerId, currency: e.currency, amount: e.amount, reason: e.reason, returnId: e.returnId ?? null, orderId: e.orderId ?? null, actor: e.actor, at: e.at });
}

/** A customer's store credit: balance per currency = the sum of its ledger rows, and the rows. */
export async function storeCreditOf(db: Db, customerId: string) {
  const rows = await db.select().from(storeCreditLedger).where(and(eq(storeCreditLedger.customerId, customerId))).orderBy(asc(storeCreditLedger.id));
  const balances = new Map<string, bigint>();
  for (const r of rows) balances.set(r.currency, (balances.get(r.currency) ?? 0n) + r.amount);
  return {
    customerId,
    balances: [...balances].map(([currency, amount]) => moneyJson({ amount, currency })),
    entries: rows.map((r) => ({ id: r.id, amount: moneyJson({ amount: r.amount, currency: r.currency }), reason: r.reason, returnId: r.returnId, orderId: r.orderId, actor: r.actor, at: r.at.toISOString() })),
  };
}
