import type { Db } from '../../platform/db/client.js';
import { notificationMessages } from '../../platform/db/schema/index.js';

/** Templates of mail to staff (console users): rendered by the caller, sent as they are, never to customers. */
export const staffTemplates = ['staff_password_reset', 'staff_note_mention'] as const;
export type StaffTemplate = (typeof staffTemplates)[number];
export const isStaffTemplate = (v: string): v is StaffTemplate => (staffTemplates as readonly string[]).includes(v);

export interface StaffMail {
  template: StaffTemplate;
  /** One message per key (a retried request queues nothing twice). */
  dedupeKey: string;
  recipient: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * Queues a mail to a staff member in the caller's transaction. It is sent by the same sender and
 * transport as customer messages (retries, bounces), without unsubscribe headers, and its text is
 * dropped once sent (it may carry a one-time link).
 */
export async function queueStaffMail(tx: Db, deps: { clock: { now(): Date }; newId: () => string }, mail: StaffMail): Promise<void> {
  const now = deps.clock.now();
  await tx
    .insert(notificationMessages)
    .values({
      id: deps.newId(),
      dedupeKey: mail.dedupeKey,
      orderId: null,
      customerId: null,
      template: mail.template,
      channel: 'email',
      recipient: mail.recipient,
      locale: 'en',
      data: {},
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      status: 'queued',
      nextAttemptAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: notificationMessages.dedupeKey });
}
