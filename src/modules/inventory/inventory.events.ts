import { z } from 'zod';
import { defineEvent } from '../../platform/events/define.js';
import { levelSchema, reservationSchema } from './inventory.schemas.js';

/** The inventory context's public events. */
export const inventoryAdjusted = defineEvent({
  type: 'inventory.adjusted',
  version: 1,
  aggregateType: 'inventory_level',
  summary: 'On-hand stock of a SKU at a location changed by an adjustment (receipt, write-off, …), with the level after it.',
  payload: z.object({
    sku: z.string(),
    locationCode: z.string(),
    delta: z.number().int(),
    reason: z.string(),
    movementId: z.number().int(),
    onHand: z.number().int(),
    reserved: z.number().int(),
    available: z.number().int(),
  }),
});

export const inventoryCounted = defineEvent({
  type: 'inventory.counted',
  version: 1,
  aggregateType: 'inventory_count',
  summary: 'A stock count at a location was recorded; deltas lists the SKUs whose on-hand changed.',
  payload: z.object({ countId: z.string(), locationCode: z.string(), deltas: z.array(z.object({ sku: z.string(), delta: z.number().int() })) }),
});

export const inventoryTransferred = defineEvent({
  type: 'inventory.transferred',
  version: 1,
  aggregateType: 'inventory_transfer',
  summary: 'Stock of a SKU moved from one location to another.',
  payload: z.object({ transferId: z.string(), sku: z.string(), quantity: z.number().int(), fromLocationCode: z.string(), toLocationCode: z.string() }),
});

export const inventoryLevelUpdated = defineEvent({
  type: 'inventory.level_updated',
  version: 1,
  aggregateType: 'inventory_level',
  summary: 'Settings of a stock level (safety stock, reorder point, bin) changed.',
  payload: z.object({ sku: z.string(), locationCode: z.string(), changes: z.record(z.string(), z.unknown()), level: levelSchema }),
});

export const inventoryReservationCreated = defineEvent({
  type: 'inventory.reservation_created',
  version: 1,
  aggregateType: 'reservation',
  summary: 'A soft reservation (cart or hold, with expiry) took stock out of available.',
  payload: reservationSchema,
});

export const inventoryReservationReleased = defineEvent({
  type: 'inventory.reservation_released',
  version: 1,
  aggregateType: 'reservation',
  summary: 'A soft reservation was released before it expired.',
  payload: reservationSchema,
});

export const inventoryReservationExpired = defineEvent({
  type: 'inventory.reservation_expired',
  version: 1,
  aggregateType: 'reservation',
  summary: 'A soft reservation expired and gave its stock back.',
  payload: reservationSchema,
});

export const inventoryEvents = [
  inventoryAdjusted,
  inventoryCounted,
  inventoryTransferred,
  inventoryLevelUpdated,
  inventoryReservationCreated,
  inventoryReservationReleased,
  inventoryReservationExpired,
] as const;
