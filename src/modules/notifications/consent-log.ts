import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { notificationConsentLog } from '../../platform/db/schema/index.js';

export type ConsentEntry = Omit<typeof notificationConsentLog.$inferInsert, 'id' | 'at'>;

/** Appends consent changes in the caller's transaction; false when the inbound message was logged before. */
export async function recordConsent(tx: Db, deps: { newId: () => string; at: Date }, entries: ConsentEntry[]): Promise<boolean> {
  if (!entries.length) return true;
  const rows = await tx
    .insert(notificationConsentLog)
    .values(entries.map((e) => ({ ...e, id: deps.newId(), at: deps.at })))
    .onConflictDoNothing({ target: notificationConsentLog.providerMessageId })
    .returning({ id: notificationConsentLog.id });
  return rows.length > 0;
}

/** A customer's consent history, oldest first. */
export async function listConsentLog(db: Db, customerId: string) {
  const rows = await db.select().from(notificationConsentLog).where(eq(notificationConsentLog.customerId, customerId)).orderBy(asc(notificationConsentLog.at), asc(notificationConsentLog.id));
  return rows.map((r) => ({ consent: r.consent, granted: r.granted, source: r.source, address: r.address, detail: r.detail, at: r.at.toISOString() }));
}
