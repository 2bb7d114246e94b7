import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx, Deps } from '../../platform/context.js';
import { access } from '../../platform/auth/roles.js';
import { decodeCursor, encodeCursor, errorResponses } from '../../platform/http/schemas.js';
import type { Outcome } from '../../platform/idempotency.js';
import {
  adjustmentBody, availabilityQuery, availabilitySchema, countBody, levelParams, levelPatchBody, levelSchema, levelsQuery,
  movementSchema, movementsQuery, transferBody,
} from './inventory.schemas.js';
import { adjustStock } from './adjust-stock.js';
import { transferStock } from './transfer-stock.js';
import { countStock } from './count-stock.js';
import { updateLevel } from './update-level.js';
import { getAvailability, listLevels, listMovements } from './inventory.queries.js';

export const callerCtx = (deps: Deps, req: FastifyRequest): Ctx => ({ ...deps, actor: req.actor, requestId: req.id });
export const idempotencyKeyOf = (req: FastifyRequest): string | undefined => {
  const v = req.headers['idempotency-key'];
  return typeof v === 'string' && v !== '' ? v : undefined;
};
/** Sends an idempotent outcome, flagging replays. */
export const sendOutcome = <T>(reply: FastifyReply, out: Outcome<T> & { replayed: boolean }) => {
  if (out.replayed) void reply.header('idempotent-replayed', 'true');
  return reply.code(out.status).send(out.body as never);
};

const movementLink = movementSchema;
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const inventoryRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['inventory'];
    app.post('/inventory/adjustments', {
      config: { roles: access.inventoryWrite },
      schema: {
        tags,
        summary: 'Adjust stock at a location (receipt, adjustment, write-off, return); accepts Idempotency-Key',
        body: adjustmentBody,
        response: { 201: levelSchema.extend({ movement: movementLink }), ...errorResponses },
      },
      handler: async (req, reply) => sendOutcome(reply, await adjustStock(callerCtx(deps, req), { ...req.body, idempotencyKey: idempotencyKeyOf(req) })),
    });
    app.post('/inventory/transfers', {
      config: { roles: access.inventoryWrite },
      schema: {
        tags,
        summary: 'Move available stock between locations; accepts Idempotency-Key',
        body: transferBody,
        response: {
          201: z.object({ id: z.string(), sku: z.string(), quantity: z.number().int(), from: levelSchema, to: levelSchema, movements: z.array(movementSchema) }),
          ...errorResponses,
        },
      },
      handler: async (req, reply) => sendOutcome(reply, await transferStock(callerCtx(deps, req), { ...req.body, idempotencyKey: idempotencyKeyOf(req) })),
    });
    app.post('/inventory/counts', {
      config: { roles: access.inventoryWrite },
      schema: {
        tags,
        summary: 'Record a physical count; each differing sku gets a count movement; accepts Idempotency-Key',
        body: countBody,
        response: {
          201: z.object({
            id: z.string(),
            locationCode: z.string(),
            applied: z.array(z.object({ sku: z.string(), previousOnHand: z.number().int(), countedQuantity: z.number().int(), delta: z.number().int(), movementId: z.number().int().nullable() })),
          }),
          ...errorResponses,
        },
      },
      handler: async (req, reply) => sendOutcome(reply, await countStock(callerCtx(deps, req), { ...req.body, idempotencyKey: idempotencyKeyOf(req) })),
    });
    app.patch('/inventory/levels/:sku/:locationCode', {
      config: { roles: access.inventoryWrite },
      schema: { tags, summary: 'Set safety stock, reorder point or bin of a level', params: levelParams, body: levelPatchBody, response: { 200: levelSchema, ...errorResponses } },
      handler: async (req) => updateLevel(callerCtx(deps, req), { ...req.params, patch: req.body }),
    });
    app.get('/inventory', {
      config: { roles: access.anyone },
      schema: { tags, summary: 'List and search stock levels (SKU prefix or product name)', querystring: levelsQuery, response: { 200: page(levelSchema), ...errorResponses } },
      handler: async (req) => {
        const c = decodeCursor(req.query.cursor);
        const after = c && typeof c[0] === 'string' && typeof c[1] === 'string' ? ([c[0], c[1]] as [string, string]) : undefined;
        const items = await listLevels(deps.db, { q: req.query.q, skus: req.query.sku, locationCode: req.query.locationCode, belowReorderPoint: req.query.belowReorderPoint, limit: req.query.limit + 1, after });
        const more = items.length > req.query.limit;
        const pageItems = more ? items.slice(0, -1) : items;
        const last = pageItems.at(-1);
        return { items: pageItems, nextCursor: more && last ? encodeCursor([last.sku, last.locationCode]) : null };
      },
    });
    app.get('/inventory/availability', {
      config: { roles: access.anyone },
      schema: { tags, summary: 'Availability of up to 500 skus across all locations', querystring: availabilityQuery, response: { 200: z.object({ items: z.array(availabilitySchema) }), ...errorResponses } },
      handler: async (req) => ({ items: await getAvailability(deps.db, req.query.skus) }),
    });
    app.get('/inventory/movements', {
      config: { roles: access.anyone },
      schema: { tags, summary: 'The stock ledger, newest first', querystring: movementsQuery, response: { 200: page(movementSchema), ...errorResponses } },
      handler: async (req) => {
        const q = req.query;
        const c = decodeCursor(q.cursor)?.[0];
        const items = await listMovements(deps.db, {
          q: q.q,
          sku: q.sku,
          locationCode: q.locationCode,
          reason: q.reason,
          from: q.from ? new Date(q.from) : undefined,
          to: q.to ? new Date(q.to) : undefined,
          limit: q.limit + 1,
          beforeId: typeof c === 'number' ? c : undefined,
        });
        const more = items.length > q.limit;
        const pageItems = more ? items.slice(0, -1) : items;
        return { items: pageItems, nextCursor: more ? encodeCursor([pageItems.at(-1)!.id]) : null };
      },
    });
  };
