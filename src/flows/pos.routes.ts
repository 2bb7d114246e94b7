import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../platform/context.js';
import { access, type Actor } from '../platform/auth/roles.js';
import { errorResponses, moneySchema } from '../platform/http/schemas.js';
import { returnConditions } from '../platform/db/schema/index.js';
import { returnReasons } from '../domain/returns/return-policy.js';
import { orderSchema, placeOrderBody } from '../modules/orders/orders.schemas.js';
import { placementPaymentSchema } from '../modules/payments/index.js';
import { receiveResult } from './receive-return.routes.js';
import { posSale } from './pos-sale.js';
import { storeReturn } from './store-return.js';

const store = z.string().min(1).max(32).describe('The store (an active location with canPickup)');

const posSaleBody = z
  .object({
    locationCode: store,
    receiptNumber: z.string().trim().min(1, 'is required').max(80).describe('The till receipt number: the same receipt at the same store is the same sale (a retry)'),
    customer: placeOrderBody.shape.customer.optional().describe('Omitted for a walk-in sale'),
    lines: z
      .array(z.object({ sku: z.string().trim().min(1).max(64), quantity: z.number().int().min(1).max(10_000), unitPrice: moneySchema.optional().describe('Defaults to the catalog price') }))
      .min(1, 'must have at least one line')
      .max(200),
    payment: placementPaymentSchema.omit({ amount: true }).describe('The card presented at the terminal (gateway token); authorized and captured at once'),
  })
  .meta({ id: 'PosSale' });

const storeReturnBody = z
  .object({
    locationCode: store,
    orderId: z.uuid('must be an order id (UUID)'),
    lines: z
      .array(
        z.object({
          orderLineId: z.uuid('must be an order line id (UUID)'),
          quantity: z.number().int().min(1).max(10_000),
          reason: z.enum(returnReasons),
          condition: z.enum(returnConditions).describe('new and like_new go back on the store shelf; others are quarantined'),
        }),
      )
      .min(1, 'must have at least one line')
      .max(200),
    note: z.string().max(2000).optional(),
  })
  .meta({ id: 'StoreReturn' });

/** Point of sale: an in-store sale handed over on the spot, and a return at the store counter. */
export const posRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['pos'];
    const ctx = (req: { actor: Actor; id: string }) => ({ ...deps, actor: req.actor, requestId: req.id });
    app.post('/pos/sales', {
      config: { roles: access.pos },
      schema: {
        tags,
        summary: 'An in-store sale: placed (channel pos), paid (authorized and captured) and fulfilled on the spot from the store’s stock',
        body: posSaleBody,
        response: { 201: orderSchema, ...errorResponses },
      },
      handler: async (req, reply) => reply.code(201).send(await posSale(ctx(req), req.body)),
    });
    app.post('/pos/returns', {
      config: { roles: access.pos },
      schema: {
        tags,
        summary: 'A return at the store counter: created, approved, received into the store’s stock and refunded',
        body: storeReturnBody,
        response: { 201: receiveResult, ...errorResponses },
      },
      handler: async (req, reply) => reply.code(201).send(await storeReturn(ctx(req), req.body)),
    });
  };
