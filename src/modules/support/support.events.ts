import { z } from 'zod';
import { defineEvent } from '../../platform/events/define.js';
import { caseCategories, casePriorities, caseStatuses } from '../../domain/support/case-states.js';

/** The support context's public events (docs/support.md). */
const caseRef = { caseId: z.uuid(), reference: z.string().describe('`C-<number>`, as in e-mail subjects') };

export const caseOpened = defineEvent({
  type: 'case.opened',
  version: 1,
  aggregateType: 'case',
  summary: 'A support case was opened (console, API, inbound e-mail or the self-service assistant’s hand-over).',
  payload: z.object({
    ...caseRef,
    subject: z.string(),
    category: z.enum(caseCategories),
    priority: z.enum(casePriorities),
    source: z.enum(['console', 'api', 'email', 'assistant']),
    orderId: z.uuid().nullable(),
    customerId: z.uuid().nullable(),
    firstResponseDueAt: z.string().nullable(),
    resolutionDueAt: z.string().nullable(),
  }),
});

export const caseAssigned = defineEvent({
  type: 'case.assigned',
  version: 1,
  aggregateType: 'case',
  summary: 'A case was assigned to a console user (or unassigned: null).',
  payload: z.object({ ...caseRef, assigneeId: z.string().nullable(), assigneeName: z.string().nullable(), previousAssigneeId: z.string().nullable() }),
});

export const caseStatusChanged = defineEvent({
  type: 'case.status_changed',
  version: 1,
  aggregateType: 'case',
  summary: 'A case moved along its status table (open, pending, resolved); a customer message reopens it.',
  payload: z.object({ ...caseRef, from: z.enum(caseStatuses), to: z.enum(caseStatuses), reason: z.string().nullable() }),
});

export const caseReplied = defineEvent({
  type: 'case.replied',
  version: 1,
  aggregateType: 'case',
  summary: 'An agent replied to the customer (queued as an e-mail by the notifications module).',
  payload: z.object({ ...caseRef, activityId: z.uuid(), messageId: z.uuid().nullable(), templateId: z.uuid().nullable(), firstResponse: z.boolean() }),
});

export const caseMessageReceived = defineEvent({
  type: 'case.message_received',
  version: 1,
  aggregateType: 'case',
  summary: 'A customer e-mail arrived into a case (threaded by its reference, or a new case).',
  payload: z.object({ ...caseRef, activityId: z.uuid(), from: z.string() }),
});

export const caseSlaBreached = defineEvent({
  type: 'case.sla_breached',
  version: 1,
  aggregateType: 'case',
  summary: 'A case passed an SLA target in business hours without meeting it (written once per case and target).',
  payload: z.object({ ...caseRef, target: z.enum(['first_response', 'resolution']), dueAt: z.string(), category: z.enum(caseCategories), priority: z.enum(casePriorities), assigneeId: z.string().nullable() }),
});

export const supportSettingsUpdated = defineEvent({
  type: 'support_settings.updated',
  version: 1,
  aggregateType: 'support_settings',
  summary: 'The support calendar (time zone, opening hours, holidays), the SLA policies or the Mailgun signing key (never in the event) were changed.',
  payload: z.object({ what: z.enum(['business_hours', 'sla_policies', 'mailgun_signing_key']), updatedBy: z.string() }),
});

export const supportEvents = [caseOpened, caseAssigned, caseStatusChanged, caseReplied, caseMessageReceived, caseSlaBreached, supportSettingsUpdated] as const;
