import { z } from 'zod';
import type { FastifyPluginAsync } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../platform/context.js';
import { notFound } from '../platform/errors.js';
import { errorResponses, moneySchema } from '../platform/http/schemas.js';
import { returnStatuses } from '../domain/returns/return-states.js';
import { returnReasons } from '../domain/returns/return-policy.js';
import { eligibilitySchema } from '../modules/returns/returns.schemas.js';
import { getReturnJson, returnLabelPdf } from '../modules/returns/index.js';
import { portalOrder, portalReturn, portalView, requestPortalReturn } from './return-portal.js';
import { portalLocale, portalLookupPage, portalPage } from './return-portal.page.js';

const tokenParams = z.object({ token: z.string().min(3).max(200) });
const portalReturnSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    status: z.enum(returnStatuses),
    resolution: z.enum(['refund', 'store_credit', 'exchange']),
    lines: z.array(z.object({ sku: z.string(), quantity: z.number().int(), reason: z.enum(returnReasons) })),
    refundDue: moneySchema,
    labelTrackingNumber: z.string().nullable(),
    labelUrl: z.string().nullable().describe('The return label PDF, once issued'),
    createdAt: z.string(),
  })
  .meta({ id: 'PortalReturn' });
const portalViewSchema = eligibilitySchema.extend({ returns: z.array(portalReturnSchema) }).meta({ id: 'PortalView' });
const portalRequestBody = z
  .object({
    resolution: z.enum(['refund', 'store_credit']).default('refund'),
    lines: z
      .array(
        z.object({
          orderLineId: z.uuid('must be an order line id (UUID)'),
          quantity: z.number().int('must be a whole number').min(1, 'must be at least 1').max(100_000),
          reason: z.enum(returnReasons),
          note: z.string().max(1000).optional(),
        }),
      )
      .min(1, 'must have at least one line')
      .max(500),
    note: z.string().max(2000).optional(),
  })
  .meta({ id: 'PortalReturnRequest' });

const labelUrl = (token: string, r: { id: string; labelTrackingNumber: string | null }) =>
  r.labelTrackingNumber ? `/api/v1/public/returns/${encodeURIComponent(token)}/labels/${r.id}` : null;

/**
 * The customer returns portal's API: a signed order status token (from the order's e-mails or the
 * status lookup) opens one order. A token that is malformed, forged or names no order gets one 404.
 */
export const returnPortalRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['public'];
    app.get('/public/returns/:token', {
      config: { public: true },
      schema: { tags, summary: 'Returns portal: what of the order a signed link names can be returned, and its returns', security: [], params: tokenParams, response: { 200: portalViewSchema, ...errorResponses } },
      handler: async (req) => {
        const view = await portalView(deps, await portalOrder(deps, req.params.token));
        return { ...view, returns: view.returns.map((r) => ({ ...r, labelUrl: labelUrl(req.params.token, r) })) };
      },
    });

    app.post('/public/returns/:token', {
      config: { public: true },
      schema: {
        tags,
        summary: 'Returns portal: request a return of delivered units',
        description: 'Checked against the return policy like an agent’s request (422 naming each refused line). With the policy’s `portal.autoApprove` it is approved at once unless held for fraud review, and the label issued to `portal.labelLocationCode`. Send `Idempotency-Key`.',
        security: [],
        params: tokenParams,
        headers: z.object({ 'idempotency-key': z.string().min(1).max(255).optional() }).loose(),
        body: portalRequestBody,
        response: { 201: portalReturnSchema, ...errorResponses },
      },
      handler: async (req, reply) => {
        const orderId = await portalOrder(deps, req.params.token);
        const ret = portalReturn(await requestPortalReturn({ ...deps, requestId: req.id }, orderId, req.body, req.headers['idempotency-key']));
        return reply.code(201).send({ ...ret, labelUrl: labelUrl(req.params.token, ret) });
      },
    });

    app.get('/public/returns/:token/labels/:returnId', {
      config: { public: true },
      schema: {
        tags,
        summary: 'Returns portal: the return label (PDF) of one of the order’s returns',
        security: [],
        params: tokenParams.extend({ returnId: z.uuid('must be a return id (UUID)') }),
        response: { 200: z.string().describe('A PDF document (Content-Type: application/pdf)'), ...errorResponses },
      },
      handler: async (req, reply) => {
        const orderId = await portalOrder(deps, req.params.token);
        const ret = await getReturnJson(deps.db, req.params.returnId).catch(() => null);
        if (!ret || ret.orderId !== orderId) throw notFound('Return', req.params.returnId);
        return reply.type('application/pdf').header('content-disposition', `inline; filename="${ret.number}.pdf"`).send((await returnLabelPdf(deps.db, ret.id)) as never);
      },
    });
  };

/** The portal's pages: `/return` (lookup by order number and e-mail) and `/return/{token}`. */
export const returnPortalPages = (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const html = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
    const locale = (req: { query: unknown; headers: Record<string, unknown> }) => portalLocale((req.query as { lang?: string } | undefined)?.lang, req.headers['accept-language']);
    app.get('/return', { config: { public: true }, schema: { hide: true } }, async (req, reply) => reply.headers(html).send(portalLookupPage(locale(req))));
    app.get<{ Params: { token: string } }>('/return/:token', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
      const ok = await portalOrder(deps, req.params.token).then(() => true, () => false);
      if (!ok) return reply.code(404).headers(html).send(portalLookupPage(locale(req)));
      return reply.headers(html).send(portalPage(locale(req), req.params.token));
    });
  };
