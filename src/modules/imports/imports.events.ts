import { z } from 'zod';
import { defineEvent } from '../../platform/events/define.js';

/** The imports context's public events. */
export const importBatchCommitted = defineEvent({
  type: 'import.batch_committed',
  version: 1,
  aggregateType: 'import',
  summary: 'One batch of an imported history (orders, lines, credits, adjustments, rejected lines) was written.',
  payload: z.object({
    source: z.string(),
    firstLine: z.number().int(),
    lastLine: z.number().int(),
    ordersCreated: z.number().int(),
    orderLinesCreated: z.number().int(),
    otherLinesRecorded: z.number().int(),
  }),
});

export const importsEvents = [importBatchCommitted] as const;
