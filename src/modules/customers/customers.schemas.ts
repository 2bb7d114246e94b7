import { z } from 'zod';
import { moneySchema } from '../../platform/http/schemas.js';

export const customerId = z.uuid('must be a UUID');

export const customerSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    orderCount: z.number().int(),
  })
  .meta({ id: 'Customer' });

export const customerOrderSchema = z
  .object({ id: z.string(), number: z.string(), status: z.string(), channel: z.string(), total: moneySchema, placedAt: z.string() })
  .meta({ id: 'CustomerOrder' });

export const listCustomersQuery = z.object({
  q: z.string().trim().max(200).optional().describe('Case-insensitive substring of email or name'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});

export type CustomerJson = z.infer<typeof customerSchema>;
export type CustomerOrderJson = z.infer<typeof customerOrderSchema>;

const customerFields = {
  name: z.string().trim().min(1, 'is required').max(200),
  phone: z.string().trim().max(40).nullable().optional(),
};

export const createCustomerBody = z
  .object({ email: z.string().trim().pipe(z.email('must be an email address').max(320)), ...customerFields })
  .meta({ id: 'CreateCustomer' });

export const updateCustomerBody = z
  .object({
    email: z.string().trim().pipe(z.email('must be an email address').max(320)).optional(),
    name: customerFields.name.optional(),
    phone: customerFields.phone,
  })
  .meta({ id: 'UpdateCustomer' });
