import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { notificationMessages } from '../../platform/db/schema/index.js';
import type { TemplateData } from '../../domain/notifications/templates.js';
import type { Locale } from '../../domain/notifications/locale.js';
import { pickupsAwaitingCollection } from '../fulfillment/index.js';
import { queueMessages, smsRecipient, type QueueInput } from './queue.js';
import { brandingOf, loadNotificationSettings } from './settings.js';

/** One reminder per pickup (fulfillment order) and channel, whatever runs the job and how often. */
export const pickupReminderKey = (fulfillmentOrderId: string, channel: 'email' | 'sms') => `pickup_reminder:${fulfillmentOrderId}:${channel}`;

/**
 * The periodic pickup reminder (job `send-pickup-reminders`, once per cluster): every store pickup
 * still waiting `pickupReminderHours` after it became ready gets one `pickup_reminder`, queued like any
 * message (the sender job delivers it). The pickup code is stored hashed by fulfillment, so the
 * reminder repeats the code from the ready-for-pickup message (its data snapshot); a pickup whose
 * ready message was never queued (template switched off) gets no reminder. Returns how many were queued.
 */
export async function sendPickupReminders(deps: { db: Db; clock: { now(): Date }; newId: () => string }): Promise<number> {
  const now = deps.clock.now();
  const { pickupReminderHours: hours } = brandingOf(await loadNotificationSettings(deps.db, now));
  if (hours === null) return 0;
  const due = await pickupsAwaitingCollection(deps.db, { readyBefore: new Date(now.getTime() - hours * 3_600_000), now });
  if (!due.length) return 0;
  const reminded = await deps.db
    .select({ key: notificationMessages.dedupeKey })
    .from(notificationMessages)
    .where(inArray(notificationMessages.dedupeKey, due.map((p) => pickupReminderKey(p.fulfillmentOrderId, 'email'))));
  const done = new Set(reminded.map((r) => r.key));
  const todo = due.filter((p) => !done.has(pickupReminderKey(p.fulfillmentOrderId, 'email')));
  if (!todo.length) return 0;
  const readyMessages = await deps.db
    .select()
    .from(notificationMessages)
    .where(and(eq(notificationMessages.template, 'ready_for_pickup'), eq(notificationMessages.channel, 'email'), isNull(notificationMessages.resendOf), inArray(notificationMessages.orderId, [...new Set(todo.map((p) => p.orderId))])));
  const readyOf = (p: { fulfillmentOrderId: string; orderId: string }) => {
    const ofOrder = readyMessages.filter((m) => m.orderId === p.orderId);
    return ofOrder.find((m) => (m.data as unknown as TemplateData).pickup?.fulfillmentOrderId === p.fulfillmentOrderId) ?? (ofOrder.length === 1 ? ofOrder[0] : undefined);
  };
  return deps.db.transaction(async (tx) => {
    const inputs: QueueInput[] = [];
    for (const p of todo) {
      const ready = readyOf(p);
      if (!ready) continue;
      const base = { orderId: p.orderId, customerId: ready.customerId, template: 'pickup_reminder' as const, data: ready.data as unknown as TemplateData, locale: ready.locale as Locale, createdAt: now };
      inputs.push({ ...base, dedupeKey: pickupReminderKey(p.fulfillmentOrderId, 'email'), recipient: ready.recipient });
      const phone = await smsRecipient(tx, ready.customerId);
      if (phone) inputs.push({ ...base, channel: 'sms', dedupeKey: pickupReminderKey(p.fulfillmentOrderId, 'sms'), recipient: phone });
    }
    const outcomes = await queueMessages(tx, deps, inputs);
    return outcomes.filter((o, i) => o === 'queued' && inputs[i]!.channel !== 'sms').length;
  });
}
