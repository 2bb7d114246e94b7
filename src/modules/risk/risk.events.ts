import { z } from 'zod';
import { defineEvent } from '../../platform/events/define.js';
import { blocklistEntrySchema, reasonSchema } from './risk.schemas.js';

/** The risk context's public events (order.hold_placed for a fraud hold is the orders context's event). */
export const orderRiskAssessed = defineEvent({
  type: 'order.risk_assessed',
  version: 1,
  aggregateType: 'order',
  summary: 'An order was scored for fraud risk and at least one rule hit (clean assessments are not announced).',
  payload: z.object({
    orderId: z.string(),
    number: z.string(),
    stage: z.enum(['placement', 'payment']),
    score: z.number().int(),
    decision: z.string(),
    reasons: z.array(reasonSchema),
  }),
});

export const riskBlocklistEntryAdded = defineEvent({
  type: 'risk_blocklist.entry_added',
  version: 1,
  aggregateType: 'risk_blocklist',
  summary: 'An email, address or payment fingerprint was put on the fraud blocklist.',
  payload: blocklistEntrySchema,
});

export const riskBlocklistEntryRemoved = defineEvent({
  type: 'risk_blocklist.entry_removed',
  version: 1,
  aggregateType: 'risk_blocklist',
  summary: 'A blocklist entry was removed.',
  payload: blocklistEntrySchema,
});

export const riskSettingsUpdated = defineEvent({
  type: 'risk_settings.updated',
  version: 1,
  aggregateType: 'risk_settings',
  summary: 'The fraud threshold or rule weights changed.',
  payload: z.object({ threshold: z.number().int(), rules: z.record(z.string(), z.unknown()) }),
});

export const riskEvents = [orderRiskAssessed, riskBlocklistEntryAdded, riskBlocklistEntryRemoved, riskSettingsUpdated] as const;
