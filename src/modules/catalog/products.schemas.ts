import { z } from 'zod';
import { isValidGtin } from '../../domain/gtin.js';
import { countryCode, moneySchema } from '../../platform/http/schemas.js';

export const sku = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/, 'must be 1-64 letters, digits, dot, underscore, slash or dash, starting with a letter or digit');

const gtin = z
  .string()
  .regex(/^(\d{8}|\d{12}|\d{13}|\d{14})$/, 'must be 8, 12, 13 or 14 digits')
  .refine(isValidGtin, 'has a wrong check digit');

const dimensionsMm = z
  .object({ length: z.number().int().min(1), width: z.number().int().min(1), height: z.number().int().min(1) })
  .meta({ id: 'DimensionsMm', description: 'Outer package dimensions in millimetres' });

const customizationField = z
  .object({
    key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, 'must be 1-40 letters, digits or underscores, starting with a letter'),
    label: z.string().trim().min(1, 'is required').max(100),
    type: z.enum(['text', 'select']),
    required: z.boolean().default(false),
    maxLength: z.number().int().min(1).max(10_000).optional(),
    options: z.array(z.string().trim().min(1).max(100)).min(1).max(100).optional(),
  })
  .superRefine((f, c) => {
    if (f.type === 'select' && !f.options) c.addIssue({ code: 'custom', path: ['options'], message: 'is required for a select field' });
    if (f.type === 'text' && f.options) c.addIssue({ code: 'custom', path: ['options'], message: 'only a select field has options' });
  })
  .meta({ id: 'CustomizationField' });

const customizationFields = z
  .array(customizationField)
  .max(20)
  .superRefine((fields, c) => {
    const seen = new Set<string>();
    fields.forEach((f, i) => {
      if (seen.has(f.key)) c.addIssue({ code: 'custom', path: [i, 'key'], message: `duplicates key ${f.key}` });
      seen.add(f.key);
    });
  });

/** Fields a PATCH may clear with `null`. */
const clearable = {
  description: z.string().max(5000).nullable(),
  gtin: gtin.nullable(),
  weightGrams: z.number().int().min(0).max(10_000_000).nullable(),
  dimensionsMm: dimensionsMm.nullable(),
  hsCode: z.string().regex(/^\d{6,10}$/, 'must be 6-10 digits').nullable(),
  originCountry: countryCode.nullable(),
};

const required = {
  name: z.string().trim().min(1, 'is required').max(200),
  price: moneySchema,
  returnable: z.boolean(),
  customizationFields,
  active: z.boolean(),
};

export const createProductBody = z
  .object({
    sku,
    name: required.name,
    price: required.price,
    description: clearable.description.optional(),
    gtin: clearable.gtin.optional(),
    weightGrams: clearable.weightGrams.optional(),
    dimensionsMm: clearable.dimensionsMm.optional(),
    hsCode: clearable.hsCode.optional(),
    originCountry: clearable.originCountry.optional(),
    returnable: required.returnable.default(true),
    customizationFields: required.customizationFields.default([]),
    active: required.active.default(true),
  })
  .meta({ id: 'CreateProduct' });

export const updateProductBody = z
  .object({
    name: required.name.optional(),
    price: required.price.optional(),
    description: clearable.description.optional(),
    gtin: clearable.gtin.optional(),
    weightGrams: clearable.weightGrams.optional(),
    dimensionsMm: clearable.dimensionsMm.optional(),
    hsCode: clearable.hsCode.optional(),
    originCountry: clearable.originCountry.optional(),
    returnable: required.returnable.optional(),
    customizationFields: required.customizationFields.optional(),
    active: required.active.optional(),
  })
  .meta({ id: 'UpdateProduct', description: 'Only the fields sent change; null clears an optional field' });

export const productSchema = z
  .object({
    sku: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    price: moneySchema,
    gtin: z.string().nullable(),
    weightGrams: z.number().int().nullable(),
    dimensionsMm: z.object({ length: z.number().int(), width: z.number().int(), height: z.number().int() }).nullable(),
    hsCode: z.string().nullable(),
    originCountry: z.string().nullable(),
    returnable: z.boolean(),
    customizationFields: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        type: z.enum(['text', 'select']),
        required: z.boolean(),
        maxLength: z.number().int().optional(),
        options: z.array(z.string()).optional(),
      }),
    ),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Product' });

export const listProductsQuery = z.object({
  q: z.string().trim().max(200).optional().describe('Case-insensitive substring of SKU or name, or an exact GTIN'),
  active: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});

export type CreateProductInput = z.output<typeof createProductBody>;
export type UpdateProductInput = z.output<typeof updateProductBody>;
export type ProductJson = z.infer<typeof productSchema>;
