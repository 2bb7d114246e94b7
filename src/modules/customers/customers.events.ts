import { z } from 'zod';
import { defineEvent } from '../../platform/events/define.js';
import { customerSchema } from './customers.schemas.js';

/** The customers context's public events. */
export const customerCreated = defineEvent({
  type: 'customer.created',
  version: 1,
  aggregateType: 'customer',
  summary: 'A customer record was created (the payload is the customer as the API shows it).',
  payload: customerSchema,
});

export const customerUpdated = defineEvent({
  type: 'customer.updated',
  version: 1,
  aggregateType: 'customer',
  summary: 'A customer record changed: its id and the names of the changed fields.',
  payload: z.object({ id: z.string(), changed: z.array(z.string()) }),
});

export const customersEvents = [customerCreated, customerUpdated] as const;
