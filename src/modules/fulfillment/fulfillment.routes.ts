import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import type { Ctx, Deps } from '../../platform/context.js';
import { access } from '../../platform/auth/roles.js';
import { errorResponses } from '../../platform/http/schemas.js';
import {
  boxBody, boxPutBody, boxSchema, fulfillmentSchema, fulfillmentSummarySchema, idParams, listFulfillmentQuery, packBody, pickedUpBody, pickListBody,
  pickListSchema, readyResponse, rejectBody, releaseBody, releaseResponse, scanBody, scanResponse, shortBody, suggestionSchema, workStepBody,
} from './fulfillment.schemas.js';
import { loadFulfillment, toFulfillmentJson } from './fulfillment.repository.js';
import { listFulfillmentOrders } from './list-fulfillment-orders.js';
import { releaseFulfillment } from './release-fulfillment.js';
import { startPicking } from './start-picking.js';
import { scanItem } from './scan-item.js';
import { shortPick } from './short-pick.js';
import { rejectFulfillment } from './reject-fulfillment.js';
import { completeWorkStep } from './complete-work-step.js';
import { packFulfillment, suggestBox } from './pack-fulfillment.js';
import { handOff } from './hand-off.js';
import { pickedUp, readyForPickup } from './pickup.js';
import { createPickList, getPickList, listPickLists } from './pick-lists.js';
import { createBox, listBoxes, updateBox } from './boxes.js';
import { fulfillmentPickListPdf, packingSlipPdf, wavePickListPdf } from './fulfillment.pdf.js';

export interface FulfillmentOptions {
  /** Days a store pickup waits for the customer before it is cancelled (ORDO_PICKUP_EXPIRY_DAYS). */
  pickupExpiryDays: number;
}

const idempotencyKey = (req: FastifyRequest): string | undefined => {
  const v = req.headers['idempotency-key'];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

const pdf = z.string().describe('A PDF document (Content-Type: application/pdf)');

export const fulfillmentRoutes =
  (deps: Deps, opts: FulfillmentOptions): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['fulfillment'];
    const ctx = (req: FastifyRequest): Ctx => ({ ...deps, actor: req.actor, requestId: req.id });
    const read = { roles: access.fulfillmentRead };
    const write = { roles: access.fulfillmentWrite };
    const one = { 200: fulfillmentSchema, ...errorResponses };

    app.get('/fulfillment-orders', {
      config: read,
      schema: { tags, summary: 'List fulfillment orders (filter by location, status, type), newest first', querystring: listFulfillmentQuery, response: { 200: z.object({ items: z.array(fulfillmentSummarySchema), nextCursor: z.string().nullable() }), ...errorResponses } },
      handler: async (req) => listFulfillmentOrders(deps.db, req.query),
    });
    app.get('/fulfillment-orders/:id', {
      config: read,
      schema: { tags, summary: 'A fulfillment order with lines (SKU, name, GTIN, bin, quantities, customizations) and work steps', params: idParams, response: one },
      handler: async (req) => toFulfillmentJson(await loadFulfillment(deps.db, req.params.id)),
    });
    app.post('/fulfillment/release', {
      config: write,
      schema: { tags, summary: 'Release an order to the warehouses now: fulfillment orders per location for its uncovered allocations', body: releaseBody, response: { 200: releaseResponse, ...errorResponses } },
      handler: async (req) => releaseFulfillment(ctx(req), req.body),
    });
    app.post('/fulfillment-orders/:id/start-picking', {
      config: write,
      schema: { tags, summary: 'Start picking (the first one moves the order to processing; refused while it is on hold)', params: idParams, response: one },
      handler: async (req) => startPicking(ctx(req), req.params.id),
    });
    app.post('/fulfillment-orders/:id/scan', {
      config: write,
      schema: {
        tags,
        summary: 'Count a scanned item (GTIN/UPC/EAN or SKU); wrong item, bad check digit and over-pick are refused',
        description: '422 `reason: invalid_barcode` (check digit), 422 `reason: wrong_item`, 409 `reason: over_pick`; a refused scan counts nothing. Send `Idempotency-Key` so a retried scan is not counted twice.',
        params: idParams,
        body: scanBody,
        response: { 200: scanResponse, ...errorResponses },
      },
      handler: async (req, reply) => {
        const { replayed, ...out } = await scanItem(ctx(req), req.params.id, req.body, idempotencyKey(req));
        if (replayed) void reply.header('idempotent-replayed', 'true');
        return out;
      },
    });
    app.post('/fulfillment-orders/:id/short', {
      config: write,
      schema: { tags, summary: 'Record a short pick: releases exactly that quantity here and sends it back to sourcing (backordered)', params: idParams, body: shortBody, response: one },
      handler: async (req) => shortPick(ctx(req), req.params.id, req.body, idempotencyKey(req)),
    });
    app.post('/fulfillment-orders/:id/reject', {
      config: write,
      schema: { tags, summary: 'The location refuses the fulfillment order: its stock is released and the order re-sourced', params: idParams, body: rejectBody, response: one },
      handler: async (req) => rejectFulfillment(ctx(req), req.params.id, req.body),
    });
    app.post('/fulfillment-orders/:id/work-steps/:stepId/complete', {
      config: write,
      schema: { tags, summary: 'Confirm a customization step (engraving, gift message) as done', params: idParams.extend({ stepId: z.uuid() }), body: workStepBody, response: one },
      handler: async (req) => completeWorkStep(ctx(req), req.params.id, req.params.stepId, req.body),
    });
    app.get('/fulfillment-orders/:id/box-suggestion', {
      config: read,
      schema: { tags, summary: 'The smallest box of the catalog that takes the picked items, or why none does', params: idParams, response: { 200: suggestionSchema, ...errorResponses } },
      handler: async (req) => suggestBox(deps.db, req.params.id),
    });
    app.post('/fulfillment-orders/:id/pack', {
      config: write,
      schema: { tags, summary: 'Pack into a box (default: the suggested one); refused while picking is incomplete or work steps are open', params: idParams, body: packBody, response: one },
      handler: async (req) => packFulfillment(ctx(req), req.params.id, req.body),
    });
    app.post('/fulfillment-orders/:id/hand-off', {
      config: write,
      schema: { tags, summary: 'Hand the parcel to shipping: consumes the stock, ships the order lines, emits order.shipped', params: idParams, response: one },
      handler: async (req) => handOff(ctx(req), req.params.id),
    });
    app.post('/fulfillment-orders/:id/ready-for-pickup', {
      config: write,
      schema: { tags, summary: 'Store pickup is ready: returns the 6-digit verification code once (only its hash is kept)', params: idParams, response: { 200: readyResponse, ...errorResponses } },
      handler: async (req) => readyForPickup(ctx(req), req.params.id, { expiryDays: opts.pickupExpiryDays }),
    });
    app.post('/fulfillment-orders/:id/picked-up', {
      config: write,
      schema: { tags, summary: 'The customer collected the store pickup (verification code required)', params: idParams, body: pickedUpBody, response: one },
      handler: async (req) => pickedUp(ctx(req), req.params.id, req.body),
    });
    app.get('/fulfillment-orders/:id/packing-slip.pdf', {
      config: read,
      schema: { tags, summary: 'Packing slip PDF with a Code 128 barcode of the fulfillment number (no prices)', params: idParams, response: { 200: pdf, ...errorResponses } },
      handler: async (req, reply) => {
        const f = toFulfillmentJson(await loadFulfillment(deps.db, req.params.id));
        return reply.type('application/pdf').header('content-disposition', `inline; filename="${f.number}-packing-slip.pdf"`).send((await packingSlipPdf(f)) as never);
      },
    });
    app.get('/fulfillment-orders/:id/pick-list.pdf', {
      config: read,
      schema: { tags, summary: 'Pick list PDF of one fulfillment order, in bin order', params: idParams, response: { 200: pdf, ...errorResponses } },
      handler: async (req, reply) => {
        const f = toFulfillmentJson(await loadFulfillment(deps.db, req.params.id));
        return reply.type('application/pdf').header('content-disposition', `inline; filename="${f.number}-pick-list.pdf"`).send((await fulfillmentPickListPdf(f)) as never);
      },
    });

    app.post('/pick-lists', {
      config: write,
      schema: { tags, summary: 'Create a wave: open fulfillment orders of a location picked in one walk (they start picking)', body: pickListBody, response: { 201: pickListSchema, ...errorResponses } },
      handler: async (req, reply) => reply.code(201).send(await createPickList(ctx(req), req.body)),
    });
    app.get('/pick-lists', {
      config: read,
      schema: { tags, summary: 'Recent pick lists (waves)', querystring: z.object({ locationCode: z.string().max(32).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }), response: { 200: z.object({ items: z.array(pickListSchema) }), ...errorResponses } },
      handler: async (req) => ({ items: await listPickLists(deps.db, req.query) }),
    });
    app.get('/pick-lists/:id', {
      config: read,
      schema: { tags, summary: 'A wave: lines grouped by SKU in bin order with the per-order split', params: z.object({ id: z.string().min(1).max(64) }), response: { 200: pickListSchema, ...errorResponses } },
      handler: async (req) => getPickList(deps.db, req.params.id),
    });
    app.get('/pick-lists/:id.pdf', {
      config: read,
      schema: { tags, summary: 'Wave pick list PDF', params: z.object({ id: z.string().min(1).max(64) }), response: { 200: pdf, ...errorResponses } },
      handler: async (req, reply) => {
        const p = await getPickList(deps.db, req.params.id);
        return reply.type('application/pdf').header('content-disposition', `inline; filename="${p.number}.pdf"`).send((await wavePickListPdf(p)) as never);
      },
    });

    const boxTags = ['boxes'];
    app.get('/boxes', {
      config: read,
      schema: { tags: boxTags, summary: 'The box catalog (cartons for packing)', querystring: z.object({ active: z.stringbool().optional() }), response: { 200: z.object({ items: z.array(boxSchema) }), ...errorResponses } },
      handler: async (req) => ({ items: await listBoxes(deps.db, req.query) }),
    });
    app.post('/boxes', {
      config: { roles: access.boxesWrite },
      schema: { tags: boxTags, summary: 'Add a box to the catalog', body: boxBody, response: { 201: boxSchema, ...errorResponses } },
      handler: async (req, reply) => reply.code(201).send(await createBox(ctx(req), req.body)),
    });
    app.put('/boxes/:code', {
      config: { roles: access.boxesWrite },
      schema: { tags: boxTags, summary: 'Change a box (dimensions, limits, active)', params: z.object({ code: z.string().min(1).max(32) }), body: boxPutBody, response: { 200: boxSchema, ...errorResponses } },
      handler: async (req) => updateBox(ctx(req), req.params.code, req.body),
    });
  };
