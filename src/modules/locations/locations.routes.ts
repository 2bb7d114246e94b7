import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { access } from '../../platform/auth/roles.js';
import { decodeCursor, encodeCursor, errorResponses, pageQuery } from '../../platform/http/schemas.js';
import { createLocationBody, locationCode, locationSchema, updateLocationBody } from './locations.schemas.js';
import { createLocation, getLocation, listLocations, toLocationJson, updateLocation } from './locations.service.js';

export const locationsRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['locations'];
    app.post('/locations', {
      config: { roles: access.catalogWrite },
      schema: {
        tags,
        summary: 'Create a warehouse or store',
        headers: z.object({ 'idempotency-key': z.string().optional() }).loose(),
        body: createLocationBody,
        response: { 201: locationSchema, ...errorResponses },
      },
      handler: async (req, reply) => {
        const out = await createLocation({ ...deps, actor: req.actor, requestId: req.id }, req.body, req.headers['idempotency-key']);
        if (out.replayed) void reply.header('idempotent-replayed', 'true');
        return reply.code(201).send(out.body);
      },
    });
    app.patch('/locations/:code', {
      config: { roles: access.catalogWrite },
      schema: { tags, summary: 'Update a location', params: z.object({ code: locationCode }), body: updateLocationBody, response: { 200: locationSchema, ...errorResponses } },
      handler: async (req) => updateLocation({ ...deps, actor: req.actor, requestId: req.id }, req.params.code, req.body),
    });
    app.get('/locations/:code', {
      config: { roles: access.anyone },
      schema: { tags, summary: 'Get a location', params: z.object({ code: locationCode }), response: { 200: locationSchema, ...errorResponses } },
      handler: async (req) => toLocationJson(await getLocation(deps.db, req.params.code), deps.sourcing?.currency ?? 'EUR'),
    });
    app.get('/locations', {
      config: { roles: access.anyone },
      schema: {
        tags,
        summary: 'List locations by code',
        querystring: z.object(pageQuery),
        response: { 200: z.object({ items: z.array(locationSchema), nextCursor: z.string().nullable() }), ...errorResponses },
      },
      handler: async (req) => {
        const after = decodeCursor(req.query.cursor)?.[0];
        const items = await listLocations(deps.db, { limit: req.query.limit + 1, after: typeof after === 'string' ? after : undefined, currency: deps.sourcing?.currency ?? 'EUR' });
        const more = items.length > req.query.limit;
        const page = more ? items.slice(0, -1) : items;
        return { items: page, nextCursor: more ? encodeCursor([page.at(-1)!.code]) : null };
      },
    });
  };
