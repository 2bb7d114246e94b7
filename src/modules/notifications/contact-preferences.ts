import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { customerContactPreferences } from '../../platform/db/schema/index.js';
import { recordAudit } from '../../platform/audit.js';
import { recordConsent } from './consent-log.js';
import { getCustomer } from '../customers/index.js';
import { isE164, locales } from '../../domain/notifications/locale.js';

export const contactPreferencesSchema = z
  .object({
    locale: z.enum(locales).nullable().describe('Language of messages; null = the order’s / the shop’s'),
    phone: z
      .string()
      .trim()
      .refine(isE164, 'must be an E.164 phone number such as +491701234567')
      .nullable(),
    smsOptIn: z.boolean().describe('Transactional SMS (shipped, out for delivery, pickup) to `phone`'),
    marketingConsent: z.boolean().describe('Optional (marketing) messages; cleared by the unsubscribe link'),
  })
  .refine((p) => !p.smsOptIn || p.phone !== null, { message: 'is required for SMS', path: ['phone'] })
  .meta({ id: 'ContactPreferences' });
export type ContactPreferences = z.infer<typeof contactPreferencesSchema>;

const json = (r: typeof customerContactPreferences.$inferSelect | undefined) => ({
  locale: (r?.locale as ContactPreferences['locale']) ?? null,
  phone: r?.phoneE164 ?? null,
  smsOptIn: r?.smsOptIn ?? false,
  marketingConsent: r?.marketingConsent ?? false,
  unsubscribedAt: r?.unsubscribedAt?.toISOString() ?? null,
});

export async function getContactPreferences(db: Db, customerId: string) {
  await getCustomer(db, customerId);
  const [r] = await db.select().from(customerContactPreferences).where(eq(customerContactPreferences.customerId, customerId));
  return json(r);
}

/** Replaces a customer's preferences (consent changes are audited: who recorded which consent, when). */
export async function saveContactPreferences(ctx: Ctx, customerId: string, p: ContactPreferences) {
  await getCustomer(ctx.db, customerId);
  return ctx.db.transaction(async (tx) => {
    const at = ctx.clock.now();
    const [before] = await tx.select().from(customerContactPreferences).where(eq(customerContactPreferences.customerId, customerId)).for('update');
    const values = { locale: p.locale, phoneE164: p.phone, smsOptIn: p.smsOptIn, marketingConsent: p.marketingConsent, ...(p.marketingConsent ? { unsubscribedAt: null } : {}), updatedAt: at };
    const [row] = await tx
      .insert(customerContactPreferences)
      .values({ customerId, ...values })
      .onConflictDoUpdate({ target: customerContactPreferences.customerId, set: values })
      .returning();
    const changes = [
      ...((before?.smsOptIn ?? false) !== p.smsOptIn ? [{ consent: 'sms' as const, granted: p.smsOptIn, address: p.phone }] : []),
      ...((before?.marketingConsent ?? false) !== p.marketingConsent ? [{ consent: 'marketing' as const, granted: p.marketingConsent, address: null }] : []),
    ];
    await recordConsent(tx, { newId: ctx.newId, at }, changes.map((c) => ({ ...c, customerId, source: 'console' as const, detail: ctx.actor.name ?? ctx.actor.id })));
    await recordAudit(tx, { ...ctx, at }, { action: 'customer.contact_preferences_updated', entityType: 'customer', entityId: customerId, before: json(before), after: json(row) });
    return json(row);
  });
}
