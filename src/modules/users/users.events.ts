import { z } from 'zod';
import { defineEvent } from '../../platform/events/define.js';

/** The users context's public events (never a password or its hash). */
export const userCreated = defineEvent({
  type: 'user.created',
  version: 1,
  aggregateType: 'user',
  summary: 'A console user was created.',
  payload: z.object({ userId: z.string(), email: z.string(), name: z.string(), role: z.string(), disabled: z.boolean() }),
});

export const userUpdated = defineEvent({
  type: 'user.updated',
  version: 1,
  aggregateType: 'user',
  summary: 'A console user changed: the changed field names (a password change sends only "password"), and the user after the change.',
  payload: z.object({
    userId: z.string(),
    changed: z.array(z.string()),
    email: z.string().optional(),
    name: z.string().optional(),
    role: z.string().optional(),
    disabled: z.boolean().optional(),
  }),
});

export const usersEvents = [userCreated, userUpdated] as const;
