import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { customerContactPreferences } from '../../platform/db/schema/index.js';

type Row = typeof customerContactPreferences.$inferSelect;

/** A customer's stored contact preferences (consent included), as a merge record keeps them. */
export interface PreferencesSnapshot {
  locale: string | null;
  phone: string | null;
  smsOptIn: boolean;
  marketingConsent: boolean;
  unsubscribedAt: string | null;
  updatedAt: string;
}

/** What a merge did to contact preferences: the source's row, the target's before it, and whose values the target kept. */
export interface PreferencesMerge {
  kept: 'source' | 'target';
  source: PreferencesSnapshot;
  targetBefore: PreferencesSnapshot | null;
}

const snapshot = (r: Row): PreferencesSnapshot => ({
  locale: r.locale,
  phone: r.phoneE164,
  smsOptIn: r.smsOptIn,
  marketingConsent: r.marketingConsent,
  unsubscribedAt: r.unsubscribedAt?.toISOString() ?? null,
  updatedAt: r.updatedAt.toISOString(),
});
const values = (s: PreferencesSnapshot) => ({
  locale: s.locale,
  phoneE164: s.phone,
  smsOptIn: s.smsOptIn,
  marketingConsent: s.marketingConsent,
  unsubscribedAt: s.unsubscribedAt ? new Date(s.unsubscribedAt) : null,
  updatedAt: new Date(s.updatedAt),
});

/**
 * Customer merge: the source's preferences go to the target. Without preferences of its own the target
 * takes the source's row; with both, the more recently stated ones hold (consent given or withdrawn
 * last is the person's word). The source's row is removed either way; the returned record lets
 * `restoreContactPreferencesAfterMerge` put both back. Null when the source had none.
 */
export async function mergeContactPreferences(tx: Db, input: { fromCustomerId: string; toCustomerId: string; at: Date }): Promise<PreferencesMerge | null> {
  const rows = await tx
    .select()
    .from(customerContactPreferences)
    .where(inArray(customerContactPreferences.customerId, [input.fromCustomerId, input.toCustomerId]))
    .orderBy(asc(customerContactPreferences.customerId))
    .for('update');
  const source = rows.find((r) => r.customerId === input.fromCustomerId);
  const target = rows.find((r) => r.customerId === input.toCustomerId);
  if (!source) return null;
  if (!target) {
    await tx.update(customerContactPreferences).set({ customerId: input.toCustomerId }).where(eq(customerContactPreferences.customerId, input.fromCustomerId));
    return { kept: 'source', source: snapshot(source), targetBefore: null };
  }
  const kept = source.updatedAt > target.updatedAt ? 'source' : 'target';
  if (kept === 'source') await tx.update(customerContactPreferences).set({ ...values(snapshot(source)), updatedAt: input.at }).where(eq(customerContactPreferences.customerId, input.toCustomerId));
  await tx.delete(customerContactPreferences).where(eq(customerContactPreferences.customerId, input.fromCustomerId));
  return { kept, source: snapshot(source), targetBefore: snapshot(target) };
}

/**
 * Undo of a merge: the source gets its preferences back and the target those it had before, unless
 * the target's were changed after the merge (then they are the person's latest word and stay).
 */
export async function restoreContactPreferencesAfterMerge(tx: Db, input: { targetId: string; sourceId: string; merged: PreferencesMerge; mergedAt: Date }): Promise<void> {
  const [now] = await tx.select().from(customerContactPreferences).where(eq(customerContactPreferences.customerId, input.targetId)).for('update');
  const changedSince = now !== undefined && now.updatedAt > input.mergedAt;
  if (!changedSince) {
    const before = input.merged.targetBefore;
    if (before === null) await tx.delete(customerContactPreferences).where(eq(customerContactPreferences.customerId, input.targetId));
    else await tx.update(customerContactPreferences).set(values(before)).where(eq(customerContactPreferences.customerId, input.targetId));
  }
  const source = values(input.merged.source);
  await tx
    .insert(customerContactPreferences)
    .values({ customerId: input.sourceId, ...source })
    .onConflictDoUpdate({ target: customerContactPreferences.customerId, set: source });
}
