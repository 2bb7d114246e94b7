import { asc, eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { boxes } from '../../platform/db/schema/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { boxCreated, boxUpdated } from './fulfillment.events.js';

export type BoxRow = typeof boxes.$inferSelect;
export interface BoxInput {
  name: string;
  dimensionsMm: { length: number; width: number; height: number };
  maxWeightGrams: number;
  tareWeightGrams: number;
  active: boolean;
}

export const boxJson = (b: BoxRow) => ({
  code: b.code,
  name: b.name,
  dimensionsMm: { length: b.lengthMm, width: b.widthMm, height: b.heightMm },
  volumeLitres: Math.round((b.lengthMm * b.widthMm * b.heightMm) / 10_000) / 100,
  maxWeightGrams: b.maxWeightGrams,
  tareWeightGrams: b.tareWeightGrams,
  active: b.active,
  updatedAt: b.updatedAt.toISOString(),
});
export type BoxJson = ReturnType<typeof boxJson>;

const columns = (i: BoxInput) => ({
  name: i.name, lengthMm: i.dimensionsMm.length, widthMm: i.dimensionsMm.width, heightMm: i.dimensionsMm.height,
  maxWeightGrams: i.maxWeightGrams, tareWeightGrams: i.tareWeightGrams, active: i.active,
});

export async function listBoxes(db: Db, q: { active?: boolean | undefined }) {
  const rows = await db.select().from(boxes).where(q.active === undefined ? undefined : eq(boxes.active, q.active)).orderBy(asc(boxes.code));
  return rows.map(boxJson);
}

/** Adds a carton to the catalog; 409 when the code exists. */
export async function createBox(ctx: Ctx, input: BoxInput & { code: string }): Promise<BoxJson> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(boxes).values({ code: input.code, ...columns(input), createdAt: at, updatedAt: at }).onConflictDoNothing().returning();
    if (!row) throw new AppError('duplicate', `Box ${input.code} already exists`, { errors: [{ path: 'code', message: 'already exists' }] });
    const json = boxJson(row);
    await recordAudit(tx, { ...ctx, at }, { action: 'box.created', entityType: 'box', entityId: row.code, after: json });
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(boxCreated, row.code, json)]);
    return json;
  });
}

/** Replaces a carton's dimensions, limits or active flag (retire a box with active: false). */
export async function updateBox(ctx: Ctx, code: string, input: BoxInput): Promise<BoxJson> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(boxes).where(eq(boxes.code, code)).for('update');
    if (!before) throw notFound('Box', code);
    const [row] = await tx.update(boxes).set({ ...columns(input), updatedAt: at }).where(eq(boxes.code, code)).returning();
    const json = boxJson(row!);
    await recordAudit(tx, { ...ctx, at }, { action: 'box.updated', entityType: 'box', entityId: code, before: boxJson(before), after: json });
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(boxUpdated, code, json)]);
    return json;
  });
}
