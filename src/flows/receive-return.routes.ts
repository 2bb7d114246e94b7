import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../platform/context.js';
import { access, type Actor } from '../platform/auth/roles.js';
import { errorResponses, moneySchema } from '../platform/http/schemas.js';
import { returnConditions, returnDispositions } from '../platform/db/schema/index.js';
import { findReturnIdByNumber, getReturnJson, returnLabelPdf, storeCreditOf } from '../modules/returns/index.js';
import { issueLabelForReturn } from './issue-return-label.js';
import { returnSchema } from '../modules/returns/returns.schemas.js';
import { receiveReturn } from './receive-return.js';

const receiveBody = z
  .object({
    locationCode: z.string().min(1).max(32),
    items: z
      .array(
        z.object({
          code: z.string().trim().min(1).max(64).describe('The scanned GTIN (check digit verified) or SKU'),
          quantity: z.number().int().min(1).max(10_000).default(1),
          condition: z.enum(returnConditions),
          disposition: z.enum(returnDispositions),
        }),
      )
      .min(1)
      .max(1000),
  })
  .meta({ id: 'ReceiveReturn' });

export const receiveResult = z.object({
  return: returnSchema,
  unexpected: z.array(z.object({ code: z.string(), sku: z.string().nullable(), quantity: z.number().int() })).describe('Items that match no line of the return (or exceed it): recorded, quarantined, not refunded'),
  refunded: moneySchema,
  credited: moneySchema,
});

const storeCreditSchema = z.object({
  customerId: z.string(),
  balances: z.array(moneySchema),
  entries: z.array(z.object({ id: z.number().int(), amount: moneySchema, reason: z.string(), returnId: z.string().nullable(), orderId: z.string().nullable(), actor: z.string(), at: z.string() })),
});

/** Receiving station and store credit: routes over the receive-return flow (modules never import flows). */
export const receiveReturnRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['returns'];
    const ctx = (req: { actor: Actor; id: string }) => ({ ...deps, actor: req.actor, requestId: req.id });

    app.get('/returns/by-number/:number', {
      config: { roles: access.fulfillmentRead },
      schema: { tags, summary: 'Find a return by the number on its label or document (the station’s first scan)', params: z.object({ number: z.string().min(1).max(80) }), response: { 200: returnSchema, ...errorResponses } },
      handler: async (req) => getReturnJson(deps.db, await findReturnIdByNumber(deps.db, req.params.number)),
    });

    app.post('/returns/:id/receive', {
      config: { roles: access.fulfillmentWrite },
      schema: {
        tags,
        summary: 'Receive, grade and dispose the items of a return; then refund or credit it',
        params: z.object({ id: z.uuid('must be a return id (UUID)') }),
        body: receiveBody,
        response: { 200: receiveResult, ...errorResponses },
      },
      handler: async (req) => receiveReturn(ctx(req), { returnId: req.params.id, ...req.body }),
    });

    app.post('/returns/:id/label', {
      config: { roles: access.ordersWrite },
      schema: {
        tags,
        summary: 'Issue the return label of an approved return (built-in carrier) to a receiving location',
        params: z.object({ id: z.uuid('must be a return id (UUID)') }),
        body: z.object({ carrier: z.string().min(1).max(40), locationCode: z.string().min(1).max(32) }),
        response: { 200: returnSchema, ...errorResponses },
      },
      handler: async (req) => issueLabelForReturn(ctx(req), { returnId: req.params.id, ...req.body }),
    });

    app.get('/returns/:id/label.pdf', {
      config: { roles: access.anyone },
      schema: { tags, summary: 'The return label (PDF; Code 128 barcode = tracking number)', params: z.object({ id: z.uuid() }), response: { 200: z.string().describe('A PDF document (Content-Type: application/pdf)'), ...errorResponses } },
      handler: async (req, reply) => reply.type('application/pdf').header('content-disposition', 'inline; filename="return-label.pdf"').send((await returnLabelPdf(deps.db, req.params.id)) as never),
    });

    app.get('/customers/:id/store-credit', {
      config: { roles: access.customersRead },
      schema: { tags, summary: 'A customer’s store credit: balance per currency (= sum of the ledger) and ledger entries', params: z.object({ id: z.uuid() }), response: { 200: storeCreditSchema, ...errorResponses } },
      handler: async (req) => storeCreditOf(deps.db, req.params.id),
    });
  };
