import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { access, type Actor } from '../../platform/auth/roles.js';
import { errorResponses } from '../../platform/http/schemas.js';
import type { OrderFlows } from './order-use-cases.js';
import { getOrderJson, loadOrder, holdJson } from './orders.repository.js';
import { listOrderEvents, listOrders } from './list-orders.js';
import { placeHold, releaseHold } from './order-holds.js';
import { redactEventPayload, redactOrder, redactOrderSummary, seesContact } from './order-redaction.js';
import { AppError } from '../../platform/errors.js';
import { changeOrderStatus } from './change-order-status.js';
import { listOrderVersions } from './order-versions.js';
import { editOrderBody, editOrderResponse, orderVersionsSchema } from './order-edits.schemas.js';
import {
  cancelOrderBody,
  changeStatusBody,
  holdSchema,
  listOrdersQuery,
  orderEventSchema,
  orderSchema,
  orderSummarySchema,
  type OrderJson,
  placeHoldBody,
  placeOrderBody,
  releaseHoldBody,
} from './orders.schemas.js';

const idParams = z.object({ id: z.uuid('must be an order id (UUID)') });
const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(255).optional() }).loose();

export const ordersRoutes =
  (deps: Deps, { placeOrder, cancelOrder, editOrder }: OrderFlows): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['orders'];
    const ctx = (req: { actor: Actor; id: string }) => ({ ...deps, actor: req.actor, requestId: req.id });

    app.post('/orders', {
      config: { roles: access.ordersWrite },
      schema: {
        tags,
        summary: 'Place an order',
        description:
          'Validates, prices and reserves stock in one transaction. Send `Idempotency-Key` to make retries safe; ' +
          'a repeated (channel, externalId) returns the existing order with 200.',
        headers: idempotencyHeaders,
        body: placeOrderBody,
        response: { 201: orderSchema, 200: orderSchema, ...errorResponses },
      },
      handler: async (req, reply) => {
        const out = await placeOrder(ctx(req), req.body, { idempotencyKey: req.headers['idempotency-key'], clientIp: req.ip });
        if (out.replayed) void reply.header('idempotent-replayed', 'true');
        return reply.code(out.status === 200 ? 200 : 201).send(out.body);
      },
    });

    app.get('/orders', {
      config: { roles: access.anyone },
      schema: { tags, summary: 'List and search orders, newest first', querystring: listOrdersQuery, response: { 200: z.object({ items: z.array(orderSummarySchema), nextCursor: z.string().nullable() }), ...errorResponses } },
      handler: async (req) => {
        const contact = seesContact(req.actor);
        if (!contact && req.query.email) {
          throw new AppError('forbidden', `Role ${req.actor.role} may not search orders by customer email`, { errors: [{ path: 'query.email', message: 'not allowed for your role' }] });
        }
        // Without access to contact details, free text must not match emails either (no probing).
        const page = await listOrders(deps.db, req.query, { matchEmail: contact });
        return { ...page, items: page.items.map((i) => redactOrderSummary(req.actor, i)) };
      },
    });

    app.get('/orders/:id', {
      config: { roles: access.anyone },
      schema: { tags, summary: 'Get an order with lines, quantities, totals and holds', params: idParams, response: { 200: orderSchema, ...errorResponses } },
      handler: async (req) => redactOrder(req.actor, await getOrderJson(deps.db, req.params.id)),
    });

    app.post('/orders/:id/cancel', {
      config: { roles: access.ordersManage },
      schema: { tags, summary: 'Cancel a whole order or quantities of lines; releases reserved stock', params: idParams, body: cancelOrderBody, response: { 200: orderSchema, ...errorResponses } },
      handler: async (req) => cancelOrder(ctx(req), { orderId: req.params.id, reason: req.body.reason, lines: req.body.lines }),
    });

    app.post('/orders/:id/edits', {
      config: { roles: access.ordersManage },
      schema: {
        tags,
        summary: 'Edit an order before picking: address, quantities, lines, variants',
        description:
          'Applies the operations in order as ONE new order version: re-priced from the catalog, re-sourced (stock released and reserved again; ' +
          'short under the reject policy → 409 insufficient_stock naming the line), re-promised, payments adjusted (a higher value is authorized ' +
          'first — declined → 422 payment_declined, nothing changed; a lower one voids or refunds the difference). `expectedVersion` must be the ' +
          'current version (409 version_conflict). Refused with 409 order_not_editable (`reason`: picking_started, order_status, ' +
          'payment_in_progress) once picking has started. Send `Idempotency-Key` to make retries safe.',
        params: idParams,
        headers: idempotencyHeaders,
        body: editOrderBody,
        response: { 200: editOrderResponse, ...errorResponses },
      },
      handler: async (req, reply) => {
        const out = await editOrder(ctx(req), { orderId: req.params.id, ...req.body }, { idempotencyKey: req.headers['idempotency-key'] });
        if (out.replayed) void reply.header('idempotent-replayed', 'true');
        return { ...out.body, order: redactOrder(req.actor, out.body.order) };
      },
    });

    app.get('/orders/:id/versions', {
      config: { roles: access.orderVersionsRead },
      schema: { tags, summary: 'The versions of an order: as placed, then one per edit with its diff', params: idParams, response: { 200: orderVersionsSchema, ...errorResponses } },
      handler: async (req) => listOrderVersions(deps.db, req.params.id),
    });

    app.post('/orders/:id/status', {
      config: { roles: access.ordersManage },
      schema: { tags, summary: 'Move an order along its lifecycle (blocked by active holds)', params: idParams, body: changeStatusBody, response: { 200: orderSchema, ...errorResponses } },
      handler: async (req) => changeOrderStatus(ctx(req), { orderId: req.params.id, to: req.body.status, reason: req.body.reason }),
    });

    app.get('/orders/:id/holds', {
      config: { roles: access.anyone },
      schema: { tags, summary: 'Holds of an order, active and released', params: idParams, response: { 200: z.object({ items: z.array(holdSchema) }), ...errorResponses } },
      handler: async (req) => ({ items: (await loadOrder(deps.db, req.params.id)).holds.map(holdJson) }),
    });

    app.post('/orders/:id/holds', {
      config: { roles: access.ordersManage },
      schema: { tags, summary: 'Place a hold (fraud, payment, address, stock, manual)', params: idParams, body: placeHoldBody, response: { 201: holdSchema, ...errorResponses } },
      handler: async (req, reply) => reply.code(201).send(await placeHold(ctx(req), { orderId: req.params.id, ...req.body })),
    });

    app.post('/orders/:id/holds/:holdId/release', {
      config: { roles: access.ordersManage },
      schema: { tags, summary: 'Release a hold', params: idParams.extend({ holdId: z.uuid() }), body: releaseHoldBody, response: { 200: holdSchema, ...errorResponses } },
      handler: async (req) => releaseHold(ctx(req), { orderId: req.params.id, holdId: req.params.holdId, reason: req.body.reason }),
    });

    app.get('/orders/:id/events', {
      config: { roles: access.anyone },
      schema: { tags, summary: 'The order timeline: every event, oldest first', params: idParams, response: { 200: z.object({ items: z.array(orderEventSchema) }), ...errorResponses } },
      handler: async (req) => {
        await loadOrder(deps.db, req.params.id);
        const items = await listOrderEvents(deps.db, req.params.id);
        return { items: items.map((e) => ({ ...e, payload: redactEventPayload(req.actor, e.payload) })) };
      },
    });
  };
