import { z } from 'zod';
import { defineEvent } from '../../platform/events/define.js';
import { boxSchema } from './fulfillment.schemas.js';

const line = z.object({ orderLineId: z.string(), sku: z.string(), quantity: z.number().int() });
const fo = { fulfillmentOrderId: z.string(), orderId: z.string(), locationCode: z.string() };
const dims = z.object({ length: z.number().int(), width: z.number().int(), height: z.number().int() }).nullable();

/** The fulfillment context's public events (aggregate: the fulfillment order, one per order and location). */
export const fulfillmentCreated = defineEvent({
  type: 'fulfillment.created',
  version: 1,
  aggregateType: 'fulfillment_order',
  summary: 'A fulfillment order was released to a location (ship or store pickup) with its lines.',
  payload: z.object({ ...fo, number: z.string(), orderNumber: z.string(), type: z.enum(['ship', 'pickup']), lines: z.array(line) }),
});

export const fulfillmentLinesAdded = defineEvent({
  type: 'fulfillment.lines_added',
  version: 1,
  aggregateType: 'fulfillment_order',
  summary: 'Newly allocated units were added to an open fulfillment order.',
  payload: fulfillmentCreated.payload,
});

export const fulfillmentPickingStarted = defineEvent({
  type: 'fulfillment.picking_started',
  version: 1,
  aggregateType: 'fulfillment_order',
  summary: 'Someone started picking a fulfillment order (alone or as part of a pick list).',
  payload: z.object({ ...fo, number: z.string(), assignedTo: z.string(), pickListId: z.string().nullable() }),
});

const scanned = z.object({
  ...fo,
  number: z.string(),
  lines: z.array(z.object({ orderLineId: z.string(), sku: z.string(), picked: z.number().int(), short: z.number().int() })),
});

export const fulfillmentPicked = defineEvent({
  type: 'fulfillment.picked',
  version: 1,
  aggregateType: 'fulfillment_order',
  summary: 'Every unit of a fulfillment order was picked (or marked short).',
  payload: scanned,
});

export const fulfillmentCancelled = defineEvent({
  type: 'fulfillment.cancelled',
  version: 1,
  aggregateType: 'fulfillment_order',
  summary: 'A fulfillment order ended without shipping: its order was cancelled, or picking ended with every unit short.',
  payload: z.object({ ...fo, number: z.string(), reason: z.string().optional(), lines: scanned.shape.lines.optional() }),
});

export const fulfillmentLinesCancelled = defineEvent({
  type: 'fulfillment.lines_cancelled',
  version: 1,
  aggregateType: 'fulfillment_order',
  summary: 'Units of a fulfillment order were cancelled with their order lines (returnToStock: picked units put back).',
  payload: z.object({ ...fo, number: z.string(), reason: z.string(), lines: z.array(line.extend({ returnToStock: z.number().int() })) }),
});

export const fulfillmentShortPicked = defineEvent({
  type: 'fulfillment.short_picked',
  version: 1,
  aggregateType: 'fulfillment_order',
  summary: 'Units could not be found at the location; they go back to sourcing.',
  payload: z.object({ ...fo, reason: z.string(), lines: z.array(line) }),
});

export const fulfillmentRejected = defineEvent({
  type: 'fulfillment.rejected',
  version: 1,
  aggregateType: 'fulfillment_order',
  summary: 'A location refused a fulfillment order; its remaining units go back to sourcing.',
  payload: z.object({ ...fo, reason: z.string(), lines: z.array(line) }),
});

export const fulfillmentWorkStepCompleted = defineEvent({
  type: 'fulfillment.work_step_completed',
  version: 1,
  aggregateType: 'fulfillment_order',
  summary: 'A customization work step (engraving, gift wrap, …) of a fulfillment line was done.',
  payload: z.object({
    fulfillmentOrderId: z.string(),
    orderId: z.string(),
    step: z.object({
      id: z.string(),
      lineId: z.string(),
      kind: z.string(),
      label: z.string(),
      values: z.unknown(),
      confirmed: z.boolean(),
      completedBy: z.string().nullable(),
      completedAt: z.string().nullable(),
      note: z.string().nullable(),
    }),
  }),
});

const pkg = {
  boxCode: z.string().nullable(),
  weightGrams: z.number().int(),
  dimensionsMm: dims,
};

export const fulfillmentPacked = defineEvent({
  type: 'fulfillment.packed',
  version: 1,
  aggregateType: 'fulfillment_order',
  summary: 'A fulfillment order was packed into one or more packages (box, weight, dimensions, contents).',
  payload: z.object({
    ...fo,
    number: z.string(),
    ...pkg,
    suggested: z.boolean(),
    packages: z.array(z.object({ seq: z.number().int(), ...pkg, contents: z.array(z.object({ lineId: z.string(), quantity: z.number().int() })).nullable() })),
  }),
});

export const fulfillmentReadyForPickup = defineEvent({
  type: 'fulfillment.ready_for_pickup',
  version: 1,
  aggregateType: 'fulfillment_order',
  summary: 'A store pickup is ready: the customer collects it with the code before it expires.',
  payload: z.object({ ...fo, number: z.string(), orderNumber: z.string(), code: z.string(), expiresAt: z.string() }),
});

export const pickListCreated = defineEvent({
  type: 'pick_list.created',
  version: 1,
  aggregateType: 'pick_list',
  summary: 'Fulfillment orders of a location were batched into a pick list.',
  payload: z.object({ pickListId: z.string(), number: z.string(), locationCode: z.string(), fulfillmentOrderIds: z.array(z.string()) }),
});

export const boxCreated = defineEvent({ type: 'box.created', version: 1, aggregateType: 'box', summary: 'A packaging box type was added.', payload: boxSchema });
export const boxUpdated = defineEvent({ type: 'box.updated', version: 1, aggregateType: 'box', summary: 'A packaging box type changed (the box after the change).', payload: boxSchema });

export const fulfillmentEvents = [
  fulfillmentCreated,
  fulfillmentLinesAdded,
  fulfillmentPickingStarted,
  fulfillmentPicked,
  fulfillmentCancelled,
  fulfillmentLinesCancelled,
  fulfillmentShortPicked,
  fulfillmentRejected,
  fulfillmentWorkStepCompleted,
  fulfillmentPacked,
  fulfillmentReadyForPickup,
  pickListCreated,
  boxCreated,
  boxUpdated,
] as const;
