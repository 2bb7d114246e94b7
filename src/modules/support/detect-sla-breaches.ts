import { and, inArray, isNull, lte, ne, sql } from 'drizzle-orm';
import type { Deps } from '../../platform/context.js';
import { supportCases } from '../../platform/db/schema/index.js';
import { systemActor } from '../../platform/auth/roles.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { caseReference } from '../../domain/support/case-reference.js';
import type { CaseCategory, CasePriority } from '../../domain/support/case-states.js';
import { insertActivity } from './cases.repository.js';
import { caseSlaBreached } from './support.events.js';

const batch = 200;

/**
 * The periodic SLA job: stamps every missed target once and writes case.sla_breached in the same
 * transaction. Exactly once per case and target, however many workers run it: the stamp is a
 * conditional UPDATE (`… and breached_at is null … returning`) over rows claimed with SKIP LOCKED,
 * so a row another run holds is skipped now and found already stamped later.
 */
export async function detectSlaBreaches(deps: Deps): Promise<{ firstResponse: number; resolution: number }> {
  const now = deps.clock.now();
  const out = { firstResponse: 0, resolution: 0 };
  for (const target of ['first_response', 'resolution'] as const) {
    const due = target === 'first_response' ? supportCases.firstResponseDueAt : supportCases.resolutionDueAt;
    const stamp = target === 'first_response' ? supportCases.firstResponseBreachedAt : supportCases.resolutionBreachedAt;
    const notMet = target === 'first_response' ? isNull(supportCases.firstRespondedAt) : sql`true`;
    for (;;) {
      const n = await deps.db.transaction(async (tx) => {
        const candidates = tx
          .select({ id: supportCases.id })
          .from(supportCases)
          .where(and(lte(due, now), isNull(stamp), notMet, ne(supportCases.status, 'resolved')))
          .orderBy(due)
          .limit(batch)
          .for('update', { skipLocked: true });
        const stamped = await tx
          .update(supportCases)
          .set(target === 'first_response' ? { firstResponseBreachedAt: now } : { resolutionBreachedAt: now })
          .where(and(inArray(supportCases.id, candidates), isNull(stamp)))
          .returning();
        for (const c of stamped) {
          const dueAt = (target === 'first_response' ? c.firstResponseDueAt : c.resolutionDueAt)!;
          await insertActivity(tx, { id: deps.newId(), caseId: c.id, kind: 'sla_breached', author: 'Ordo', at: now, data: { target, dueAt: dueAt.toISOString() } });
        }
        await enqueueEvents(
          tx,
          { actor: systemActor, newId: deps.newId, at: now },
          stamped.map((c) =>
            newEvent(caseSlaBreached, c.id, {
              caseId: c.id,
              reference: caseReference(c.number),
              target,
              dueAt: (target === 'first_response' ? c.firstResponseDueAt : c.resolutionDueAt)!.toISOString(),
              category: c.category as CaseCategory,
              priority: c.priority as CasePriority,
              assigneeId: c.assigneeId,
            }),
          ),
        );
        return stamped.length;
      });
      out[target === 'first_response' ? 'firstResponse' : 'resolution'] += n;
      if (n < batch) break;
    }
  }
  return out;
}
