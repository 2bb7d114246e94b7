import { z } from 'zod';
import { asc } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { access } from '../../platform/auth/roles.js';
import { scheduledJobs } from '../../platform/db/schema/index.js';
import { decodeCursor, encodeCursor, errorResponses, pageQuery } from '../../platform/http/schemas.js';
import { recordAudit } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { listDeadLetters, outboxBacklog, outboxEventState, replayDeadLetter, skipDeadLetter } from '../../platform/outbox/dead-letters.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

const backlogSchema = z
  .object({
    pending: z.number().int().describe('Undelivered events, dead letters excluded'),
    due: z.number().int().describe('Pending events due now (not waiting out a retry backoff)'),
    leased: z.number().int().describe('Pending events a dispatcher holds a lease on'),
    retrying: z.number().int().describe('Pending events that failed at least once'),
    deadLetters: z.number().int(),
    oldestPendingAt: z.string().nullable(),
    oldestPendingAgeSeconds: z.number().nullable(),
    byType: z.array(z.object({ type: z.string(), pending: z.number().int(), deadLetters: z.number().int() })),
    workers: z.array(z.object({ workerId: z.string(), leased: z.number().int() })),
    jobs: z.array(
      z.object({
        name: z.string(),
        intervalMs: z.number().int(),
        nextRunAt: z.string(),
        lastStartedAt: z.string().nullable(),
        lastFinishedAt: z.string().nullable(),
        lastError: z.string().nullable(),
        runs: z.number().int(),
        runningOn: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'EventBacklog' });

const deadLetterSchema = z
  .object({
    eventId: z.string(),
    type: z.string(),
    aggregateType: z.string(),
    aggregateId: z.string(),
    occurredAt: z.string(),
    deadAt: z.string(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    payload: z.unknown(),
    heldBack: z.number().int().describe('Later events of the same aggregate waiting behind this one'),
  })
  .meta({ id: 'DeadLetter' });

const actionSchema = z.object({ eventId: z.string(), type: z.string(), status: z.enum(['replayed', 'skipped']) }).meta({ id: 'DeadLetterAction' });

/** Operations on event delivery: the backlog, dead letters, replay and skip (docs/events-operations.md). */
export const eventOpsRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['event delivery'];
    app.get('/events/backlog', {
      config: { roles: access.admin },
      schema: { tags, summary: 'The outbox queue: pending, due, leased, retrying, dead letters by type; workers; periodic jobs', response: { 200: backlogSchema, ...errorResponses } },
      handler: async () => {
        const now = deps.clock.now();
        const b = await outboxBacklog(deps.db, now);
        const jobs = await deps.db.select().from(scheduledJobs).orderBy(asc(scheduledJobs.name));
        return {
          ...b,
          oldestPendingAt: iso(b.oldestPendingAt),
          oldestPendingAgeSeconds: b.oldestPendingAt ? Math.max(0, (now.getTime() - b.oldestPendingAt.getTime()) / 1000) : null,
          jobs: jobs.map((j) => ({
            name: j.name,
            intervalMs: j.intervalMs,
            nextRunAt: j.nextRunAt.toISOString(),
            lastStartedAt: iso(j.lastStartedAt),
            lastFinishedAt: iso(j.lastFinishedAt),
            lastError: j.lastError,
            runs: j.runs,
            runningOn: j.lockedBy,
          })),
        };
      },
    });

    app.get('/events/dead-letters', {
      config: { roles: access.admin },
      schema: {
        tags,
        summary: 'Events whose retries ran out, oldest first; each holds back the later events of its aggregate',
        querystring: z.object({ ...pageQuery, type: z.string().max(100).optional() }),
        response: { 200: z.object({ items: z.array(deadLetterSchema), nextCursor: z.string().nullable() }), ...errorResponses },
      },
      handler: async (req) => {
        const after = decodeCursor(req.query.cursor)?.[0];
        if (req.query.cursor !== undefined && typeof after !== 'number') {
          throw new AppError('validation_failed', 'The cursor is not one this list returned', { errors: [{ path: 'cursor', message: 'is not a cursor of this list' }] });
        }
        const rows = await listDeadLetters(deps.db, { limit: req.query.limit + 1, ...(typeof after === 'number' ? { afterId: after } : {}), ...(req.query.type ? { type: req.query.type } : {}) });
        const more = rows.length > req.query.limit;
        const page = more ? rows.slice(0, req.query.limit) : rows;
        return {
          items: page.map(({ id: _id, ...r }) => ({ ...r, occurredAt: r.occurredAt.toISOString(), deadAt: r.deadAt.toISOString() })),
          nextCursor: more ? encodeCursor([page.at(-1)!.id]) : null,
        };
      },
    });

    for (const action of ['replay', 'skip'] as const) {
      app.post(`/events/:eventId/${action}`, {
        config: { roles: access.admin },
        schema: {
          tags,
          summary:
            action === 'replay'
              ? 'Deliver a dead letter again (fresh attempts, due now), before the events of its aggregate it held back'
              : 'Give up on a dead letter without running its handlers; the later events of its aggregate go on',
          params: z.object({ eventId: z.uuid() }),
          response: { 200: actionSchema, ...errorResponses },
        },
        handler: async (req) => {
          const at = deps.clock.now();
          const { eventId } = req.params;
          const done = await deps.db.transaction(async (tx) => {
            const row = action === 'replay' ? await replayDeadLetter(tx, eventId, at) : await skipDeadLetter(tx, eventId, at);
            if (!row) return null;
            await recordAudit(tx, { actor: req.actor, requestId: req.id, at }, { action: `event.${action === 'replay' ? 'replayed' : 'skipped'}`, entityType: 'event', entityId: eventId, after: { type: row.type } });
            return row;
          });
          if (!done) {
            const state = await outboxEventState(deps.db, eventId);
            if (!state) throw new AppError('not_found', `Event ${eventId} does not exist`);
            throw new AppError('conflict', `Event ${eventId} is not a dead letter (it is ${state})`);
          }
          return { eventId: done.eventId, type: done.type, status: action === 'replay' ? ('replayed' as const) : ('skipped' as const) };
        },
      });
    }
  };
