import { asc, eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { supportReplyTemplates } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import type { CaseCategory } from '../../domain/support/case-states.js';
import type { TemplateInput } from './support.schemas.js';

type Row = typeof supportReplyTemplates.$inferSelect;
const toJson = (r: Row) => ({ id: r.id, name: r.name, subject: r.subject, body: r.body, category: r.category as CaseCategory | null, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() });

export async function listTemplates(db: Db) {
  return { items: (await db.select().from(supportReplyTemplates).orderBy(asc(supportReplyTemplates.name))).map(toJson) };
}

export async function loadTemplate(db: Db, id: string): Promise<Row> {
  const [r] = await db.select().from(supportReplyTemplates).where(eq(supportReplyTemplates.id, id));
  if (!r) throw new AppError('not_found', `Reply template ${id} does not exist`);
  return r;
}

const duplicateName = (name: string) => new AppError('duplicate', `A reply template named “${name}” exists already`, { errors: [{ path: 'name', message: 'is taken' }] });

async function nameTaken(db: Db, name: string, except?: string) {
  const [r] = await db.select({ id: supportReplyTemplates.id }).from(supportReplyTemplates).where(eq(supportReplyTemplates.name, name));
  return !!r && r.id !== except;
}

export async function createTemplate(ctx: Ctx, input: TemplateInput) {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    if (await nameTaken(tx, input.name)) throw duplicateName(input.name);
    const [r] = await tx
      .insert(supportReplyTemplates)
      .values({ id: ctx.newId(), name: input.name, subject: input.subject || null, body: input.body, category: input.category ?? null, createdAt: at, updatedAt: at })
      .onConflictDoNothing({ target: supportReplyTemplates.name })
      .returning();
    if (!r) throw duplicateName(input.name);
    await recordAudit(tx, { ...ctx, at }, { action: 'support.template_created', entityType: 'support_reply_template', entityId: r.id, after: input });
    return toJson(r);
  });
}

export async function updateTemplate(ctx: Ctx, id: string, input: TemplateInput) {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const before = await loadTemplate(tx, id);
    if (await nameTaken(tx, input.name, id)) throw duplicateName(input.name);
    const [r] = await tx
      .update(supportReplyTemplates)
      .set({ name: input.name, subject: input.subject || null, body: input.body, category: input.category ?? null, updatedAt: at })
      .where(eq(supportReplyTemplates.id, id))
      .returning();
    await recordAudit(tx, { ...ctx, at }, { action: 'support.template_updated', entityType: 'support_reply_template', entityId: id, before: toJson(before), after: input });
    return toJson(r!);
  });
}

export async function deleteTemplate(ctx: Ctx, id: string): Promise<void> {
  const at = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const before = await loadTemplate(tx, id);
    await tx.delete(supportReplyTemplates).where(eq(supportReplyTemplates.id, id));
    await recordAudit(tx, { ...ctx, at }, { action: 'support.template_deleted', entityType: 'support_reply_template', entityId: id, before: toJson(before) });
  });
}
