import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../platform/context.js';
import { access, type Actor } from '../platform/auth/roles.js';
import { errorResponses, moneySchema } from '../platform/http/schemas.js';
import { returnConditions } from '../platform/db/schema/index.js';
import { returnReasons } from '../domain/returns/return-policy.js';
import { orderSchema, placeOrderBody } from '../modules/orders/orders.schemas.js';
import { orderPaymentsSchema, placementPaymentSchema } from '../modules/payments/index.js';
import { receiveResult } from './receive-return.routes.js';
import { posSale, receiptByNumber } from './pos-sale.js';
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
    payment: placementPaymentSchema
      .omit({ amount: true })
      .optional()
      .describe('The card presented at the terminal (gateway token); authorized and captured at once. With cash: pays what the cash leaves (split tender)'),
    cash: z
      .object({
        tendered: moneySchema.describe('What the customer handed over; at least the cash amount (else 422). The change due is tendered − amount'),
        amount: moneySchema.optional().describe('The cash part of a split tender (with payment); without a card, the whole total'),
      })
      .optional()
      .describe('Cash counted at the till: recorded as a payment of provider cash, no gateway call'),
  })
  .superRefine((b, c) => {
    if (!b.payment && !b.cash) c.addIssue({ code: 'custom', path: ['payment'], message: 'a card payment or cash is required' });
    if (b.payment && b.cash && !b.cash.amount) c.addIssue({ code: 'custom', path: ['cash', 'amount'], message: 'is required with a card payment too (split tender): the cash part' });
    if (b.cash?.amount && b.cash.amount.currency !== b.cash.tendered.currency) c.addIssue({ code: 'custom', path: ['cash', 'tendered', 'currency'], message: 'must be the currency of cash.amount' });
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

const receiptSchema = orderSchema.extend({ payment: orderPaymentsSchema }).meta({ id: 'PosReceipt' });

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
        summary: 'An in-store sale: placed (channel pos), paid by card, cash or both (authorized and captured; cash change computed) and fulfilled on the spot from the store’s stock',
        body: posSaleBody,
        response: { 201: receiptSchema, ...errorResponses },
      },
      handler: async (req, reply) => reply.code(201).send(await posSale(ctx(req), req.body)),
    });
    app.get('/pos/receipts/:number', {
      config: { roles: access.pos },
      schema: {
        tags,
        summary: 'The receipt of an order by its number: the order and its payments (cash tendered and change); to reprint a sale or start a store return',
        params: z.object({ number: z.string().trim().min(1).max(80) }),
        response: { 200: receiptSchema, ...errorResponses },
      },
      handler: async (req) => receiptByNumber(ctx(req), req.params.number),
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
