import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../platform/db/client.js';
import { notificationMessages } from '../../platform/db/schema/index.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { systemActor } from '../../platform/auth/roles.js';
import { isTemplateName, type TemplateData, type TemplateName } from '../../domain/notifications/templates.js';
import type { Locale } from '../../domain/notifications/locale.js';
import { brandingOf, loadNotificationSettings, type Branding } from './settings.js';
import { messageLinks, type MessageLinks } from './links.js';
import { renderMessage } from './render.js';
import { SendError, type Mailer } from './transport.js';
import type { SmsSender } from './sms.js';
import { buildContent, renderSms } from '../../domain/notifications/templates.js';
import { notificationFailed, notificationSent } from './notifications.events.js';
import type { MessageRow } from './queue.js';
import { isStaffTemplate } from './staff-mail.js';
import { returnLabelPdf } from '../returns/index.js';

export const maxSendAttempts = 8;
/** 30 s, 1, 2, 4 … minutes, at most an hour: a mail server down for a while is waited out. */
export const sendBackoffMs = (attempts: number) => Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
/** A claimed message is the claimer's until then; a sender that died leaves it to the next one. */
const claimMs = 5 * 60_000;

export interface SenderEnv {
  db: Db;
  clock: { now(): Date };
  newId: () => string;
  mailer: Mailer;
  /** Twilio-compatible SMS (or files without a provider); absent = SMS stay queued. */
  sms?: SmsSender | undefined;
  /** Base of the links in messages (ORDO_PUBLIC_URL). */
  publicUrl: string;
  log?: Logger | undefined;
}

export interface SendResult {
  sent: number;
  retried: number;
  failed: number;
  bounced: number;
}

/**
 * Claims due messages (FOR UPDATE SKIP LOCKED, so several senders share the queue without sending one
 * twice), renders and sends them side by side, and records the outcome: sent; retried later with
 * backoff; bounced (the server refused the address for good); failed after the last attempt.
 */
export async function sendDueMessages(env: SenderEnv, opts: { limit?: number; concurrency?: number; recordEvery?: number } = {}): Promise<SendResult> {
  const now = env.clock.now();
  const due = env.db
    .select({ id: notificationMessages.id })
    .from(notificationMessages)
    .where(and(eq(notificationMessages.status, 'queued'), lte(notificationMessages.nextAttemptAt, now), or(isNull(notificationMessages.claimedUntil), lte(notificationMessages.claimedUntil, now))))
    .orderBy(asc(notificationMessages.nextAttemptAt))
    .limit(opts.limit ?? 100)
    .for('update', { skipLocked: true });
  const claimed = await env.db
    .update(notificationMessages)
    .set({ claimedUntil: new Date(now.getTime() + claimMs), attempts: sql`${notificationMessages.attempts} + 1`, updatedAt: now })
    .where(inArray(notificationMessages.id, due))
    .returning();
  const result: SendResult = { sent: 0, retried: 0, failed: 0, bounced: 0 };
  if (!claimed.length) return result;
  const settings = await loadNotificationSettings(env.db, now);
  const brand = brandingOf(settings);
  const queue = [...claimed];
  // Sent messages are recorded in groups (one transaction per group instead of one per message); a
  // group waits for at most `recordEvery` sends, so a crash leaves few sent-but-unrecorded messages to
  // be sent again after their lease (same Message-ID: a receiver can drop the repeat).
  const recordEvery = opts.recordEvery ?? 25;
  const pending: SentMessage[] = [];
  const record = async () => {
    const group = pending.splice(0);
    if (group.length) await recordSent(env, group);
    result.sent += group.length;
  };
  const worker = async () => {
    for (let m = queue.shift(); m; m = queue.shift()) {
      const sent = await sendOne(env, m, brand, settings.linkSecret, result);
      if (sent) pending.push(sent);
      if (pending.length >= recordEvery) await record();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 10, queue.length) }, worker));
  } finally {
    await record();
  }
  return result;
}

interface SentMessage {
  m: MessageRow;
  subject: string | null;
  text: string | null;
  providerMessageId: string;
}

/** Marks a group of sent messages sent (one UPDATE) and writes their notification.sent events (one INSERT). */
async function recordSent(env: SenderEnv, group: SentMessage[]): Promise<void> {
  const at = env.clock.now();
  const rows = group.map((s) => ({ id: s.m.id, subject: s.subject, text: s.text, pid: s.providerMessageId }));
  await env.db.transaction(async (tx) => {
    // The HTML is not kept once sent (re-rendered from `data` when needed): 20 kB less to write per message.
    await tx.execute(sql`update notification_messages m
      set subject = u.subject, text = u.text, html = null, status = 'sent', sent_at = ${at}, provider_message_id = u.pid,
          last_error = null, claimed_until = null, updated_at = ${at}
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as u(id uuid, subject text, text text, pid text)
      where m.id = u.id`);
    await enqueueEvents(
      tx,
      { actor: systemActor, newId: env.newId, at },
      group.map(({ m }) => newEvent(notificationSent, m.id, { messageId: m.id, orderId: m.orderId, template: m.template, channel: m.channel, attempts: m.attempts })),
    );
  });
}

/** Renders and sends one message; returns what to record when it went out, else records the failure itself. */
async function sendOne(env: SenderEnv, m: MessageRow, brand: Branding, secret: string, result: SendResult): Promise<SentMessage | null> {
  let providerMessageId: string;
  let rendered: { subject: string; html: string; text: string } | null = m.subject !== null && m.html !== null && m.text ? { subject: m.subject, html: m.html, text: m.text } : null;
  const links = messageLinks(env.publicUrl, secret, { orderId: m.orderId ?? '', customerId: m.customerId ?? '' });
  try {
    // Staff mail (password reset links) and messages written by a person (queueAdHocEmail) arrive
    // rendered; every other one needs its template.
    const template = m.template;
    const templateName = template as TemplateName;
    if (isStaffTemplate(template)) {
      if (!rendered) throw new SendError(`staff mail ${m.id} has no rendering`, true);
      providerMessageId = (await sendEmail(env, m, brand, links, rendered, false)).providerMessageId;
    } else if (!rendered && !isTemplateName(template)) throw new SendError(`unknown template ${template}`, true);
    else if (m.channel === 'sms') {
      if (!env.sms) throw new SendError('no SMS provider configured', false);
      const body = rendered?.text ?? renderSms(buildContent(templateName, m.data as unknown as TemplateData, m.locale as Locale, { shop: brand.shopName, links }), { shop: brand.shopName }, links.statusUrl);
      rendered = { subject: '', html: '', text: body };
      providerMessageId = (await env.sms.send({ to: m.recipient, body, id: m.id })).providerMessageId;
    } else {
      rendered ??= await renderMessage(templateName, m.data as unknown as TemplateData, m.locale as Locale, brand, links);
      providerMessageId = (await sendEmail(env, m, brand, links, rendered)).providerMessageId;
    }
  } catch (err) {
    const permanent = err instanceof SendError && err.permanent;
    const message = String((err as Error)?.message ?? err).slice(0, 1000);
    const at = env.clock.now();
    const final = permanent ? 'bounced' : m.attempts >= maxSendAttempts ? 'failed' : null;
    env.log?.warn({ messageId: m.id, template: m.template, attempts: m.attempts, final, err: message }, 'customer message not sent');
    await env.db.transaction(async (tx) => {
      await tx
        .update(notificationMessages)
        .set({
          ...(rendered ?? {}),
          status: final ?? 'queued',
          lastError: message,
          claimedUntil: null,
          nextAttemptAt: final ? m.nextAttemptAt : new Date(at.getTime() + sendBackoffMs(m.attempts)),
          updatedAt: at,
        })
        .where(eq(notificationMessages.id, m.id));
      if (final) await enqueueEvents(tx, { actor: systemActor, newId: env.newId, at }, [newEvent(notificationFailed, m.id, { messageId: m.id, orderId: m.orderId, template: m.template, channel: m.channel, attempts: m.attempts, status: final, error: message })]);
    });
    if (final === 'bounced') result.bounced++;
    else if (final) result.failed++;
    else result.retried++;
    return null;
  }
  // A staff mail's text may hold a one-time link: not kept once sent.
  return { m, subject: rendered?.subject ?? null, text: isStaffTemplate(m.template) ? null : (rendered?.text ?? null), providerMessageId };
}

/** The return label PDF of a return message once the label is issued (a sample has no return id: none). */
async function attachmentsOf(env: SenderEnv, m: MessageRow) {
  const r = (m.data as unknown as TemplateData).return;
  if (!r?.label || !r.id) return undefined;
  return [{ filename: `return-label-${r.number}.pdf`, content: await returnLabelPdf(env.db, r.id), contentType: 'application/pdf' }];
}

async function sendEmail(env: SenderEnv, m: MessageRow, brand: Branding, links: MessageLinks, rendered: { subject: string; html: string; text: string }, toCustomer = true) {
  return env.mailer.send({
    attachments: toCustomer ? await attachmentsOf(env, m) : undefined,
    messageId: `<${m.id}@ordo>`,
    from: { name: brand.senderName, address: brand.senderEmail },
    replyTo: brand.replyTo ?? undefined,
    to: m.recipient,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    headers: {
      ...(toCustomer ? unsubscribeHeaders(brand, links) : {}),
      'X-Ordo-Template': m.template,
      ...(m.orderId ? { 'X-Ordo-Order': m.orderId } : {}),
    },
  });
}

const unsubscribeHeaders = (brand: Branding, links: MessageLinks) => ({
  'List-Unsubscribe': `<${links.unsubscribeUrl}>${brand.supportEmail ? `, <mailto:${brand.supportEmail}?subject=unsubscribe>` : ''}`,
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
});
