import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx, Deps } from '../../platform/context.js';
import { access, type Actor } from '../../platform/auth/roles.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { AppError } from '../../platform/errors.js';
import { loadOrder } from '../orders/index.js';
import { sourceOrder } from './source-order.js';
import { listPlans } from './sourcing-plans.js';
import { loadSourcingSettings, saveSourcingSettings } from './sourcing-settings.js';
import { settingsFromInput, settingsJson } from './sourcing-settings.input.js';
import { runWhatIf } from './what-if.js';
import {
  sourceOrderBody,
  sourceOrderResult,
  sourcingPlanSchema,
  sourcingSettingsBody,
  sourcingSettingsSchema,
  whatIfBody,
  whatIfResult,
} from './sourcing.schemas.js';

const idParams = z.object({ id: z.uuid('must be an order id (UUID)') });

/** On demand: source what is pending/backordered, or (reallocate) plan the whole order again. */
async function sourceNow(ctx: Ctx, input: { orderId: string; reallocate: boolean }) {
  return ctx.db.transaction(async (tx) => {
    const { order } = await loadOrder(tx, input.orderId, { lock: true });
    // Fulfillment may have started after confirmed; until that is tracked, only confirmed orders are re-planned whole.
    if (input.reallocate && order.status !== 'confirmed') {
      throw new AppError('conflict', `Order ${order.number} is ${order.status}; only a confirmed order can be reallocated`, { errors: [{ path: 'reallocate', message: 'allowed only while the order is confirmed' }] });
    }
    const r = await sourceOrder(tx, ctx, { orderId: input.orderId, reason: 'manual', reallocate: input.reallocate });
    return r.outcome === 'sourced' ? { outcome: r.outcome, why: null, plan: r.plan } : { outcome: r.outcome, why: r.why, plan: null };
  });
}

export const sourcingRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['sourcing'];
    const ctx = (req: { actor: Actor; id: string }) => ({ ...deps, actor: req.actor, requestId: req.id });
    const currency = () => deps.sourcing?.currency ?? 'EUR';

    app.get('/sourcing/settings', {
      config: { roles: access.sourcingRead },
      schema: { tags, summary: 'Sourcing settings: split rules, solver limits, global carrier tariff', response: { 200: sourcingSettingsSchema, ...errorResponses } },
      handler: async () => settingsJson(await loadSourcingSettings(deps.db), currency()),
    });

    app.put('/sourcing/settings', {
      config: { roles: access.sourcingManage },
      schema: { tags, summary: 'Replace the sourcing settings', body: sourcingSettingsBody, response: { 200: sourcingSettingsSchema, ...errorResponses } },
      handler: async (req) => {
        const next = settingsFromInput(await loadSourcingSettings(deps.db), req.body, currency());
        return settingsJson(await saveSourcingSettings(ctx(req), next), currency());
      },
    });

    app.get('/orders/:id/sourcing', {
      config: { roles: access.sourcingRead },
      schema: { tags, summary: 'Sourcing plans of an order with their explanations, newest first', params: idParams, response: { 200: z.object({ items: z.array(sourcingPlanSchema) }), ...errorResponses } },
      handler: async (req) => {
        await loadOrder(deps.db, req.params.id);
        return { items: await listPlans(deps.db, req.params.id) };
      },
    });

    app.post('/orders/:id/source', {
      config: { roles: access.sourcingManage },
      schema: {
        tags,
        summary: 'Source an order now',
        description: 'Allocates pending and backordered units; with `reallocate: true` releases every allocation of a confirmed order and plans it again.',
        params: idParams,
        body: sourceOrderBody,
        response: { 200: sourceOrderResult, ...errorResponses },
      },
      handler: async (req) => sourceNow(ctx(req), { orderId: req.params.id, reallocate: req.body.reallocate }),
    });

    app.post('/sourcing/what-if', {
      config: { roles: access.sourcingManage },
      schema: {
        tags,
        summary: 'Compare the current sourcing of orders with another configuration (writes nothing)',
        body: whatIfBody,
        response: { 200: whatIfResult, ...errorResponses },
      },
      handler: async (req) => runWhatIf(ctx(req), req.body),
    });
  };
