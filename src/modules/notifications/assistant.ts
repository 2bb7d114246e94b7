import type { Db } from '../../platform/db/client.js';
import { classifyIntent, customerCanCancel, detectLanguage, type Intent } from '../../domain/notifications/assistant.js';
import { formatDate, type Locale } from '../../domain/notifications/locale.js';
import { orderStatusView, type OrderStatusView } from './order-status.js';
import { brandingOf, loadNotificationSettings } from './settings.js';
import { verifyLinkToken } from './links.js';
import { AppError } from '../../platform/errors.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { systemActor } from '../../platform/auth/roles.js';
import { assistantHandover } from './notifications.events.js';

export type AssistantAction = 'answered' | 'confirm_cancel' | 'cancelled' | 'refused' | 'handover';

export interface AssistantReply {
  intent: Intent;
  language: Locale;
  action: AssistantAction;
  reply: string;
  orderNumber: string;
}

/** Cancels the order (the cancel-order flow, injected by the composition root: modules never import flows). */
export type CancelOrder = (orderId: string, reason: string) => Promise<unknown>;

const statusWords: Record<Locale, Record<string, string>> = {
  en: { placed: 'received', confirmed: 'confirmed', processing: 'being prepared', partially_shipped: 'partly shipped', shipped: 'shipped', delivered: 'delivered', completed: 'completed', cancelled: 'cancelled' },
  de: { placed: 'eingegangen', confirmed: 'bestätigt', processing: 'in Bearbeitung', partially_shipped: 'teilweise versandt', shipped: 'versandt', delivered: 'zugestellt', completed: 'abgeschlossen', cancelled: 'storniert' },
};

function whereIs(v: OrderStatusView, l: Locale): string {
  const status = statusWords[l][v.status] ?? v.status;
  const last = v.shipments.flatMap((s) => s.timeline.map((e) => ({ ...e, carrier: s.carrier }))).sort((a, b) => a.at.localeCompare(b.at)).at(-1);
  const base = l === 'de' ? `Ihre Bestellung ${v.number} ist ${status}.` : `Your order ${v.number} is ${status}.`;
  if (!last) return base;
  return `${base} ${l === 'de' ? 'Letzte Sendungsmeldung' : 'Latest tracking update'}: ${last.message ?? last.status}${last.location ? ` (${last.location})` : ''}, ${formatDate(last.at, l)}.`;
}

function deliveryDate(v: OrderStatusView, l: Locale): string {
  if (v.status === 'delivered' || v.status === 'completed') return l === 'de' ? `Ihre Bestellung ${v.number} wurde bereits zugestellt.` : `Your order ${v.number} has already been delivered.`;
  const estimate = v.shipments.map((s) => s.estimatedDelivery).filter((d): d is string => !!d).sort().at(-1) ?? v.promisedDate;
  if (!estimate) return l === 'de' ? `Für Bestellung ${v.number} steht noch kein Liefertermin fest; wir melden uns, sobald sie versandt ist.` : `There is no delivery date for order ${v.number} yet; we will let you know as soon as it ships.`;
  return l === 'de' ? `Bestellung ${v.number} kommt voraussichtlich am ${formatDate(estimate, l)}.` : `Order ${v.number} is expected on ${formatDate(estimate, l)}.`;
}

/**
 * One customer message to the assistant, authorised by the order's signed token: the answer uses only
 * that order's data. Cancel needs a second message with `confirm: "cancel"`, and is performed only
 * while the order can still be cancelled; returns, address changes and anything unclear go to a person.
 */
export async function assistantMessage(deps: { db: Db; clock: { now(): Date }; newId: () => string }, cancel: CancelOrder, input: { token: string; message: string; confirm?: 'cancel' | undefined; language?: Locale | undefined }): Promise<AssistantReply> {
  const { db } = deps;
  const now = deps.clock.now();
  const settings = await loadNotificationSettings(db, now);
  const orderId = verifyLinkToken(settings.linkSecret, 'status', input.token);
  const view = orderId ? await orderStatusView(db, orderId).catch(() => null) : null;
  if (!orderId || !view) throw new AppError('not_found', 'This order link is not valid');
  const l = input.language ?? detectLanguage(input.message);
  const support = brandingOf(settings).supportEmail;
  const reply = (intent: Intent, action: AssistantAction, text: string): AssistantReply => ({ intent, language: l, action, reply: text, orderNumber: view.number });
  // A hand-over is an event: support opens a case from it (this module does not know support).
  const handover = async (intent: Intent, why: string) => {
    const r = reply(intent, 'handover', `${why} ${l === 'de' ? `Ein Mitarbeiter hilft Ihnen gern${support ? `: ${support}` : ''}.` : `A person from our team will help you${support ? `: ${support}` : ''}.`}`.trim());
    await enqueueEvents(db, { actor: { ...systemActor, id: 'assistant', name: 'Self-service assistant' }, newId: deps.newId, at: now }, [
      newEvent(assistantHandover, orderId, { orderId, orderNumber: view.number, intent, language: l, message: input.message, reply: r.reply }),
    ]);
    return r;
  };

  const intent: Intent = input.confirm === 'cancel' ? 'cancel' : classifyIntent(input.message);
  switch (intent) {
    case 'where_is_order':
      return reply(intent, 'answered', whereIs(view, l));
    case 'delivery_date':
      return reply(intent, 'answered', deliveryDate(view, l));
    case 'cancel': {
      if (view.status === 'cancelled') return reply(intent, 'answered', l === 'de' ? `Bestellung ${view.number} ist bereits storniert.` : `Order ${view.number} is already cancelled.`);
      if (!customerCanCancel(view.status)) {
        return reply(intent, 'refused', l === 'de' ? `Bestellung ${view.number} wird bereits bearbeitet und kann nicht mehr storniert werden. Nach der Zustellung können Sie sie zurücksenden.` : `Order ${view.number} is already being prepared and can no longer be cancelled. You can return it once it arrives.`);
      }
      if (input.confirm !== 'cancel') {
        return reply(intent, 'confirm_cancel', l === 'de' ? `Soll Bestellung ${view.number} wirklich storniert werden? Bitte bestätigen Sie die Stornierung.` : `Do you really want to cancel order ${view.number}? Please confirm the cancellation.`);
      }
      await cancel(orderId, 'cancelled by the customer (self-service assistant)');
      return reply(intent, 'cancelled', l === 'de' ? `Bestellung ${view.number} ist storniert. Bereits gezahlte Beträge erstatten wir.` : `Order ${view.number} is cancelled. Any payment will be refunded.`);
    }
    case 'pickup':
      if (view.pickup) {
        const code = view.pickup.code ? (l === 'de' ? ` Ihr Abholcode: ${view.pickup.code}.` : ` Your pickup code: ${view.pickup.code}.`) : '';
        return reply(intent, 'answered', `${l === 'de' ? `Abholung bei ${view.pickup.location}.` : `Pickup at ${view.pickup.location}.`}${code}`);
      }
      return reply(intent, 'answered', l === 'de' ? `Bestellung ${view.number} wird Ihnen zugeschickt, nicht abgeholt.` : `Order ${view.number} is delivered to you, not collected.`);
    case 'return':
      return await handover(intent, l === 'de' ? 'Rücksendungen richten wir persönlich für Sie ein.' : 'We set up returns with you personally.');
    case 'change_address':
      return await handover(intent, customerCanCancel(view.status) ? (l === 'de' ? 'Die Lieferadresse kann noch geändert werden.' : 'The delivery address can still be changed.') : l === 'de' ? 'Die Bestellung wird bereits bearbeitet; wir prüfen, ob die Adresse noch geändert werden kann.' : 'The order is already being prepared; we will check whether the address can still be changed.');
    case 'handover':
      return await handover(intent, '');
    case 'unknown':
      return await handover(intent, l === 'de' ? 'Das habe ich leider nicht verstanden.' : 'Sorry, I did not understand that.');
  }
}
