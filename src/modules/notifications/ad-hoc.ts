import type { Db } from '../../platform/db/client.js';
import { notificationMessages } from '../../platform/db/schema/index.js';
import { brandingOf, loadNotificationSettings } from './settings.js';

export interface AdHocEmail {
  /** Unique per message (a second queue of the same key does nothing), e.g. `case-reply:<activity id>`. */
  dedupeKey: string;
  /** What kind of message it is (recorded as its template, e.g. `support_reply`). */
  kind: 'support_reply';
  orderId: string | null;
  customerId: string | null;
  recipient: string;
  subject: string;
  /** Plain text written by a person; the HTML part is the same text, escaped, in the shop's colours. */
  text: string;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Queues a message written by a person (a support agent's reply) in the caller's transaction. It is
 * rendered now (subject, text, simple HTML), so the sender sends it as stored, with the same retries,
 * bounce handling and notification.sent / failed events as every template message. Always sent:
 * switches for automatic templates do not apply to a reply someone wrote.
 */
export async function queueAdHocEmail(tx: Db, deps: { clock: { now(): Date }; newId: () => string }, m: AdHocEmail): Promise<{ messageId: string; queued: boolean }> {
  const now = deps.clock.now();
  const brand = brandingOf(await loadNotificationSettings(tx, now));
  const color = /^#[0-9a-fA-F]{3,8}$/.test(brand.primaryColor) ? brand.primaryColor : '#1c7ed6';
  const paragraphs = m.text.split(/\n{2,}/).map((p) => `<p style="margin:0 0 14px">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`);
  const html = `<!doctype html><html><body style="margin:0;background:#f4f5f7"><div style="max-width:600px;margin:0 auto;padding:24px;font-family:Helvetica,Arial,sans-serif;font-size:15px;line-height:22px;color:#212529"><div style="font-size:20px;font-weight:bold;color:${color};margin-bottom:16px">${escapeHtml(brand.shopName)}</div><div style="background:#fff;padding:16px">${paragraphs.join('')}</div></div></body></html>`;
  const id = deps.newId();
  const inserted = await tx
    .insert(notificationMessages)
    .values({
      id,
      dedupeKey: m.dedupeKey,
      orderId: m.orderId,
      customerId: m.customerId,
      template: m.kind,
      channel: 'email',
      recipient: m.recipient,
      locale: brand.defaultLocale,
      data: {},
      status: 'queued',
      nextAttemptAt: now,
      subject: m.subject,
      text: m.text,
      html,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: notificationMessages.dedupeKey })
    .returning({ id: notificationMessages.id });
  return { messageId: inserted[0]?.id ?? id, queued: inserted.length > 0 };
}
