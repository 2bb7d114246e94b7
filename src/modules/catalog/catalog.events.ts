import { z } from 'zod';
import { defineEvent } from '../../platform/events/define.js';
import { productSchema } from './products.schemas.js';

/** The catalog context's public events. */
export const productCreated = defineEvent({
  type: 'product.created',
  version: 1,
  aggregateType: 'product',
  summary: 'A product was added to the catalog (the payload is the product as the API shows it).',
  payload: productSchema,
});

export const productUpdated = defineEvent({
  type: 'product.updated',
  version: 1,
  aggregateType: 'product',
  summary: 'A product changed: the names of the changed fields and the product after the change.',
  payload: z.object({ sku: z.string(), changed: z.array(z.string()), product: productSchema }),
});

export const catalogEvents = [productCreated, productUpdated] as const;
