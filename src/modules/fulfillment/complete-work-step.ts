import { and, eq, isNull } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import { fulfillmentWorkSteps } from '../../platform/db/schema/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { actorLabel } from '../../platform/auth/roles.js';
import { remainingOf, setFulfillmentStatus, workStepJson } from './fulfillment.repository.js';
import { inFulfillmentTx } from './fulfillment.tx.js';
import { newEvent } from '../../platform/events/define.js';
import { fulfillmentWorkStepCompleted } from './fulfillment.events.js';

/**
 * Confirms a customization step (engraving done, gift message written). The line's units must be
 * picked first; the first completed step starts packing (picked -> packing).
 */
export async function completeWorkStep(ctx: Ctx, id: string, stepId: string, input: { note?: string | undefined }) {
  return (
    await inFulfillmentTx(ctx, id, async (tx, f, at) => {
      const step = f.steps.find((s) => s.id === stepId);
      if (!step) throw notFound('Work step', stepId);
      if (step.confirmed) throw new AppError('conflict', `Work step "${step.label}" was already completed by ${step.completedBy}`);
      const line = f.lines.find((l) => l.id === step.fulfillmentLineId)!;
      if (!['picking', 'picked', 'packing'].includes(f.fo.status)) {
        throw new AppError('illegal_transition', `Fulfillment order ${f.fo.number} is ${f.fo.status}; work steps are done between picking and packing`);
      }
      if (remainingOf(line) > 0 || line.picked === 0) {
        throw new AppError('business_rule', `Pick ${line.sku} first: ${line.picked} of ${line.quantity - line.short} picked`, { reason: 'line_not_picked' });
      }
      const [row] = await tx
        .update(fulfillmentWorkSteps)
        .set({ confirmed: true, completedBy: actorLabel(ctx.actor), completedAt: at, note: input.note ?? null })
        .where(and(eq(fulfillmentWorkSteps.id, step.id), isNull(fulfillmentWorkSteps.completedAt)))
        .returning();
      if (f.fo.status === 'picked') await setFulfillmentStatus(tx, f.fo, 'packing', at);
      const json = workStepJson(row!);
      await enqueueEvents(tx, { ...ctx, at }, [
        newEvent(fulfillmentWorkStepCompleted, f.fo.id, { fulfillmentOrderId: f.fo.id, orderId: f.fo.orderId, step: json }),
      ]);
      await recordAudit(tx, { ...ctx, at }, { action: 'fulfillment.work_step_completed', entityType: 'fulfillment_order', entityId: f.fo.id, before: workStepJson(step), after: json });
    })
  ).json;
}
