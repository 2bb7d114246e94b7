import { z } from 'zod';
import { asc } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx, Deps } from '../../platform/context.js';
import { access } from '../../platform/auth/roles.js';
import { channelConnections } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor, errorResponses, pageQuery } from '../../platform/http/schemas.js';
import type { ChannelOrder } from '../../domain/channels/channel-order.js';
import { channelOrderSchema, channelRefundSchema, connectionSchema, createConnectionBody, skuMappingSchema, syncLogSchema, updateConnectionBody } from './channels.schemas.js';
import { connectionJson, createConnection, updateConnection } from './save-connection.js';
import { listSkuMappings, listSyncLog, loadConnection, upsertSkuMappings, type ConnectionRow } from './channels.repository.js';
import { listChannelRefunds } from './channel-refunds.js';
import { channelOrderJson, getChannelOrder, heldWaitingForSkus, listChannelOrders } from './channels.queries.js';

/** The ingestion use case (src/flows/ingest-channel-order.ts), passed in by the composition root. */
export type IngestFn = (ctx: Ctx, conn: ConnectionRow, topic: string, order: ChannelOrder, opts?: { retry?: boolean }) => Promise<{ outcome: string; orderId: string | null; reason: string | null }>;

/** The polling use case (src/flows/poll-channel-orders.ts). */
export type PollFn = (deps: Deps, opts: { connectionId?: string | undefined }) => Promise<{ connections: number; orders: number; outcomes: Record<string, number> }>;

const ingestResult = z.object({ outcome: z.string(), orderId: z.string().nullable(), reason: z.string().nullable() });

/** Channel connections, SKU mappings, sync log, error list and held channel orders. */
export const channelsRoutes =
  (deps: Deps, flows: { ingest: IngestFn; poll: PollFn }): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['channels'];
    const params = z.object({ id: z.string().max(64) });
    const ctx = (req: { actor: Ctx['actor']; id: string }): Ctx => ({ ...deps, actor: req.actor, requestId: req.id });

    app.post('/channels/connections', {
      config: { roles: access.channelsManage },
      schema: { tags, summary: 'Connect a sales channel (credentials are encrypted at rest and never returned)', body: createConnectionBody, response: { 201: connectionSchema, ...errorResponses } },
      handler: async (req, reply) => reply.code(201).send(await createConnection(ctx(req), req.body)),
    });
    app.get('/channels/connections', {
      config: { roles: access.channelsRead },
      schema: { tags, summary: 'Every channel connection', response: { 200: z.object({ items: z.array(connectionSchema) }), ...errorResponses } },
      handler: async () => ({ items: (await deps.db.select().from(channelConnections).orderBy(asc(channelConnections.name))).map((c) => connectionJson(deps, c)) }),
    });
    app.get('/channels/connections/:id', {
      config: { roles: access.channelsRead },
      schema: { tags, summary: 'One channel connection', params, response: { 200: connectionSchema, ...errorResponses } },
      handler: async (req) => connectionJson(deps, await loadConnection(deps.db, req.params.id)),
    });
    app.patch('/channels/connections/:id', {
      config: { roles: access.channelsManage },
      schema: { tags, summary: 'Rotate credentials (merged by name), change settings, pause or resume', params, body: updateConnectionBody, response: { 200: connectionSchema, ...errorResponses } },
      handler: async (req) => updateConnection(ctx(req), req.params.id, req.body),
    });
    app.put('/channels/connections/:id/sku-mappings', {
      config: { roles: access.channelsManage },
      schema: {
        tags,
        summary: 'Add or replace SKU mappings (channel SKU → Ordo SKU); held channel orders waiting for one of these SKUs are retried (their data hold released when every SKU resolves)',
        params,
        body: z.object({ items: z.array(skuMappingSchema).min(1).max(5000) }),
        response: { 200: z.object({ items: z.array(skuMappingSchema), retried: z.array(ingestResult.extend({ externalId: z.string() })) }), ...errorResponses },
      },
      handler: async (req) => {
        const conn = await loadConnection(deps.db, req.params.id);
        await deps.db.transaction((tx) => upsertSkuMappings(tx, req.params.id, req.body.items));
        const mapped = new Set(req.body.items.map((i) => i.externalSku));
        const retried = [];
        for (const row of await heldWaitingForSkus(deps.db, conn.id, mapped)) {
          retried.push({ externalId: row.externalId, ...(await flows.ingest(ctx(req), conn, 'retry', row.normalized as ChannelOrder, { retry: true })) });
        }
        const items = (await listSkuMappings(deps.db, req.params.id)).map((m) => ({ externalSku: m.externalSku, sku: m.sku, ...(m.externalInventoryId ? { externalInventoryId: m.externalInventoryId } : {}) }));
        return { items, retried };
      },
    });
    app.get('/channels/connections/:id/sku-mappings', {
      config: { roles: access.channelsRead },
      schema: { tags, summary: 'The SKU mappings of a connection', params, response: { 200: z.object({ items: z.array(skuMappingSchema) }), ...errorResponses } },
      handler: async (req) => {
        await loadConnection(deps.db, req.params.id);
        return { items: (await listSkuMappings(deps.db, req.params.id)).map((m) => ({ externalSku: m.externalSku, sku: m.sku, ...(m.externalInventoryId ? { externalInventoryId: m.externalInventoryId } : {}) })) };
      },
    });
    const logRoute = (path: string, summary: string, errorsOnly: boolean) =>
      app.get(path, {
        config: { roles: access.channelsRead },
        schema: { tags, summary, params, querystring: z.object(pageQuery), response: { 200: z.object({ items: z.array(syncLogSchema), nextCursor: z.string().nullable() }), ...errorResponses } },
        handler: async (req) => {
          await loadConnection(deps.db, req.params.id);
          const before = decodeCursor(req.query.cursor)?.[0];
          const rows = await listSyncLog(deps.db, req.params.id, { limit: req.query.limit + 1, before: typeof before === 'number' ? before : undefined, errorsOnly });
          const page = rows.slice(0, req.query.limit);
          return {
            items: page.map((r) => ({ id: r.id, at: r.at.toISOString(), direction: r.direction, topic: r.topic, externalId: r.externalId, outcome: r.outcome, message: r.message })),
            nextCursor: rows.length > req.query.limit ? encodeCursor([page.at(-1)!.id]) : null,
          };
        },
      });
    logRoute('/channels/connections/:id/sync-log', 'The sync log of a connection, newest first: every delivery and push with its outcome', false);
    logRoute('/channels/connections/:id/errors', 'The error list of a connection: failed pushes, rejected and held deliveries, newest first', true);
    app.get('/channels/connections/:id/orders', {
      config: { roles: access.channelsRead },
      schema: {
        tags,
        summary: 'Channel orders of a connection, newest first; state=held lists those waiting for data (unknown SKU, …)',
        params,
        querystring: z.object({ ...pageQuery, state: z.enum(['placed', 'held', 'cancelled']).optional() }),
        response: { 200: z.object({ items: z.array(channelOrderSchema), nextCursor: z.string().nullable() }), ...errorResponses },
      },
      handler: async (req) => {
        await loadConnection(deps.db, req.params.id);
        const before = decodeCursor(req.query.cursor)?.[0];
        const rows = await listChannelOrders(deps.db, req.params.id, { state: req.query.state, limit: req.query.limit + 1, before: typeof before === 'string' ? before : undefined });
        const page = rows.slice(0, req.query.limit);
        return { items: page.map(channelOrderJson), nextCursor: rows.length > req.query.limit ? encodeCursor([page.at(-1)!.id]) : null };
      },
    });
    app.get('/channels/connections/:id/refunds', {
      config: { roles: access.channelsRead },
      schema: {
        tags,
        summary: 'Refunds synced with the channel, newest first: pushed from Ordo (outbound) or made on the platform and recorded (inbound)',
        params,
        querystring: z.object({ limit: pageQuery.limit }),
        response: { 200: z.object({ items: z.array(channelRefundSchema) }), ...errorResponses },
      },
      handler: async (req) => {
        await loadConnection(deps.db, req.params.id);
        const rows = await listChannelRefunds(deps.db, req.params.id, req.query.limit);
        return {
          items: rows.map((r) => ({ id: r.id, orderId: r.orderId, direction: r.direction, externalRefundId: r.externalRefundId, returnId: r.returnId, state: r.state, amount: { amount: Number(r.amount), currency: r.currency }, lines: r.lines.map((l) => ({ externalLineId: l.externalLineId, quantity: l.quantity })), note: r.note, createdAt: r.createdAt.toISOString() })),
        };
      },
    });
    app.post('/channels/connections/:id/poll', {
      config: { roles: access.channelsManage },
      schema: {
        tags,
        summary: 'Poll a polling connection (Amazon getOrders) now instead of waiting for the next minute',
        params,
        response: { 200: z.object({ connections: z.number().int(), orders: z.number().int(), outcomes: z.record(z.string(), z.number().int()) }), ...errorResponses },
      },
      handler: async (req) => {
        const conn = await loadConnection(deps.db, req.params.id);
        if (conn.type !== 'amazon') throw new AppError('conflict', `A ${conn.type} connection receives webhooks; only Amazon connections are polled`);
        return flows.poll(deps, { connectionId: conn.id });
      },
    });
    app.post('/channels/connections/:id/orders/:externalId/retry', {
      config: { roles: access.channelsManage },
      schema: {
        tags,
        summary: 'Place a held channel order again (after adding the SKU mapping or product it lacked)',
        params: params.extend({ externalId: z.string().max(200) }),
        response: { 200: ingestResult, ...errorResponses },
      },
      handler: async (req) => {
        const conn = await loadConnection(deps.db, req.params.id);
        const row = await getChannelOrder(deps.db, conn.id, req.params.externalId);
        if (row.state !== 'held') throw new AppError('conflict', `Channel order ${row.externalId} is ${row.state}, not held`);
        return flows.ingest(ctx(req), conn, 'retry', row.normalized as ChannelOrder, { retry: true });
      },
    });
  };
