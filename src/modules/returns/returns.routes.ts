import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { access, type Actor } from '../../platform/auth/roles.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { loadOrder } from '../orders/index.js';
import { getReturnPolicy, putReturnPolicy } from './return-policy-settings.js';
import { getEligibility } from './return-eligibility.js';
import { createReturn } from './create-return.js';
import { decideReturn, getReturnJson, releaseReturnReview } from './change-return-status.js';
import { listReturns, returnReasonsReport, toReturnJson } from './returns.repository.js';
import { moneySchema } from '../../platform/http/schemas.js';
import {
  approveBody,
  createReturnBody,
  decisionBody,
  eligibilitySchema,
  listReturnsQuery,
  returnPolicyResponse,
  returnPolicySchema,
  returnSchema,
  type ReturnJson,
} from './returns.schemas.js';

type ApproveBody = z.output<typeof approveBody>;

const idParams = z.object({ id: z.uuid('must be a return id (UUID)') });
const orderParams = z.object({ id: z.uuid('must be an order id (UUID)') });
const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(255).optional() }).loose();

export interface ReturnsFlows {
  /** Approve (src/flows/exchange-return.ts): an exchange places its replacement order first. */
  approveReturn: (ctx: Deps & { actor: Actor; requestId: string }, input: { returnId: string; reason?: string | undefined; payment?: ApproveBody['payment'] }) => Promise<ReturnJson>;
}

export const returnsRoutes =
  (deps: Deps, flows: ReturnsFlows): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['returns'];
    const ctx = (req: { actor: Actor; id: string }) => ({ ...deps, actor: req.actor, requestId: req.id });

    app.get('/returns/policy', {
      config: { roles: access.anyone },
      schema: { tags, summary: 'The return policy: windows per channel and product type, final sale, fees, shipping, exchanges', response: { 200: returnPolicyResponse, ...errorResponses } },
      handler: async () => getReturnPolicy(deps.db),
    });

    app.put('/returns/policy', {
      config: { roles: access.riskSettings },
      schema: { tags, summary: 'Replace the return policy', body: returnPolicySchema, response: { 200: returnPolicyResponse, ...errorResponses } },
      handler: async (req) => putReturnPolicy(ctx(req), req.body),
    });

    app.get('/orders/:id/return-eligibility', {
      config: { roles: access.ordersWrite },
      schema: { tags, summary: 'What of an order can be returned: each line’s eligibility with its reason and terms', params: orderParams, response: { 200: eligibilitySchema, ...errorResponses } },
      handler: async (req) => getEligibility(deps.db, req.params.id, deps.clock.now()),
    });

    app.post('/returns', {
      config: { roles: access.ordersWrite },
      schema: {
        tags,
        summary: 'Request a return (RMA) of delivered units',
        description: 'Partial quantities, several returns per order; never more than delivered. Refused lines come back as 422 naming each line and the policy reason. Send `Idempotency-Key` to make retries safe.',
        headers: idempotencyHeaders,
        body: createReturnBody,
        response: { 201: returnSchema, ...errorResponses },
      },
      handler: async (req, reply) => {
        const out = await createReturn(ctx(req), req.body, { source: req.actor.type === 'user' ? 'console' : 'api', idempotencyKey: req.headers['idempotency-key'] });
        if (out.replayed) void reply.header('idempotent-replayed', 'true');
        return reply.code(201).send(out.body);
      },
    });

    app.get('/returns', {
      config: { roles: access.anyone },
      schema: { tags, summary: 'List returns, newest first', querystring: listReturnsQuery, response: { 200: z.object({ items: z.array(returnSchema) }), ...errorResponses } },
      handler: async (req) => {
        const rows = await listReturns(deps.db, req.query);
        const numbers = new Map<string, string>();
        for (const r of rows) if (!numbers.has(r.ret.orderId)) numbers.set(r.ret.orderId, (await loadOrder(deps.db, r.ret.orderId)).order.number);
        return { items: rows.map((r) => toReturnJson(r.ret, numbers.get(r.ret.orderId)!, r.lines, [])) };
      },
    });

    app.get('/returns/reports/reasons', {
      config: { roles: access.paymentsRead },
      schema: {
        tags,
        summary: 'Return reasons: returns, units and value per reason (not rejected or cancelled), most units first',
        querystring: z.object({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() }),
        response: { 200: z.object({ items: z.array(z.object({ reason: z.string(), returns: z.number().int(), units: z.number().int(), value: moneySchema })) }), ...errorResponses },
      },
      handler: async (req) => ({ items: await returnReasonsReport(deps.db, { from: req.query.from ? new Date(req.query.from) : undefined, to: req.query.to ? new Date(req.query.to) : undefined }) }),
    });

    app.get('/returns/:id', {
      config: { roles: access.anyone },
      schema: { tags, summary: 'A return with its lines, values and status history', params: idParams, response: { 200: returnSchema, ...errorResponses } },
      handler: async (req) => getReturnJson(deps.db, req.params.id),
    });

    app.post('/returns/:id/approve', {
      config: { roles: access.ordersManage },
      schema: {
        tags,
        summary: 'Approve a requested return',
        description:
          'An exchange places its replacement order here (stock reserved; 409 without stock). When the replacement costs more than the returned units are worth, send `payment`: the difference is authorized (422 payment_declined when declined, nothing approved). A cheaper replacement’s difference is refunded at receipt.',
        params: idParams,
        body: approveBody,
        response: { 200: returnSchema, ...errorResponses },
      },
      handler: async (req) => flows.approveReturn(ctx(req), { returnId: req.params.id, reason: req.body.reason, payment: req.body.payment }),
    });

    app.post('/returns/:id/release-review', {
      config: { roles: access.riskReview },
      schema: { tags, summary: 'Release a return held for fraud review', params: idParams, body: decisionBody, response: { 200: returnSchema, ...errorResponses } },
      handler: async (req) => releaseReturnReview(ctx(req), { returnId: req.params.id, reason: req.body.reason }),
    });

    app.post('/returns/:id/reject', {
      config: { roles: access.ordersManage },
      schema: { tags, summary: 'Reject a requested return (its units become returnable again)', params: idParams, body: decisionBody, response: { 200: returnSchema, ...errorResponses } },
      handler: async (req) => decideReturn(ctx(req), { returnId: req.params.id, to: 'rejected', reason: req.body.reason }),
    });

    app.post('/returns/:id/cancel', {
      config: { roles: access.ordersManage },
      schema: { tags, summary: 'Cancel a return before it was received', params: idParams, body: decisionBody, response: { 200: returnSchema, ...errorResponses } },
      handler: async (req) => decideReturn(ctx(req), { returnId: req.params.id, to: 'cancelled', reason: req.body.reason }),
    });
  };
