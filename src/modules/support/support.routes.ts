import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import type { Actor, Role } from '../../platform/auth/roles.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { createCase } from './open-case.js';
import { assignCase, changeCaseStatus } from './change-case.js';
import { commentOnCase, previewReply, replyToCase } from './reply-to-case.js';
import { caseSummary, getCaseJson, listCases } from './cases.repository.js';
import { createTemplate, deleteTemplate, listTemplates, updateTemplate } from './reply-templates.js';
import { calendarJson, loadCalendar, loadPolicies, putBusinessHours, putPolicies } from './support-settings.js';
import { listAgents } from './case-links.js';
import { inboundSecret } from './inbound-email.routes.js';
import { deleteInboundSigningKey, inboundKeyInfo, putInboundSigningKey } from './inbound-keys.js';
import {
  assignBody,
  businessHoursResponse,
  businessHoursSchema,
  caseDetailSchema,
  caseSchema,
  commentBody,
  createCaseBody,
  listCasesQuery,
  previewBody,
  replyBody,
  slaPoliciesBody,
  statusBody,
  summarySchema,
  templateBody,
  templateSchema,
  inboundKeySchema,
  mailgunKeyBody,
} from './support.schemas.js';

/** Who may do what with cases (docs/support.md). */
const read: readonly Role[] = ['admin', 'manager', 'support', 'integration', 'read-only'];
const open: readonly Role[] = ['admin', 'manager', 'support', 'integration'];
const work: readonly Role[] = ['admin', 'manager', 'support'];
const manage: readonly Role[] = ['admin', 'manager'];
const admin: readonly Role[] = ['admin'];

const idParams = z.object({ id: z.uuid('must be a case id (UUID)') });
const templateParams = z.object({ id: z.uuid('must be a reply template id (UUID)') });
const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(255).optional() }).loose();

export const supportRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['support'];
    const ctx = (req: { actor: Actor; id: string }) => ({ ...deps, actor: req.actor, requestId: req.id });
    const now = () => deps.clock.now();

    app.post('/cases', {
      config: { roles: open },
      schema: {
        tags,
        summary: 'Open a support case linked to an order and/or a customer',
        description: 'The SLA policy of its category and priority sets the first-response and resolution due times in business hours. Send `Idempotency-Key` to make retries safe.',
        headers: idempotencyHeaders,
        body: createCaseBody,
        response: { 201: caseDetailSchema, ...errorResponses },
      },
      handler: async (req, reply) => {
        const out = await createCase(ctx(req), req.body, { source: req.actor.type === 'user' ? 'console' : 'api', idempotencyKey: req.headers['idempotency-key'] });
        if (out.replayed) void reply.header('idempotent-replayed', 'true');
        return reply.code(201).send(out.body);
      },
    });

    app.get('/cases', {
      config: { roles: read },
      schema: { tags, summary: 'List cases, newest first (filters: status, category, priority, assignee, breached, order, customer)', querystring: listCasesQuery, response: { 200: z.object({ items: z.array(caseSchema), nextCursor: z.string().nullable() }), ...errorResponses } },
      handler: async (req) => listCases(deps.db, req.query, { now: now(), actorId: req.actor.id }),
    });

    app.get('/cases/:id', {
      config: { roles: read },
      schema: { tags, summary: 'A case with its timeline (messages, replies, comments, assignments, status changes, SLA breaches)', params: idParams, response: { 200: caseDetailSchema, ...errorResponses } },
      handler: async (req) => getCaseJson(deps.db, req.params.id, now()),
    });

    app.post('/cases/:id/assign', {
      config: { roles: work },
      schema: { tags, summary: 'Assign a case to a console user (`me`), or unassign it (null)', params: idParams, body: assignBody, response: { 200: caseDetailSchema, ...errorResponses } },
      handler: async (req) => assignCase(ctx(req), req.params.id, req.body.assigneeId),
    });

    app.post('/cases/:id/status', {
      config: { roles: work },
      schema: { tags, summary: 'Move a case: open ⇄ pending, → resolved, resolved → open (409 for other moves)', params: idParams, body: statusBody, response: { 200: caseDetailSchema, ...errorResponses } },
      handler: async (req) => changeCaseStatus(ctx(req), req.params.id, req.body),
    });

    app.post('/cases/:id/replies', {
      config: { roles: work },
      schema: { tags, summary: 'Reply to the customer by e-mail (free text or a reply template), optionally then pending or resolved', params: idParams, body: replyBody, response: { 200: caseDetailSchema, ...errorResponses } },
      handler: async (req) => replyToCase(ctx(req), req.params.id, req.body),
    });

    app.post('/cases/:id/reply-preview', {
      config: { roles: work },
      schema: { tags, summary: 'A reply template filled in for this case (not sent)', params: idParams, body: previewBody, response: { 200: z.object({ subject: z.string(), body: z.string() }), ...errorResponses } },
      handler: async (req) => previewReply(ctx(req), req.params.id, req.body.templateId),
    });

    app.post('/cases/:id/comments', {
      config: { roles: work },
      schema: { tags, summary: 'Add an internal comment (never sent to the customer)', params: idParams, body: commentBody, response: { 200: caseDetailSchema, ...errorResponses } },
      handler: async (req) => commentOnCase(ctx(req), req.params.id, req.body.body),
    });

    app.get('/support/summary', {
      config: { roles: read },
      schema: { tags, summary: 'Dashboard figures: open, pending, unassigned, breached and due-soon cases', response: { 200: summarySchema, ...errorResponses } },
      handler: async () => caseSummary(deps.db, now()),
    });

    app.get('/support/agents', {
      config: { roles: work },
      schema: { tags, summary: 'Console users a case can be assigned to (admin, manager, support)', response: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), email: z.string(), role: z.string() })) }), ...errorResponses } },
      handler: async () => ({ items: await listAgents(deps.db) }),
    });

    app.get('/support/templates', {
      config: { roles: work },
      schema: { tags, summary: 'Reply templates, by name', response: { 200: z.object({ items: z.array(templateSchema) }), ...errorResponses } },
      handler: async () => listTemplates(deps.db),
    });

    app.post('/support/templates', {
      config: { roles: manage },
      schema: { tags, summary: 'Create a reply template ({{customer.name}}, {{order.number}}, {{case.reference}}, {{agent.name}} …)', body: templateBody, response: { 201: templateSchema, ...errorResponses } },
      handler: async (req, reply) => reply.code(201).send(await createTemplate(ctx(req), req.body)),
    });

    app.put('/support/templates/:id', {
      config: { roles: manage },
      schema: { tags, summary: 'Replace a reply template', params: templateParams, body: templateBody, response: { 200: templateSchema, ...errorResponses } },
      handler: async (req) => updateTemplate(ctx(req), req.params.id, req.body),
    });

    app.delete('/support/templates/:id', {
      config: { roles: manage },
      schema: { tags, summary: 'Delete a reply template', params: templateParams, response: { 200: z.object({ deleted: z.literal(true) }), ...errorResponses } },
      handler: async (req) => {
        await deleteTemplate(ctx(req), req.params.id);
        return { deleted: true as const };
      },
    });

    app.get('/support/sla-policies', {
      config: { roles: read },
      schema: { tags, summary: 'SLA targets per category and priority in business minutes (`*` = any)', response: { 200: slaPoliciesBody, ...errorResponses } },
      handler: async () => ({ policies: await loadPolicies(deps.db) }),
    });

    app.put('/support/sla-policies', {
      config: { roles: admin },
      schema: { tags, summary: 'Replace the SLA policies (new cases use them; open cases keep their targets)', body: slaPoliciesBody, response: { 200: slaPoliciesBody, ...errorResponses } },
      handler: async (req) => putPolicies(ctx(req), req.body.policies),
    });

    app.get('/support/business-hours', {
      config: { roles: read },
      schema: { tags, summary: 'The support calendar: time zone, opening hours per weekday, holidays', response: { 200: businessHoursResponse, ...errorResponses } },
      handler: async () => calendarJson(await loadCalendar(deps.db, deps.timeZone)),
    });

    app.put('/support/business-hours', {
      config: { roles: admin },
      schema: { tags, summary: 'Replace the support calendar (SLA timers count only these hours)', body: businessHoursSchema, response: { 200: businessHoursResponse, ...errorResponses } },
      handler: async (req) => putBusinessHours(ctx(req), req.body),
    });

    app.get('/support/inbound-email', {
      config: { roles: admin },
      schema: {
        tags,
        summary: 'Where e-mail providers post customer e-mails, and the secret they authenticate with',
        description: 'Postmark authenticates with the installation’s inbound secret (in `postmarkUrl`); Mailgun signs with the key it assigns, stored with PUT /support/inbound-email/mailgun-signing-key (shown here only as a hint).',
        response: { 200: z.object({ postmarkUrl: z.string(), mailgunUrl: z.string(), secret: z.string(), mailgunSigningKey: inboundKeySchema }), ...errorResponses },
      },
      handler: async () => {
        const secret = await inboundSecret(deps);
        const base = (deps.publicUrl ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
        const u = new URL(`${base}/api/v1/support/inbound-email/postmark`);
        u.username = 'postmark';
        u.password = secret;
        return { postmarkUrl: u.toString(), mailgunUrl: `${base}/api/v1/support/inbound-email/mailgun`, secret, mailgunSigningKey: await inboundKeyInfo(deps.db, 'mailgun') };
      },
    });

    app.put('/support/inbound-email/mailgun-signing-key', {
      config: { roles: admin },
      schema: {
        tags,
        summary: 'Store Mailgun’s HTTP webhook signing key (inbound e-mail into cases)',
        description: 'Encrypted at rest with the server’s secret key and never returned: answers show the last four characters. Replaces a stored key; audited without it.',
        body: mailgunKeyBody,
        response: { 200: inboundKeySchema, ...errorResponses },
      },
      handler: async (req) => putInboundSigningKey(ctx(req), 'mailgun', req.body.signingKey),
    });

    app.delete('/support/inbound-email/mailgun-signing-key', {
      config: { roles: admin },
      schema: { tags, summary: 'Remove the stored Mailgun signing key (404 when none is stored; Mailgun posts then verify with the inbound secret, which Mailgun does not know)', response: { 200: inboundKeySchema, ...errorResponses } },
      handler: async (req) => deleteInboundSigningKey(ctx(req), 'mailgun'),
    });
  };
