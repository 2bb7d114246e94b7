import type { Deps } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { eventHandler } from '../../platform/events/define.js';
import { getReturnJson, returnStatusChanged } from '../returns/index.js';
import { getOrderJson } from '../orders/index.js';
import type { ReturnSnapshot, TemplateData } from '../../domain/notifications/templates.js';
import { queueForOrder } from './queue-for-order.js';
import { brandingOf, loadNotificationSettings } from './settings.js';

async function returnSnapshot(tx: Db, returnId: string): Promise<ReturnSnapshot> {
  const r = await getReturnJson(tx, returnId);
  const names = new Map((await getOrderJson(tx, r.orderId)).lines.map((l) => [l.sku, l.name]));
  return {
    id: r.id,
    number: r.number,
    lines: r.lines.map((l) => ({ name: names.get(l.sku) ?? l.sku, quantity: l.quantity })),
    label: r.label ? { carrier: r.label.carrier, trackingNumber: r.label.trackingNumber } : null,
  };
}

/**
 * Return approved → `return_approved`, held for the merge window; a label issued while it waits is
 * added to it (one e-mail with the label PDF attached, as when the portal approves and issues the label
 * at once). A label issued after the approval message went out comes as its own `return_label`.
 */
export const returnMessageHandler = (deps: Deps) =>
  eventHandler({
    name: 'notifications.returns',
    events: [returnStatusChanged],
    async handle(tx, event) {
      const p = event.payload;
      if (p.to !== 'approved' && p.to !== 'label_issued') return;
      const ret = await returnSnapshot(tx, p.returnId);
      const mergeKey = `${p.returnId}:return`;
      if (p.to === 'approved') {
        const window = brandingOf(await loadNotificationSettings(tx, deps.clock.now())).mergeWindowMinutes;
        await queueForOrder(tx, deps, event, p.orderId, 'return_approved', { return: { ...ret, label: null } }, { notBefore: new Date(event.occurredAt.getTime() + window * 60_000), mergeKey });
      } else {
        await queueForOrder(tx, deps, event, p.orderId, 'return_label', { return: ret }, {
          mergeKey,
          merge: (d: TemplateData) => (d.return ? { ...d, return: { ...d.return, label: ret.label } } : null),
        });
      }
    },
  });
