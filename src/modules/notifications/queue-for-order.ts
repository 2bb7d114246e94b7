import type { Deps } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { smsTemplates, type TemplateData, type TemplateName } from '../../domain/notifications/templates.js';
import { orderFacts } from './order-snapshot.js';
import { queueEmail, queueMessage, smsRecipient } from './queue.js';

type Ids = Pick<Deps, 'clock' | 'newId'>;

/** Queues `template` for the order's customer, unique per (event, template). */
export async function queueForOrder(tx: Db, deps: Ids, event: { eventId: string; occurredAt: Date }, orderId: string, template: TemplateName, extra: Partial<TemplateData> = {}, opts: { notBefore?: Date; mergeKey?: string; merge?: (d: TemplateData) => TemplateData | null } = {}) {
  const facts = await orderFacts(tx, orderId);
  const common = { createdAt: event.occurredAt, orderId, customerId: facts.json.customer.id, template, orderLocale: facts.orderLocale, data: { order: facts.snapshot, ...extra }, ...opts };
  const outcome = await queueEmail(tx, deps, { ...common, dedupeKey: `${event.eventId}:${template}:email`, recipient: facts.json.customer.email });
  // Opted-in customers also get the moments that matter by SMS (merged like the e-mail).
  const phone = smsTemplates.includes(template) ? await smsRecipient(tx, facts.json.customer.id) : null;
  if (phone) await queueMessage(tx, deps, { ...common, channel: 'sms', dedupeKey: `${event.eventId}:${template}:sms`, recipient: phone, ...(opts.mergeKey ? { mergeKey: `${opts.mergeKey}:sms` } : {}) });
  return outcome;
}

