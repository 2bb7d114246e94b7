import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { access } from '../../platform/auth/roles.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { buildDashboard } from './dashboard.js';
import { dashboardQuery, dashboardSchema } from './reports.schemas.js';

/** Reports for the console. The warehouse role sees counts and stock, never money. */
export const reportsRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/reports/dashboard', {
      config: { roles: access.anyone },
      schema: {
        tags: ['reports'],
        summary: 'Dashboard: orders and revenue today / this week by channel, 14-day chart, backlog, holds, low stock',
        description: 'Revenue excludes cancelled orders and counts only orders in the dominant currency. Money fields are null for the warehouse role.',
        querystring: dashboardQuery,
        response: { 200: dashboardSchema, ...errorResponses },
      },
      handler: async (req) => buildDashboard(deps.db, { now: deps.clock.now(), tz: req.query.tz, showMoney: req.actor.role !== 'warehouse' }),
    });
  };
