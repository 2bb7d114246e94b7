import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { notificationSettings } from '../../platform/db/schema/index.js';
import type { Locale } from '../../domain/notifications/locale.js';
import { isTemplateName, type TemplateName } from '../../domain/notifications/templates.js';
import type { Ctx } from '../../platform/context.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { recordAudit } from '../../platform/audit.js';
import { notificationSettingsUpdated } from './notifications.events.js';

export type NotificationSettingsRow = typeof notificationSettings.$inferSelect;

export interface Branding {
  shopName: string;
  logoUrl: string | null;
  primaryColor: string;
  textColor: string;
  senderEmail: string;
  senderName: string;
  replyTo: string | null;
  supportEmail: string | null;
  defaultLocale: Locale;
  disabledTemplates: TemplateName[];
  mergeWindowMinutes: number;
  /** Hours after ready-for-pickup an uncollected pickup gets a reminder (null = none). */
  pickupReminderHours: number | null;
}

export const defaultBranding: Branding = {
  shopName: 'Ordo Shop',
  logoUrl: null,
  primaryColor: '#1c7ed6',
  textColor: '#212529',
  senderEmail: 'shop@example.com',
  senderName: 'Ordo Shop',
  replyTo: null,
  supportEmail: null,
  defaultLocale: 'en',
  disabledTemplates: [],
  mergeWindowMinutes: 10,
  pickupReminderHours: 24,
};

/** The settings row, created with defaults and a fresh link secret on first use. */
export async function loadNotificationSettings(db: Db, now: Date): Promise<NotificationSettingsRow> {
  const [row] = await db.select().from(notificationSettings).where(eq(notificationSettings.id, 1));
  if (row) return row;
  await db
    .insert(notificationSettings)
    .values({ id: 1, ...defaultBranding, linkSecret: randomBytes(32).toString('base64url'), updatedAt: now })
    .onConflictDoNothing();
  const [created] = await db.select().from(notificationSettings).where(eq(notificationSettings.id, 1));
  return created!;
}

export const brandingOf = (r: NotificationSettingsRow): Branding => ({
  shopName: r.shopName,
  logoUrl: r.logoUrl,
  primaryColor: r.primaryColor,
  textColor: r.textColor,
  senderEmail: r.senderEmail,
  senderName: r.senderName,
  replyTo: r.replyTo,
  supportEmail: r.supportEmail,
  defaultLocale: r.defaultLocale as Locale,
  disabledTemplates: r.disabledTemplates.filter(isTemplateName),
  mergeWindowMinutes: r.mergeWindowMinutes,
  pickupReminderHours: r.pickupReminderHours,
});

/** Replaces the branding and switches (the link secret stays), with its audit row and event, in one transaction. */
export async function saveNotificationSettings(ctx: Ctx, input: Branding): Promise<Branding> {
  return ctx.db.transaction(async (tx) => {
    const at = ctx.clock.now();
    const before = brandingOf(await loadNotificationSettings(tx, at));
    const [row] = await tx.update(notificationSettings).set({ ...input, updatedAt: at }).where(eq(notificationSettings.id, 1)).returning();
    const after = brandingOf(row!);
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(notificationSettingsUpdated, '1', { disabledTemplates: after.disabledTemplates, defaultLocale: after.defaultLocale })]);
    await recordAudit(tx, { ...ctx, at }, { action: 'notification_settings.updated', entityType: 'notification_settings', entityId: '1', before, after });
    return after;
  });
}
