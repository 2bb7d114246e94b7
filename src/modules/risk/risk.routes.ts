import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { access, type Actor } from '../../platform/auth/roles.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { orderSchema, type CancelOrder } from '../orders/index.js';
import { addBlocklistEntry, listBlocklist, removeBlocklistEntry } from './blocklist.js';
import { getRiskSettings, updateRiskSettings } from './risk-settings.js';
import { cancelReview, getOrderRisk, listReviews, releaseReview } from './risk-reviews.js';
import {
  addBlocklistBody,
  blocklistEntrySchema,
  blocklistQuery,
  cancelReviewBody,
  orderRiskSchema,
  releaseReviewBody,
  reviewSchema,
  reviewsQuery,
  riskSettingsSchema,
  updateRiskSettingsBody,
} from './risk.schemas.js';

const orderParams = z.object({ orderId: z.uuid('must be an order id (UUID)') });

/** Fraud review queue, blocklist, settings and each order's assessments. */
export const riskRoutes =
  (deps: Deps, flows: { cancelOrder: CancelOrder }): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['risk'];
    const ctx = (req: { actor: Actor; id: string }) => ({ ...deps, actor: req.actor, requestId: req.id });

    app.get('/risk/reviews', {
      config: { roles: access.riskReview },
      schema: { tags, summary: 'Orders waiting for fraud review (active fraud hold), newest first', querystring: reviewsQuery, response: { 200: z.object({ items: z.array(reviewSchema), nextCursor: z.string().nullable() }), ...errorResponses } },
      handler: async (req) => listReviews(deps.db, req.query),
    });

    app.post('/risk/reviews/:orderId/release', {
      config: { roles: access.riskReview },
      schema: { tags, summary: 'Approve a held order: release its fraud hold (sourcing then allocates it)', params: orderParams, body: releaseReviewBody, response: { 200: orderSchema, ...errorResponses } },
      handler: async (req) => releaseReview(ctx(req), { orderId: req.params.orderId, note: req.body.note }),
    });

    app.post('/risk/reviews/:orderId/cancel', {
      config: { roles: access.riskReview },
      schema: { tags, summary: 'Reject a held order: cancel it and close its fraud hold', params: orderParams, body: cancelReviewBody, response: { 200: orderSchema, ...errorResponses } },
      handler: async (req) => cancelReview(ctx(req), { orderId: req.params.orderId, reason: req.body.reason }, flows.cancelOrder),
    });

    app.get('/orders/:orderId/risk', {
      config: { roles: access.riskReview },
      schema: { tags, summary: 'Risk assessments of an order (score, decision, reasons), latest first in `latest`', params: orderParams, response: { 200: orderRiskSchema, ...errorResponses } },
      handler: async (req) => getOrderRisk(deps.db, req.params.orderId),
    });

    app.get('/risk/blocklist', {
      config: { roles: access.riskReview },
      schema: { tags, summary: 'Blocked emails, addresses and payment fingerprints, newest first', querystring: blocklistQuery, response: { 200: z.object({ items: z.array(blocklistEntrySchema), nextCursor: z.string().nullable() }), ...errorResponses } },
      handler: async (req) => listBlocklist(deps.db, req.query),
    });

    app.post('/risk/blocklist', {
      config: { roles: access.riskReview },
      schema: { tags, summary: 'Block an email, address or payment fingerprint (orders matching it are held)', body: addBlocklistBody, response: { 201: blocklistEntrySchema, ...errorResponses } },
      handler: async (req, reply) => reply.code(201).send(await addBlocklistEntry(ctx(req), req.body)),
    });

    app.delete('/risk/blocklist/:id', {
      config: { roles: access.riskReview },
      schema: { tags, summary: 'Remove a blocklist entry; answers with the removed entry', params: z.object({ id: z.uuid() }), response: { 200: blocklistEntrySchema, ...errorResponses } },
      handler: async (req) => removeBlocklistEntry(ctx(req), req.params.id),
    });

    app.get('/risk/settings', {
      config: { roles: access.riskSettings },
      schema: { tags, summary: 'Risk threshold and rules (weights, parameters, switches)', response: { 200: riskSettingsSchema, ...errorResponses } },
      handler: async () => getRiskSettings(deps.db),
    });

    app.put('/risk/settings', {
      config: { roles: access.riskSettings },
      schema: { tags, summary: 'Change the risk threshold and rules (partial update)', body: updateRiskSettingsBody, response: { 200: riskSettingsSchema, ...errorResponses } },
      handler: async (req) => updateRiskSettings(ctx(req), req.body),
    });
  };
