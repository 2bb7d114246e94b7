import { z } from 'zod';
import { defineEvent } from '../../platform/events/define.js';
import { purchaseOrderStatuses } from '../../domain/purchasing/po-states.js';

const po = { purchaseOrderId: z.string(), number: z.string(), supplierId: z.string(), locationCode: z.string() };
const line = z.object({ sku: z.string(), quantity: z.number().int() });

/** The purchasing context's public events. */
export const supplierSaved = defineEvent({
  type: 'supplier.saved',
  version: 1,
  aggregateType: 'supplier',
  summary: 'A supplier was created or changed, or one of its products (lead time, MOQ, pack size, cost) was set.',
  payload: z.object({ supplierId: z.string(), code: z.string(), changed: z.array(z.string()) }),
});

export const purchaseOrderCreated = defineEvent({
  type: 'purchase_order.created',
  version: 1,
  aggregateType: 'purchase_order',
  summary: 'A draft purchase order was created (by hand or by the reorder trigger) or the reorder trigger added to its lines.',
  payload: z.object({ ...po, origin: z.enum(['manual', 'reorder']), lines: z.array(line) }),
});

export const purchaseOrderSent = defineEvent({
  type: 'purchase_order.sent',
  version: 1,
  aggregateType: 'purchase_order',
  summary: 'A purchase order was sent to its supplier: its quantities count as incoming stock from now on.',
  payload: z.object({ ...po, expectedOn: z.string().nullable(), lines: z.array(line) }),
});

export const purchaseOrderReceived = defineEvent({
  type: 'purchase_order.received',
  version: 1,
  aggregateType: 'purchase_order',
  summary: 'Goods of a purchase order were received into its location (a receipt movement per line); status partially_received or received.',
  payload: z.object({ ...po, status: z.enum(purchaseOrderStatuses), lines: z.array(line) }),
});

export const purchaseOrderCancelled = defineEvent({
  type: 'purchase_order.cancelled',
  version: 1,
  aggregateType: 'purchase_order',
  summary: 'A purchase order with nothing received was cancelled.',
  payload: z.object({ ...po, from: z.enum(purchaseOrderStatuses), reason: z.string().nullable() }),
});

export const purchasingEvents = [supplierSaved, purchaseOrderCreated, purchaseOrderSent, purchaseOrderReceived, purchaseOrderCancelled];
