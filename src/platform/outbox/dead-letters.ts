import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { outbox } from '../db/schema/index.js';

export type DeadLetterAction = 'replayed' | 'skipped';

/**
 * Gives a dead letter a fresh set of attempts, due now; delivered in order before the later events
 * of its aggregate that it held back. Null when the event is not (or no longer) a dead letter.
 */
export async function replayDeadLetter(db: Db, eventId: string, now: Date): Promise<{ eventId: string; type: string } | null> {
  const [row] = await db
    .update(outbox)
    .set({ deadAt: null, attempts: 0, availableAt: now, lockedBy: null, lockedUntil: null })
    .where(and(eq(outbox.eventId, eventId), isNotNull(outbox.deadAt), isNull(outbox.dispatchedAt)))
    .returning({ eventId: outbox.eventId, type: outbox.type });
  return row ?? null;
}

/**
 * Gives up on a dead letter: it is marked dispatched (and skipped) without its handlers, which lets
 * the later events of its aggregate go on. Null when the event is not (or no longer) a dead letter.
 */
export async function skipDeadLetter(db: Db, eventId: string, now: Date): Promise<{ eventId: string; type: string } | null> {
  const [row] = await db
    .update(outbox)
    .set({ dispatchedAt: now, skippedAt: now, lockedBy: null, lockedUntil: null })
    .where(and(eq(outbox.eventId, eventId), isNotNull(outbox.deadAt), isNull(outbox.dispatchedAt)))
    .returning({ eventId: outbox.eventId, type: outbox.type });
  return row ?? null;
}
