import { z } from 'zod';
import { defineEvent } from '../../platform/events/define.js';
import { locationSchema } from './locations.schemas.js';

/** The locations context's public events. */
export const locationCreated = defineEvent({
  type: 'location.created',
  version: 1,
  aggregateType: 'location',
  summary: 'A warehouse or store was added (the payload is the location as the API shows it).',
  payload: locationSchema,
});

export const locationUpdated = defineEvent({
  type: 'location.updated',
  version: 1,
  aggregateType: 'location',
  summary: 'A location changed: its code and the fields sent in the change.',
  payload: z.object({ code: z.string(), changes: z.record(z.string(), z.unknown()) }),
});

export const locationsEvents = [locationCreated, locationUpdated] as const;
