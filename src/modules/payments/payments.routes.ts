import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { access, type Actor } from '../../platform/auth/roles.js';
import { AppError } from '../../platform/errors.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { loadOrder } from '../orders/index.js';
import { orderPaymentsJson } from './payments.repository.js';
import { addPayment, retryAuthorization } from './authorize-payments.js';
import { managePayment } from './manage-payment.js';
import { addPaymentBody, authorizeBody, captureBody, orderPaymentsSchema, paymentSchema, refundBody, voidBody } from './payments.schemas.js';

const params = z.object({ id: z.uuid('must be an order id (UUID)') });
const paymentParams = params.extend({ paymentId: z.uuid('must be a payment id (UUID)') });
const headers = z.object({ 'idempotency-key': z.string().min(1).max(255).optional() }).loose();

export const paymentsRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['payments'];
    const ctx = (req: { actor: Actor; id: string }) => ({ ...deps, actor: req.actor, requestId: req.id });
    const current = async (orderId: string) => orderPaymentsJson(deps.db, (await loadOrder(deps.db, orderId)).order);

    app.get('/orders/:id/payments', {
      config: { roles: access.paymentsRead },
      schema: { tags, summary: 'Payments of an order with amounts, transactions and the derived payment status', params, response: { 200: orderPaymentsSchema, ...errorResponses } },
      handler: async (req) => current(req.params.id),
    });

    app.post('/orders/:id/payments', {
      config: { roles: access.ordersWrite },
      schema: {
        tags,
        summary: 'Add a payment to an order awaiting payment and authorize it',
        description: 'The amount defaults to what the live payments leave uncovered. Honours Idempotency-Key.',
        params,
        headers,
        body: addPaymentBody,
        response: { 201: orderPaymentsSchema, ...errorResponses },
      },
      handler: async (req, reply) => {
        await addPayment(ctx(req), { orderId: req.params.id, payment: req.body, idempotencyKey: req.headers['idempotency-key'] });
        return reply.code(201).send(await current(req.params.id));
      },
    });

    app.post('/orders/:id/payments/:paymentId/authorize', {
      config: { roles: access.ordersWrite },
      schema: { tags, summary: 'Retry a failed payment with a new payment method', description: 'Honours Idempotency-Key.', params: paymentParams, headers, body: authorizeBody, response: { 200: orderPaymentsSchema, ...errorResponses } },
      handler: async (req) => {
        await retryAuthorization(ctx(req), { orderId: req.params.id, paymentId: req.params.paymentId, paymentMethod: req.body.paymentMethod, idempotencyKey: req.headers['idempotency-key'] });
        return current(req.params.id);
      },
    });

    app.post('/orders/:id/payments/:paymentId/capture', {
      config: { roles: access.paymentsManage },
      schema: {
        tags,
        summary: 'Capture (part of) an authorized payment',
        description: 'Without an amount captures everything capturable. More than capturable → 409 naming the limit. Honours Idempotency-Key.',
        params: paymentParams,
        headers,
        body: captureBody,
        response: { 200: paymentSchema, ...errorResponses },
      },
      handler: async (req) => managePayment(ctx(req), { orderId: req.params.id, paymentId: req.params.paymentId, kind: 'capture', amount: req.body.amount, idempotencyKey: req.headers['idempotency-key'] }),
    });

    app.post('/orders/:id/payments/:paymentId/void', {
      config: { roles: access.paymentsManage },
      schema: { tags, summary: 'Void (release) the uncaptured authorization of a payment', description: 'Honours Idempotency-Key.', params: paymentParams, headers, body: voidBody, response: { 200: paymentSchema, ...errorResponses } },
      handler: async (req) => managePayment(ctx(req), { orderId: req.params.id, paymentId: req.params.paymentId, kind: 'void', reason: req.body.reason, idempotencyKey: req.headers['idempotency-key'] }),
    });

    app.post('/orders/:id/payments/:paymentId/refund', {
      config: { roles: access.paymentsManage },
      schema: {
        tags,
        summary: 'Refund captured money: the value of order line quantities, or a free amount (appeasement)',
        description: 'Give either `lines` or `amount`, and a reason. Beyond what is captured and not yet refunded → 409 naming the limit. Honours Idempotency-Key.',
        params: paymentParams,
        headers,
        body: refundBody,
        response: { 200: paymentSchema, ...errorResponses },
      },
      handler: async (req) => {
        const { amount, lines, reason } = req.body;
        if ((amount === undefined) === (lines === undefined)) {
          throw new AppError('validation_failed', 'Give either amount or lines', { errors: [{ path: amount ? 'lines' : 'amount', message: 'give either amount or lines, not both or neither' }] });
        }
        return managePayment(ctx(req), { orderId: req.params.id, paymentId: req.params.paymentId, kind: 'refund', amount, lines, reason, idempotencyKey: req.headers['idempotency-key'] });
      },
    });
  };
