import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../platform/context.js';
import { access, type Actor } from '../platform/auth/roles.js';
import { errorResponses, moneySchema } from '../platform/http/schemas.js';
import { customerAddressSchema, customerMergeSchema, customerOrderSchema, customerSchema } from '../modules/customers/index.js';
import { noteSchema } from '../modules/notes/index.js';
import { messageSchema } from '../modules/notifications/notifications.schemas.js';
import { customerOverview } from './customer-overview.js';
import { mergeCustomers, undoCustomerMerge } from './merge-customers.js';

const overviewSchema = z
  .object({
    customer: customerSchema,
    figures: z.object({
      orderCount: z.number().int(),
      perCurrency: z
        .array(z.object({ currency: z.string(), orderCount: z.number().int(), placed: moneySchema, lifetimeValue: moneySchema.describe('Σ net order totals (placed − cancelled − returned)') }))
        .describe('Per currency, exact minor units; currencies are never added together'),
    }),
    recentOrders: z.array(customerOrderSchema),
    returns: z.array(z.object({ id: z.string(), number: z.string(), orderId: z.string(), status: z.string(), resolution: z.string(), createdAt: z.string() })),
    messages: z.array(messageSchema),
    notes: z.array(noteSchema),
    tags: z.array(z.string()),
    addresses: z.array(customerAddressSchema),
    storeCredit: z.array(moneySchema),
    merges: z.array(customerMergeSchema),
  })
  .meta({ id: 'CustomerOverview' });

const mergeBody = z.object({ sourceCustomerId: z.uuid('must be a customer id (UUID)') }).meta({ id: 'MergeCustomers' });

/** Customer 360 (one read over several modules) and customer merges (flows/merge-customers.ts). */
export const customer360Routes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['customers'];
    const ctx = (req: { actor: Actor; id: string }) => ({ ...deps, actor: req.actor, requestId: req.id });
    app.get('/customers/:id/overview', {
      config: { roles: access.customerNotesRead },
      schema: {
        tags,
        summary: 'Customer 360: figures, recent orders, returns, messages, notes, tags, addresses, store credit, merges',
        params: z.object({ id: z.uuid('must be a UUID') }),
        response: { 200: overviewSchema, ...errorResponses },
      },
      handler: async (req) => customerOverview(deps.db, req.params.id),
    });
    app.post('/customers/:id/merge', {
      config: { roles: access.customersMerge },
      schema: {
        tags,
        summary: 'Merge another customer (the source) into this one',
        description:
          'Moves orders, returns, messages, risk history, notes, tags, addresses, store credit, support cases and contact preferences (the more recently stated ones hold) of the source to this customer in one transaction, marks the source merged, audits it and writes customer.merged with the record of what moved. Refused (422) for the customer itself or a customer already merged.',
        params: z.object({ id: z.uuid('must be a UUID') }),
        body: mergeBody,
        response: { 201: customerMergeSchema, ...errorResponses },
      },
      handler: async (req, reply) => reply.code(201).send(await mergeCustomers(ctx(req), { targetId: req.params.id, sourceId: req.body.sourceCustomerId })),
    });
    app.post('/customers/merges/:mergeId/undo', {
      config: { roles: access.customersMerge },
      schema: {
        tags,
        summary: 'Undo a customer merge: exactly what it moved goes back (409 when that is no longer possible)',
        params: z.object({ mergeId: z.uuid('must be a merge id (UUID)') }),
        response: { 200: customerMergeSchema, ...errorResponses },
      },
      handler: async (req) => undoCustomerMerge(ctx(req), req.params.mergeId),
    });
  };
