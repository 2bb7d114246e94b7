import { z } from 'zod';
import { isTimeZone } from '../../domain/local-time.js';
import { caseCategories, casePriorities, caseStatuses } from '../../domain/support/case-states.js';
import { calendarProblems, weekdays } from '../../domain/support/business-hours.js';
import { unknownPlaceholders, templatePlaceholders } from '../../domain/support/reply-template.js';

const text = (max: number) => z.string().trim().min(1, 'is required').max(max);
const knownPlaceholders = (s: string | undefined) => !s || unknownPlaceholders(s).length === 0;
const placeholderMessage = `uses an unknown placeholder; known: ${templatePlaceholders.map((p) => `{{${p}}}`).join(', ')}`;

export const createCaseBody = z
  .object({
    subject: text(300),
    category: z.enum(caseCategories).default('other'),
    priority: z.enum(casePriorities).default('normal'),
    orderId: z.uuid('must be an order id (UUID)').optional(),
    orderNumber: z.string().trim().min(1).max(64).optional().describe('The order by its number (instead of orderId)'),
    customerId: z.uuid('must be a customer id (UUID)').optional(),
    customerEmail: z.email('must be an e-mail address').max(320).optional().describe('Whom replies go to; default the customer’s or the order’s e-mail'),
    customerName: z.string().trim().max(200).optional(),
    message: z.string().trim().max(20_000).optional().describe('What the customer asked (the first entry of the timeline)'),
    assigneeId: z.string().trim().min(1).max(100).optional(),
  })
  .refine((b) => b.orderId || b.orderNumber || b.customerId || b.customerEmail, { message: 'link the case to an order, a customer or an e-mail address', path: ['orderId'] })
  .meta({ id: 'CreateCase' });
export type CreateCaseInput = z.output<typeof createCaseBody>;

const slaTarget = z.object({
  dueAt: z.string().nullable().describe('Null while the clock is paused (pending, resolved) or without a policy'),
  doneAt: z.string().nullable(),
  breachedAt: z.string().nullable(),
  state: z.enum(['met', 'paused', 'running', 'due_soon', 'breached', 'none']),
});

export const caseSchema = z
  .object({
    id: z.string(),
    number: z.number().int(),
    reference: z.string(),
    subject: z.string(),
    category: z.enum(caseCategories),
    priority: z.enum(casePriorities),
    status: z.enum(caseStatuses),
    allowedStatuses: z.array(z.enum(caseStatuses)),
    source: z.enum(['console', 'api', 'email', 'assistant']),
    orderId: z.string().nullable(),
    orderNumber: z.string().nullable(),
    customerId: z.string().nullable(),
    customerEmail: z.string().nullable(),
    customerName: z.string().nullable(),
    assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
    sla: z.object({ firstResponse: slaTarget, resolution: slaTarget, breached: z.boolean() }),
    createdAt: z.string(),
    updatedAt: z.string(),
    resolvedAt: z.string().nullable(),
  })
  .meta({ id: 'Case' });
export type CaseJson = z.infer<typeof caseSchema>;

export const activitySchema = z.object({
  id: z.string(),
  kind: z.enum(['opened', 'customer_message', 'reply', 'comment', 'assigned', 'status_changed', 'sla_breached']),
  author: z.string(),
  subject: z.string().nullable(),
  body: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  at: z.string(),
});
export const caseDetailSchema = caseSchema.extend({ timeline: z.array(activitySchema) }).meta({ id: 'CaseDetail' });
export type CaseDetailJson = z.infer<typeof caseDetailSchema>;

export const listCasesQuery = z.object({
  status: z.enum(caseStatuses).optional(),
  category: z.enum(caseCategories).optional(),
  priority: z.enum(casePriorities).optional(),
  assigneeId: z.string().trim().min(1).max(100).optional().describe('A user id, `me`, or `none` for unassigned cases'),
  breached: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  orderId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type ListCasesQuery = z.output<typeof listCasesQuery>;

export const assignBody = z.object({ assigneeId: z.string().trim().min(1).max(100).nullable().describe('A console user id, `me`, or null to unassign') });
export const statusBody = z.object({ status: z.enum(caseStatuses), reason: z.string().trim().max(500).optional() });
export const replyBody = z
  .object({
    templateId: z.uuid('must be a reply template id (UUID)').optional(),
    subject: z.string().trim().min(1).max(300).optional(),
    body: z.string().trim().min(1, 'is required').max(20_000).optional().describe('The reply; without it the template’s text with its placeholders filled'),
    then: z.enum(['pending', 'resolved']).optional().describe('Move the case after replying (submit as pending / solved)'),
  })
  .refine((b) => b.templateId || b.body, { message: 'send a body or a templateId', path: ['body'] })
  .meta({ id: 'CaseReply' });
export type ReplyInput = z.output<typeof replyBody>;
export const commentBody = z.object({ body: text(20_000) });
export const previewBody = z.object({ templateId: z.uuid('must be a reply template id (UUID)') });

export const templateBody = z
  .object({
    name: text(100),
    subject: z.string().trim().max(300).optional().refine(knownPlaceholders, placeholderMessage),
    body: text(20_000).refine(knownPlaceholders, placeholderMessage),
    category: z.enum(caseCategories).optional(),
  });
export type TemplateInput = z.output<typeof templateBody>;
export const templateSchema = z
  .object({ id: z.string(), name: z.string(), subject: z.string().nullable(), body: z.string(), category: z.enum(caseCategories).nullable(), createdAt: z.string(), updatedAt: z.string() })
  .meta({ id: 'ReplyTemplate' });

const minutes = z.number().int('must be whole minutes').min(1).max(525_600);
export const slaPolicySchema = z.object({
  category: z.enum([...caseCategories, '*']),
  priority: z.enum([...casePriorities, '*']),
  firstResponseMinutes: minutes.describe('Business minutes until the first agent reply'),
  resolutionMinutes: minutes.describe('Business minutes the case may be open (pending time not counted)'),
});
export const slaPoliciesBody = z
  .object({ policies: z.array(slaPolicySchema).max(200) })
  .superRefine((b, ctx) => {
    const seen = new Set<string>();
    b.policies.forEach((p, i) => {
      const k = `${p.category}/${p.priority}`;
      if (seen.has(k)) ctx.addIssue({ code: 'custom', path: ['policies', i], message: `duplicates the policy for ${k}` });
      seen.add(k);
    });
  });

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time HH:MM (00:00–24:00)');
const interval = z.object({ open: hhmm, close: hhmm });
export const businessHoursSchema = z
  .object({
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin'),
    week: z.object(Object.fromEntries(weekdays.map((d) => [d, z.array(interval).max(6)])) as Record<(typeof weekdays)[number], z.ZodArray<typeof interval>>),
    holidays: z.array(z.iso.date('must be a date YYYY-MM-DD')).max(400),
  })
  .superRefine((b, ctx) => {
    for (const p of calendarProblems(b)) ctx.addIssue({ code: 'custom', path: p.path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)), message: p.message });
  });
export type BusinessHoursInput = z.output<typeof businessHoursSchema>;
export const businessHoursResponse = businessHoursSchema.safeExtend({ updatedAt: z.string().nullable(), updatedBy: z.string().nullable() });

export const summarySchema = z
  .object({ open: z.number().int(), pending: z.number().int(), unassigned: z.number().int(), breached: z.number().int().describe('Unresolved cases past an SLA target'), dueSoon: z.number().int() })
  .meta({ id: 'SupportSummary' });

export const mailgunKeyBody = z
  .object({ signingKey: z.string().trim().min(16, 'must be the signing key from Mailgun (Sending → Webhooks → HTTP webhook signing key)').max(200).regex(/^[\x21-\x7e]+$/, 'must be printable characters without spaces') })
  .meta({ id: 'MailgunSigningKey' });

export const inboundKeySchema = z
  .object({
    configured: z.boolean(),
    hint: z.string().nullable().describe('`…` and the last four characters of the stored key'),
    updatedAt: z.string().nullable(),
    updatedBy: z.string().nullable(),
  })
  .meta({ id: 'InboundSigningKey' });
