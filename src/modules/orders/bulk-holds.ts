import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx, Deps } from '../../platform/context.js';
import { access } from '../../platform/auth/roles.js';
import { AppError } from '../../platform/errors.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { holdTypes } from '../../platform/db/schema/index.js';
import { placeHold, releaseHold } from './order-holds.js';
import { loadOrder } from './orders.repository.js';

export const bulkHoldsBody = z
  .object({
    orderIds: z.array(z.uuid('must be an order id (UUID)')).min(1, 'must name at least one order').max(200),
    action: z.enum(['hold', 'release']),
    type: z.enum(holdTypes).default('manual').describe('hold: the type placed; release: the type released (every active hold of it)'),
    reason: z.string().trim().min(1, 'is required').max(500),
  })
  .meta({ id: 'BulkHolds' });

const bulkResult = z.object({
  results: z.array(z.object({ orderId: z.string(), ok: z.boolean(), detail: z.string() })),
  succeeded: z.number().int(),
  failed: z.number().int(),
});

/**
 * Places or releases holds on many orders (the console's bulk action). Each order is its own use case
 * and transaction (placeHold / releaseHold), so one refusal (a cancelled order, a hold already there)
 * is reported for that order and the others still change.
 */
export async function bulkHolds(ctx: Ctx, input: z.output<typeof bulkHoldsBody>) {
  const results: Array<{ orderId: string; ok: boolean; detail: string }> = [];
  for (const orderId of [...new Set(input.orderIds)]) {
    try {
      if (input.action === 'hold') {
        await placeHold(ctx, { orderId, type: input.type, reason: input.reason });
        results.push({ orderId, ok: true, detail: `${input.type} hold placed` });
        continue;
      }
      const active = (await loadOrder(ctx.db, orderId)).holds.filter((h) => h.releasedAt === null && h.type === input.type);
      if (!active.length) throw new AppError('conflict', `no active ${input.type} hold`);
      for (const h of active) await releaseHold(ctx, { orderId, holdId: h.id, reason: input.reason });
      results.push({ orderId, ok: true, detail: `${input.type} hold released` });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      results.push({ orderId, ok: false, detail: e.message });
    }
  }
  return { results, succeeded: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length };
}

export const bulkHoldsRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/orders/bulk/holds', {
      config: { roles: access.ordersManage },
      schema: { tags: ['orders'], summary: 'Hold or release many orders at once; each order is reported separately', body: bulkHoldsBody, response: { 200: bulkResult, ...errorResponses } },
      handler: async (req) => bulkHolds({ ...deps, actor: req.actor, requestId: req.id }, req.body),
    });
  };
