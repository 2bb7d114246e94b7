import { z } from 'zod';
import { defineEvent } from '../../platform/events/define.js';

/** The sourcing context's public events (order.allocated is the orders context's event). */
export const sourcingBackordersContinued = defineEvent({
  type: 'sourcing.backorders_continued',
  version: 1,
  aggregateType: 'inventory_level',
  summary: 'A batch of backordered orders was allocated from new stock and more may follow: the next batch starts after afterOrderId.',
  payload: z.object({ sku: z.string(), locationCode: z.string(), afterOrderId: z.string(), examined: z.number().int() }),
});

export const sourcingSettingsUpdated = defineEvent({
  type: 'sourcing.settings_updated',
  version: 1,
  aggregateType: 'sourcing_settings',
  summary: 'The sourcing cost model (split penalty, tariffs, solver limits) changed; amounts are decimal strings of minor units.',
  payload: z.record(z.string(), z.unknown()),
});

export const sourcingEvents = [sourcingBackordersContinued, sourcingSettingsUpdated] as const;
