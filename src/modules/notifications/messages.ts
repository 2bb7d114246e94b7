import { asc, eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { notificationMessages } from '../../platform/db/schema/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { loadOrder } from '../orders/index.js';
import { isTemplateName, type TemplateData, type TemplateName } from '../../domain/notifications/templates.js';
import type { Locale } from '../../domain/notifications/locale.js';
import type { MessageRow } from './queue.js';
import { queueEmail } from './queue.js';
import { brandingOf, loadNotificationSettings } from './settings.js';
import { messageLinks } from './links.js';
import { renderMessage } from './render.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const messageJson = (m: MessageRow) => ({
  id: m.id,
  orderId: m.orderId,
  template: m.template,
  channel: m.channel,
  recipient: m.recipient,
  locale: m.locale,
  status: m.status,
  attempts: m.attempts,
  nextAttemptAt: m.status === 'queued' ? m.nextAttemptAt.toISOString() : null,
  lastError: m.lastError,
  subject: m.subject,
  createdAt: m.createdAt.toISOString(),
  sentAt: iso(m.sentAt),
  resendOf: m.resendOf,
});

/** The order's messages, oldest first: its communication timeline. */
export async function listOrderMessages(db: Db, orderId: string) {
  await loadOrder(db, orderId);
  const rows = await db.select().from(notificationMessages).where(eq(notificationMessages.orderId, orderId)).orderBy(asc(notificationMessages.createdAt), asc(notificationMessages.id));
  return { items: rows.map(messageJson) };
}

/** Queues the same message again (same data, language and recipient), whatever the template switch says. */
export async function resendMessage(ctx: Ctx, id: string) {
  return ctx.db.transaction(async (tx) => {
    const [m] = await tx.select().from(notificationMessages).where(eq(notificationMessages.id, id));
    if (!m) throw notFound('Message', id);
    if (!isTemplateName(m.template)) throw new AppError('business_rule', `Message ${id} has no template to send again`);
    if (m.status === 'queued') throw new AppError('conflict', `Message ${id} is still queued; it is sent or retried automatically`);
    const newId = ctx.newId();
    await queueEmail(tx, { clock: ctx.clock, newId: () => newId }, {
      dedupeKey: `resend:${newId}`,
      orderId: m.orderId,
      customerId: m.customerId,
      template: m.template,
      recipient: m.recipient,
      locale: m.locale as Locale,
      data: m.data as unknown as TemplateData,
      force: true,
    });
    await tx.update(notificationMessages).set({ resendOf: m.id }).where(eq(notificationMessages.id, newId));
    await recordAudit(tx, { ...ctx, at: ctx.clock.now() }, { action: 'notification.resent', entityType: 'notification_message', entityId: newId, before: { id: m.id, status: m.status }, after: { id: newId, status: 'queued' } });
    const [row] = await tx.select().from(notificationMessages).where(eq(notificationMessages.id, newId));
    return messageJson(row!);
  });
}

/** Made-up order data for previews and test sends. */
export function sampleData(template: TemplateName, locale: Locale): TemplateData {
  return {
    order: {
      number: 'SO-123456',
      customerName: locale === 'de' ? 'Erika Mustermann' : 'Jane Doe',
      currency: 'EUR',
      lines: [
        { name: locale === 'de' ? 'Emaille-Becher' : 'Enamel mug', sku: 'MUG-1', quantity: 2, lineTotal: 2598 },
        { name: locale === 'de' ? 'Füllfederhalter' : 'Fountain pen', sku: 'PEN-1', quantity: 1, lineTotal: 4990 },
      ],
      totals: { subtotal: 7588, shipping: 490, discount: 0, tax: 1290, total: 8078 },
    },
    shipments: [{ number: 'SH-000001', carrier: 'dhl', trackingNumbers: ['LX123456789DE'], estimatedDelivery: '2026-11-06', lines: [{ name: 'Enamel mug', quantity: 2 }] }],
    backordered: [{ name: 'Fountain pen', quantity: 1 }],
    amount: template === 'refund_issued' ? 2598 : 8078,
    reason: locale === 'de' ? 'auf Wunsch des Kunden' : 'at the customer’s request',
    message: locale === 'de' ? 'Empfänger nicht angetroffen' : 'recipient not at home',
    pickup: { code: '123456', location: 'Mitte store', expiresAt: '2026-11-11T18:00:00Z' },
    promisedDate: '2026-11-05',
    estimatedDelivery: '2026-11-07',
    proofOfDelivery: { signedBy: 'J. Doe', at: '2026-11-06T10:12:00Z' },
    // No id: a sample has no label PDF to attach.
    return: { id: '', number: 'R-SO-123456-1', lines: [{ name: locale === 'de' ? 'Emaille-Becher' : 'Enamel mug', quantity: 1 }], label: { carrier: 'ordo-post', trackingNumber: 'OP123456789' } },
  };
}

/** A template rendered with sample data and the current branding (nothing is queued). */
export async function previewTemplate(db: Db, now: Date, publicUrl: string, template: TemplateName, locale: Locale) {
  const settings = await loadNotificationSettings(db, now);
  const links = messageLinks(publicUrl, settings.linkSecret, { orderId: 'preview', customerId: 'preview' });
  return { template, locale, ...(await renderMessage(template, sampleData(template, locale), locale, brandingOf(settings), links)) };
}

/** Queues a template with sample data to any address (sent by the sender job like any message). */
export async function testSend(ctx: Ctx, input: { template: TemplateName; locale: Locale; to: string }) {
  const id = ctx.newId();
  await ctx.db.transaction(async (tx) => {
    await queueEmail(tx, { clock: ctx.clock, newId: () => id }, { dedupeKey: `test:${id}`, orderId: null, customerId: null, template: input.template, recipient: input.to, locale: input.locale, data: sampleData(input.template, input.locale), force: true });
    await recordAudit(tx, { ...ctx, at: ctx.clock.now() }, { action: 'notification.test_sent', entityType: 'notification_message', entityId: id, after: { template: input.template, to: input.to } });
  });
  const [row] = await ctx.db.select().from(notificationMessages).where(eq(notificationMessages.id, id));
  return messageJson(row!);
}
