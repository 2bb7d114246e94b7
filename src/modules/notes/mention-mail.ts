import { eq } from 'drizzle-orm';
import type { Deps } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { notes } from '../../platform/db/schema/index.js';
import { eventHandler } from '../../platform/events/define.js';
import type { EventHandler } from '../../platform/outbox/dispatcher.js';
import { loadOrder } from '../orders/index.js';
import { getCustomer } from '../customers/index.js';
import { mentionRecipients } from '../users/index.js';
import { queueStaffMail } from '../notifications/index.js';
import { noteAdded, noteEdited } from './notes.events.js';

const EXCERPT_CHARS = 500;
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** What the note is on, as staff name it: "order 1042" or "customer Ana Lopez", and its console page. */
async function subjectOf(tx: Db, note: { subjectType: string; subjectId: string }, publicUrl: string): Promise<{ label: string; link: string }> {
  const base = publicUrl.replace(/\/+$/, '');
  if (note.subjectType === 'order') {
    const { order } = await loadOrder(tx, note.subjectId);
    return { label: `order ${order.number}`, link: `${base}/orders/${order.id}` };
  }
  const c = await getCustomer(tx, note.subjectId);
  return { label: `customer ${c.name || c.email}`, link: `${base}/customers/${c.id}` };
}

export function mentionMail(input: { recipientName: string; authorName: string; subject: { label: string; link: string }; body: string }) {
  const excerpt = input.body.length > EXCERPT_CHARS ? `${input.body.slice(0, EXCERPT_CHARS)}…` : input.body;
  const { recipientName: to, authorName: by, subject } = input;
  return {
    subject: `${by} mentioned you on ${subject.label}`,
    text: `Hello ${to},\n\n${by} mentioned you in a note on ${subject.label}:\n\n${excerpt}\n\nOpen it in the console: ${subject.link}\n`,
    html: `<p>Hello ${esc(to)},</p><p>${esc(by)} mentioned you in a note on ${esc(subject.label)}:</p><blockquote style="border-left:3px solid #ced4da;margin:0;padding:0 12px;white-space:pre-wrap">${esc(excerpt)}</blockquote><p><a href="${esc(subject.link)}">Open ${esc(subject.label)} in the console</a></p>`,
  };
}

/**
 * Mails each console user a note names with `@handle` (note.added), or newly names after an edit
 * (note.edited `newMentions`): one staff mail per (event, user) through the notifications queue, in the
 * handler's transaction. Authors mentioning themselves, disabled users and deleted notes get none.
 */
export const notesHandlers = (deps: Deps): EventHandler[] => [
  eventHandler({
    name: 'notes.mention_mail',
    events: [noteAdded, noteEdited],
    async handle(tx, event) {
      const p = event.payload;
      const named = event.type === 'note.edited' ? event.payload.newMentions : p.mentions;
      const userIds = named.map((m) => m.userId).filter((id) => !(p.author.type === 'user' && p.author.id === id));
      const recipients = await mentionRecipients(tx, userIds);
      if (recipients.length === 0) return;
      const [note] = await tx.select().from(notes).where(eq(notes.id, p.id));
      if (!note || note.deletedAt) return;
      const subject = await subjectOf(tx, note, deps.publicUrl ?? 'http://127.0.0.1:3000');
      for (const r of recipients) {
        const mail = mentionMail({ recipientName: r.name, authorName: p.author.name, subject, body: note.body });
        await queueStaffMail(tx, deps, { template: 'staff_note_mention', dedupeKey: `note-mention:${event.eventId}:${r.id}`, recipient: r.email, ...mail });
      }
    },
  }),
];
