import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { customerContactPreferences, notificationMessages } from '../../platform/db/schema/index.js';
import { chooseLocale, type Locale } from '../../domain/notifications/locale.js';
import type { TemplateData, TemplateName } from '../../domain/notifications/templates.js';
import { brandingOf, loadNotificationSettings } from './settings.js';

export type MessageRow = typeof notificationMessages.$inferSelect;

export interface QueueInput {
  dedupeKey: string;
  orderId: string | null;
  customerId: string | null;
  template: TemplateName;
  recipient: string;
  data: TemplateData;
  /** The order's own language tag (placed with it): wins over everything else. */
  orderLocale?: string | null;
  /** The message's language, already decided (a resend, a reminder repeating its original). */
  locale?: Locale;
  /** Not sent before then (the merge window of split shipments). */
  notBefore?: Date;
  mergeKey?: string;
  /** How a later event of the same merge key adds to a message still waiting; returns null when it has nothing to add. */
  merge?: (existing: TemplateData) => TemplateData | null;
  /** When the message came to be (default: now): its event's time, so the timeline follows the events' order. */
  createdAt?: Date;
  /** Queued even when the template is switched off (a resend or test send asked for by a person). */
  force?: boolean;
  /** Default e-mail; an SMS goes to the recipient's E.164 number. */
  channel?: 'email' | 'sms';
}

export type QueueOutcome = 'queued' | 'merged' | 'duplicate' | 'disabled';

/**
 * Queues one e-mail in the caller's transaction. Idempotent: a second call with the same dedupe key
 * (the same event and template) does nothing. With a merge key, an event that finds a message of the
 * same key still waiting in its window adds to it instead of queueing another.
 */
export async function queueMessage(tx: Db, deps: { clock: { now(): Date }; newId: () => string }, input: QueueInput): Promise<QueueOutcome> {
  const now = deps.clock.now();
  const settings = brandingOf(await loadNotificationSettings(tx, now));
  if (!input.force && settings.disabledTemplates.includes(input.template)) return 'disabled';
  if (input.mergeKey && input.merge) {
    const [waiting] = await tx
      .select()
      .from(notificationMessages)
      .where(and(eq(notificationMessages.mergeKey, input.mergeKey), eq(notificationMessages.status, 'queued'), eq(notificationMessages.attempts, 0), isNull(notificationMessages.claimedUntil), sql`${notificationMessages.nextAttemptAt} > ${now}`))
      .for('update')
      .limit(1);
    if (waiting) {
      const merged = input.merge(waiting.data as unknown as TemplateData);
      if (merged) await tx.update(notificationMessages).set({ data: merged as unknown as Record<string, unknown>, updatedAt: now }).where(eq(notificationMessages.id, waiting.id));
      return 'merged';
    }
  }
  let locale = input.locale;
  if (!locale) {
    const [pref] = input.customerId ? await tx.select({ locale: customerContactPreferences.locale }).from(customerContactPreferences).where(eq(customerContactPreferences.customerId, input.customerId)) : [];
    locale = chooseLocale({ orderLocale: input.orderLocale ?? null, customerLocale: pref?.locale ?? null, shopLocale: settings.defaultLocale });
  }
  const inserted = await tx
    .insert(notificationMessages)
    .values(messageRow(input, { id: deps.newId(), locale, now }))
    .onConflictDoNothing({ target: notificationMessages.dedupeKey })
    .returning({ id: notificationMessages.id });
  return inserted.length ? 'queued' : 'duplicate';
}

export const queueEmail = queueMessage;

/** The queued row of one message (both enqueue paths write the same columns). */
function messageRow(input: QueueInput, m: { id: string; locale: string; now: Date }) {
  return {
    id: m.id,
    dedupeKey: input.dedupeKey,
    mergeKey: input.mergeKey ?? null,
    orderId: input.orderId,
    customerId: input.customerId,
    template: input.template,
    channel: input.channel ?? 'email',
    recipient: input.recipient,
    locale: m.locale,
    data: input.data as unknown as Record<string, unknown>,
    status: 'queued' as const,
    nextAttemptAt: input.notBefore ?? m.now,
    createdAt: input.createdAt ?? m.now,
    updatedAt: m.now,
  };
}

/**
 * `queueMessage` for several messages in the caller's transaction: the settings and the customers'
 * locales read once and the messages inserted in one statement (an event handler's batch). Inputs
 * with a merge key go through `queueMessage` one by one. Outcomes in the inputs' order.
 */
export async function queueMessages(tx: Db, deps: { clock: { now(): Date }; newId: () => string }, inputs: QueueInput[]): Promise<QueueOutcome[]> {
  const outcomes: QueueOutcome[] = new Array(inputs.length);
  if (inputs.length === 0) return outcomes;
  const now = deps.clock.now();
  const settings = brandingOf(await loadNotificationSettings(tx, now));
  const plain: number[] = [];
  for (const [i, input] of inputs.entries()) {
    if (input.mergeKey && input.merge) outcomes[i] = await queueMessage(tx, deps, input);
    else if (!input.force && settings.disabledTemplates.includes(input.template)) outcomes[i] = 'disabled';
    else plain.push(i);
  }
  if (plain.length === 0) return outcomes;
  const customers = [...new Set(plain.flatMap((i) => (inputs[i]!.locale || !inputs[i]!.customerId ? [] : [inputs[i]!.customerId!])))];
  const prefs = customers.length
    ? await tx.select({ customerId: customerContactPreferences.customerId, locale: customerContactPreferences.locale }).from(customerContactPreferences).where(inArray(customerContactPreferences.customerId, customers))
    : [];
  const localeOf = new Map(prefs.map((p) => [p.customerId, p.locale]));
  const rows = plain.map((i) => {
    const input = inputs[i]!;
    const locale = input.locale ?? chooseLocale({ orderLocale: input.orderLocale ?? null, customerLocale: input.customerId ? (localeOf.get(input.customerId) ?? null) : null, shopLocale: settings.defaultLocale });
    return messageRow(input, { id: deps.newId(), locale, now });
  });
  const inserted = await tx.insert(notificationMessages).values(rows).onConflictDoNothing({ target: notificationMessages.dedupeKey }).returning({ id: notificationMessages.id });
  const ids = new Set(inserted.map((r) => r.id));
  plain.forEach((i, k) => (outcomes[i] = ids.has(rows[k]!.id) ? 'queued' : 'duplicate'));
  return outcomes;
}

/** The customer's SMS number when they opted in to SMS, else null. */
export async function smsRecipient(tx: Db, customerId: string | null): Promise<string | null> {
  if (!customerId) return null;
  const [p] = await tx.select({ phone: customerContactPreferences.phoneE164, optIn: customerContactPreferences.smsOptIn }).from(customerContactPreferences).where(eq(customerContactPreferences.customerId, customerId));
  return p?.optIn && p.phone ? p.phone : null;
}
