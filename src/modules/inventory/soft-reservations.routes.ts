import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { access } from '../../platform/auth/roles.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { reservationSchema, softReservationBody } from './inventory.schemas.js';
import { createSoftReservation, getReservation, releaseSoftReservation } from './soft-reservations.js';
import { callerCtx, idempotencyKeyOf, sendOutcome } from './inventory.routes.js';

const params = z.object({ id: z.uuid('must be a reservation id') });

export const softReservationRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['inventory'];
    app.post('/inventory/reservations', {
      config: { roles: access.inventoryWrite },
      schema: {
        tags,
        summary: 'Hold stock softly (cart hold) until it expires or is released; accepts Idempotency-Key',
        body: softReservationBody,
        response: { 201: reservationSchema, ...errorResponses },
      },
      handler: async (req, reply) => sendOutcome(reply, await createSoftReservation(callerCtx(deps, req), { ...req.body, idempotencyKey: idempotencyKeyOf(req) })),
    });
    app.get('/inventory/reservations/:id', {
      config: { roles: access.anyone },
      schema: { tags, summary: 'Get a reservation', params, response: { 200: reservationSchema, ...errorResponses } },
      handler: async (req) => getReservation(deps.db, req.params.id),
    });
    app.delete('/inventory/reservations/:id', {
      config: { roles: access.inventoryWrite },
      schema: { tags, summary: 'Release a soft reservation (idempotent)', params, response: { 200: reservationSchema, ...errorResponses } },
      handler: async (req) => releaseSoftReservation(callerCtx(deps, req), req.params.id),
    });
  };
