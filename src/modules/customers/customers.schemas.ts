import { z } from 'zod';
import { addressSchema, countryCode, moneySchema } from '../../platform/http/schemas.js';

export const customerId = z.uuid('must be a UUID');

export const customerSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    mergedIntoId: z.string().nullable().describe('Set when this customer was merged into another: its history lives there now'),
    mergedAt: z.string().nullable(),
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
  tag: z.string().trim().toLowerCase().min(1).max(40).optional().describe('Only customers with this tag'),
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

export const customerAddressSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    label: z.string().nullable(),
    address: z.record(z.string(), z.unknown()),
    defaultShipping: z.boolean(),
    defaultBilling: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'CustomerAddress' });
export type CustomerAddressJson = z.infer<typeof customerAddressSchema>;

export const customerAddressBody = z
  .object({
    label: z.string().trim().min(1).max(60).nullable().optional(),
    address: addressSchema.omit({ latitude: true, longitude: true }).extend({ country: countryCode }),
    defaultShipping: z.boolean().optional(),
    defaultBilling: z.boolean().optional(),
  })
  .meta({ id: 'CustomerAddressBody' });

export const customerAddressPatch = customerAddressBody.partial().meta({ id: 'CustomerAddressPatch' });

export const customerMergeSchema = z
  .object({
    id: z.string(),
    targetId: z.string(),
    sourceId: z.string(),
    moved: z.record(z.string(), z.unknown()).describe('The record of what moved: ids per table'),
    actor: z.string(),
    mergedAt: z.string(),
    undoneAt: z.string().nullable(),
    undoneBy: z.string().nullable(),
  })
  .meta({ id: 'CustomerMerge' });
export type CustomerMergeJson = z.infer<typeof customerMergeSchema>;
