import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { customers } from './catalog.js';
import { orders } from './orders.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const messageStatuses = ['queued', 'sent', 'failed', 'bounced'] as const;
export type MessageStatus = (typeof messageStatuses)[number];

/**
 * Owned by the notifications module. One row per message to one recipient: queued by an event
 * handler (unique per event + template + channel through `dedupe_key`), claimed by the sender with
 * SKIP LOCKED, retried with backoff. `data` is the template's input snapshot taken when queued;
 * subject/html/text are the rendering actually sent (kept for the order's timeline and resend).
 */
export const notificationMessages = pgTable(
  'notification_messages',
  {
    id: uuid('id').primaryKey(),
    /** `<event id>:<template>:<channel>` (or `resend:<id>`, `test:<id>`): a second queue of the same key does nothing. */
    dedupeKey: text('dedupe_key').notNull().unique(),
    /** Split shipments of one order within the merge window share one message (`<order id>:<template>`). */
    mergeKey: text('merge_key'),
    orderId: uuid('order_id').references(() => orders.id),
    customerId: uuid('customer_id').references(() => customers.id),
    template: text('template').notNull(),
    channel: text('channel').$type<'email' | 'sms'>().notNull(),
    recipient: text('recipient').notNull(),
    locale: text('locale').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<MessageStatus>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    /** A sender that claimed the row holds it until then (a crashed sender's claim expires). */
    claimedUntil: ts('claimed_until'),
    lastError: text('last_error'),
    subject: text('subject'),
    html: text('html'),
    text: text('text'),
    providerMessageId: text('provider_message_id'),
    /** A resend from the console: the message it repeats. */
    resendOf: uuid('resend_of'),
    createdAt: ts('created_at').notNull(),
    sentAt: ts('sent_at'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('notification_messages_due_idx').on(t.nextAttemptAt).where(sql`status = 'queued'`),
    index('notification_messages_order_idx').on(t.orderId, t.createdAt),
    index('notification_messages_merge_idx').on(t.mergeKey).where(sql`status = 'queued'`),
    check('notification_messages_status', sql`${t.status} in ('queued', 'sent', 'failed', 'bounced')`),
    check('notification_messages_channel', sql`${t.channel} in ('email', 'sms')`),
  ],
);

/** Merchant branding and switches: one row (id = 1); absent = defaults. */
export const notificationSettings = pgTable(
  'notification_settings',
  {
    id: integer('id').primaryKey(),
    shopName: text('shop_name').notNull(),
    logoUrl: text('logo_url'),
    primaryColor: text('primary_color').notNull(),
    textColor: text('text_color').notNull(),
    senderEmail: text('sender_email').notNull(),
    senderName: text('sender_name').notNull(),
    replyTo: text('reply_to'),
    supportEmail: text('support_email'),
    defaultLocale: text('default_locale').notNull(),
    disabledTemplates: jsonb('disabled_templates').$type<string[]>().notNull().default([]),
    /** Minutes a shipped message waits for more shipments of the same order (one message for a split). */
    mergeWindowMinutes: integer('merge_window_minutes').notNull().default(10),
    /** Hours after ready-for-pickup an uncollected pickup gets one reminder; null = no reminders. */
    pickupReminderHours: integer('pickup_reminder_hours').default(24),
    /** HMAC key of the signed links in messages (status page, unsubscribe); generated on first use. */
    linkSecret: text('link_secret').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [check('notification_settings_single', sql`${t.id} = 1`)],
);

/** A customer's communication preferences (owned by notifications): locale, SMS opt-in, consent. */
export const customerContactPreferences = pgTable('customer_contact_preferences', {
  customerId: uuid('customer_id').primaryKey().references(() => customers.id),
  locale: text('locale'),
  phoneE164: text('phone_e164'),
  smsOptIn: boolean('sms_opt_in').notNull().default(false),
  marketingConsent: boolean('marketing_consent').notNull().default(false),
  /** Set by the List-Unsubscribe link: no more optional (marketing) e-mail. */
  unsubscribedAt: ts('unsubscribed_at'),
  updatedAt: ts('updated_at').notNull(),
});

/**
 * Owned by notifications. Append-only record of every consent change: who (customer, or only the
 * address when no customer has it), which consent, granted or revoked, from where (an inbound SMS
 * keyword, the console, the unsubscribe link). An inbound message is logged once (`provider_message_id`).
 */
export const notificationConsentLog = pgTable(
  'notification_consent_log',
  {
    id: uuid('id').primaryKey(),
    customerId: uuid('customer_id').references(() => customers.id),
    /** The phone number (E.164) or e-mail address the change is about. */
    address: text('address'),
    consent: text('consent').$type<'sms' | 'marketing'>().notNull(),
    granted: boolean('granted').notNull(),
    source: text('source').$type<'inbound_sms' | 'console' | 'unsubscribe_link'>().notNull(),
    /** The keyword received (STOP, START …) or who changed it. */
    detail: text('detail'),
    providerMessageId: text('provider_message_id').unique(),
    at: ts('at').notNull(),
  },
  (t) => [
    index('notification_consent_log_customer_idx').on(t.customerId, t.at),
    check('notification_consent_log_consent', sql`${t.consent} in ('sms', 'marketing')`),
    check('notification_consent_log_source', sql`${t.source} in ('inbound_sms', 'console', 'unsubscribe_link')`),
  ],
);
