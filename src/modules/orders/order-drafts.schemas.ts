import { z } from 'zod';

const MAX_BODY_CHARS = 64_000;

/** The entry form's state as the console keeps it: free JSON, at most 64 kB (card data is refused app-wide). */
const draftBody = z
  .record(z.string().max(100), z.unknown())
  .refine((b) => JSON.stringify(b).length <= MAX_BODY_CHARS, `must be at most ${MAX_BODY_CHARS} characters of JSON`)
  .describe('The order being entered (customer, address, lines, shipping, payment choice), as the console’s form holds it');

export const saveDraftBody = z
  .object({
    title: z.string().trim().min(1, 'is required').max(200).describe('Shown in the drafts list, e.g. the customer’s name'),
    body: draftBody,
  })
  .meta({ id: 'SaveOrderDraft' });

export const orderDraftSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    body: z.record(z.string(), z.unknown()),
    author: z.string().describe('Actor id of who started it (user:<id> / api_key:<id>)'),
    updatedBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'OrderDraft' });

export const listDraftsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  mine: z.enum(['true', 'false']).optional().describe('Only drafts I started'),
});

export type SaveDraftInput = z.output<typeof saveDraftBody>;
export type OrderDraftJson = z.infer<typeof orderDraftSchema>;
