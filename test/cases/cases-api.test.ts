import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { ok, placeOrder, warehouse, eventsOfType } from '../fulfillment/support.js';
import { queryRows } from '../../src/platform/db/query.js';
import { detectSlaBreaches } from '../../src/modules/support/index.js';
import { sendDueMessages, type Mailer, type OutgoingMail } from '../../src/modules/notifications/index.js';
import { berlinHours, inboundSecret, mailgun, manualClock, postmark } from './support.js';

/**
 * Support cases through the API: SLA timers over business hours and a weekend, the breach job writing
 * case.sla_breached once, the dashboard figures, replies with templates sent as e-mail, transitions,
 * inbound e-mail threading and the assistant's hand-over.
 */
// Friday 2026-03-06 16:30 in Berlin (CET, UTC+1).
const clock = manualClock('2026-03-06T15:30:00Z');
let t: TestApp;
let order: { id: string; number: string };

beforeAll(async () => {
  t = await testApp({ clock });
  await warehouse(t, 'BER');
  order = await placeOrder(t, [{ sku: 'MUG-1', quantity: 1 }], { customer: { email: 'ada@example.com', name: 'Ada Lovelace' } });
  await ok(t.api('PUT', '/api/v1/support/business-hours', berlinHours));
  await ok(
    t.api('PUT', '/api/v1/support/sla-policies', {
      policies: [
        { category: '*', priority: '*', firstResponseMinutes: 60, resolutionMinutes: 480 },
        { category: 'delivery', priority: 'urgent', firstResponseMinutes: 15, resolutionMinutes: 120 },
      ],
    }),
  );
});
afterAll(() => t.close());

const breachEvents = async () => (await eventsOfType(t, 'case.sla_breached')) as Array<{ caseId: string; target: string; dueAt: string }>;

describe('SLA timers over business hours and a weekend', () => {
  let caseId: string;

  it('a case opened Friday 16:30 is due Monday 09:30 (first response) and Monday 16:30 (resolution)', async () => {
    const r = await t.api('POST', '/api/v1/cases', { subject: 'Where is my mug?', category: 'delivery', orderId: order.id, message: 'It has not arrived.' }, { as: 'support' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    caseId = r.body.id;
    expect(r.body).toMatchObject({ status: 'open', source: 'api', orderNumber: order.number, customerEmail: 'ada@example.com', customerName: 'Ada Lovelace', reference: `C-${r.body.number}` });
    expect(r.body.sla.firstResponse).toMatchObject({ dueAt: '2026-03-09T08:30:00.000Z', state: 'running' });
    // 30 business minutes on Friday + 450 on Monday from 09:00.
    expect(r.body.sla.resolution).toMatchObject({ dueAt: '2026-03-09T15:30:00.000Z', state: 'running' });
    expect(r.body.timeline.map((a: { kind: string }) => a.kind)).toEqual(['opened', 'customer_message']);
    expect(await eventsOfType(t, 'case.opened')).toHaveLength(1);
  });

  it('nothing is breached over the weekend; Monday 09:31 the first response is, once, on the dashboard', async () => {
    clock.set('2026-03-07T12:00:00Z'); // Saturday
    expect(await detectSlaBreaches(t.deps)).toEqual({ firstResponse: 0, resolution: 0 });
    clock.set('2026-03-09T08:29:00Z'); // Monday 09:29
    expect(await detectSlaBreaches(t.deps)).toEqual({ firstResponse: 0, resolution: 0 });
    expect((await ok(t.api('GET', '/api/v1/support/summary'))).dueSoon).toBe(1);
    clock.set('2026-03-09T08:31:00Z');
    expect(await detectSlaBreaches(t.deps)).toEqual({ firstResponse: 1, resolution: 0 });
    expect(await detectSlaBreaches(t.deps)).toEqual({ firstResponse: 0, resolution: 0 });
    // Two workers racing write it once too.
    await Promise.all([detectSlaBreaches(t.deps), detectSlaBreaches(t.deps)]);
    expect(await breachEvents()).toEqual([expect.objectContaining({ caseId, target: 'first_response', dueAt: '2026-03-09T08:30:00.000Z' })]);
    const summary = await ok(t.api('GET', '/api/v1/support/summary', undefined, { as: 'read-only' }));
    expect(summary).toMatchObject({ open: 1, breached: 1, unassigned: 1 });
    const listed = await ok(t.api('GET', '/api/v1/cases?breached=true'));
    expect(listed.items.map((c: { id: string }) => c.id)).toEqual([caseId]);
    expect(listed.items[0].sla.firstResponse.state).toBe('breached');
    expect((await ok(t.api('GET', '/api/v1/cases?breached=false'))).items).toEqual([]);
    const detail = await ok(t.api('GET', `/api/v1/cases/${caseId}`));
    expect(detail.timeline.at(-1)).toMatchObject({ kind: 'sla_breached', data: { target: 'first_response' } });
  });

  it('pending pauses the resolution clock; reopening resumes it with the business time left', async () => {
    clock.set('2026-03-09T09:00:00Z'); // Monday 10:00: 60 + 30 business minutes used
    let c = await ok(t.api('POST', `/api/v1/cases/${caseId}/status`, { status: 'pending', reason: 'asked for a photo' }));
    expect(c.sla.resolution).toMatchObject({ dueAt: null, state: 'paused' });
    clock.set('2026-03-09T16:00:00Z'); // Monday 17:00: the old due time passed while pending
    expect(await detectSlaBreaches(t.deps)).toEqual({ firstResponse: 0, resolution: 0 });
    clock.set('2026-03-10T09:00:00Z'); // Tuesday 10:00, 390 business minutes left → 16:30
    c = await ok(t.api('POST', `/api/v1/cases/${caseId}/status`, { status: 'open' }));
    expect(c.sla.resolution).toMatchObject({ dueAt: '2026-03-10T15:30:00.000Z', state: 'running' });
    clock.set('2026-03-10T15:31:00Z');
    expect(await detectSlaBreaches(t.deps)).toEqual({ firstResponse: 0, resolution: 1 });
    expect((await breachEvents()).map((e) => e.target)).toEqual(['first_response', 'resolution']);
  });

  it('the most specific policy applies (delivery/urgent: 15 minutes)', async () => {
    clock.set('2026-03-10T09:00:00Z');
    const r = await ok(t.api('POST', '/api/v1/cases', { subject: 'Urgent', category: 'delivery', priority: 'urgent', customerEmail: 'ada@example.com' }), 201);
    expect(r).toMatchObject({ customerName: 'Ada Lovelace', orderId: null, sla: { firstResponse: { dueAt: '2026-03-10T09:15:00.000Z' }, resolution: { dueAt: '2026-03-10T11:00:00.000Z' } } });
  });
});

describe('from creation to resolution: assign, reply with a template, resolve, reopen by e-mail', () => {
  it('works end to end and sends the reply through the notification queue', async () => {
    clock.set('2026-03-11T08:00:00Z'); // Wednesday 09:00
    const created = await ok(t.api('POST', '/api/v1/cases', { subject: 'Wrong colour', category: 'product', orderId: order.id }, { as: 'support' }), 201);
    const tpl = await ok(t.api('POST', '/api/v1/support/templates', { name: 'Apology', subject: 'About your order {{order.number}}', body: 'Hello {{customer.name}},\n\nsorry about order {{order.number}}. — {{agent.name}}' }, { as: 'manager' }), 201);
    expect((await t.api('POST', '/api/v1/support/templates', { name: 'Apology', body: 'x' }, { as: 'manager' })).status).toBe(409);
    expect((await t.api('POST', '/api/v1/support/templates', { name: 'Bad', body: 'Hi {{customer.nickname}}' }, { as: 'manager' })).status).toBe(400);

    const preview = await ok(t.api('POST', `/api/v1/cases/${created.id}/reply-preview`, { templateId: tpl.id }, { as: 'support' }));
    expect(preview.body).toBe(`Hello Ada Lovelace,\n\nsorry about order ${order.number}. — test support`);
    expect(preview.subject).toBe(`About your order ${order.number} [${created.reference}]`);

    const assigned = await ok(t.api('POST', `/api/v1/cases/${created.id}/assign`, { assigneeId: 'me' }, { as: 'support' }));
    expect(assigned.assignee).toMatchObject({ name: 'test support' });
    expect((await t.api('POST', `/api/v1/cases/${created.id}/assign`, { assigneeId: 'nobody' }, { as: 'support' })).status).toBe(422);

    clock.set('2026-03-11T08:20:00Z');
    const replied = await ok(t.api('POST', `/api/v1/cases/${created.id}/replies`, { templateId: tpl.id, then: 'resolved' }, { as: 'support' }));
    expect(replied).toMatchObject({ status: 'resolved', sla: { firstResponse: { state: 'met', doneAt: '2026-03-11T08:20:00.000Z' }, resolution: { state: 'met' } } });
    expect(replied.timeline.map((a: { kind: string }) => a.kind)).toEqual(['opened', 'assigned', 'reply', 'status_changed']);
    await ok(t.api('POST', `/api/v1/cases/${created.id}/comments`, { body: 'Customer is a regular.' }, { as: 'support' }));
    expect(await eventsOfType(t, 'case.replied')).toEqual([expect.objectContaining({ caseId: created.id, templateId: tpl.id, firstResponse: true })]);

    const sent: OutgoingMail[] = [];
    const mailer: Mailer = { kind: 'eml', send: async (m) => (sent.push(m), { providerMessageId: `p-${sent.length}` }), close: async () => {} };
    const result = await sendDueMessages({ db: t.deps.db, clock, newId: t.deps.newId, mailer, publicUrl: 'http://shop.test' });
    const reply = sent.find((m) => m.headers?.['X-Ordo-Template'] === 'support_reply')!;
    expect(result.failed + result.bounced).toBe(0);
    expect(reply).toMatchObject({ to: 'ada@example.com', subject: `About your order ${order.number} [${created.reference}]` });
    expect(reply.text).toContain('Hello Ada Lovelace');
    expect(reply.html).toContain('sorry about order');

    // Illegal move: resolved → pending.
    const illegal = await t.api('POST', `/api/v1/cases/${created.id}/status`, { status: 'pending' }, { as: 'support' });
    expect(illegal.status).toBe(409);
    expect(illegal.body.type).toMatch(/illegal-transition/);

    // The customer answers the e-mail: threaded by [C-n], the case reopens; a redelivery adds nothing.
    const secret = await inboundSecret(t);
    expect((await postmark(t, 'wrong', { id: 'pm-1', from: 'ada@example.com', subject: 'x', text: 'y' })).statusCode).toBe(401);
    const answer = { id: 'pm-1', from: 'Ada Lovelace <ADA@example.com>', subject: `RE: ${reply.subject}`, text: 'Thanks, but the colour is still wrong.' };
    const threaded = await postmark(t, secret, answer);
    expect(threaded.statusCode, threaded.body).toBe(200);
    expect(JSON.parse(threaded.body)).toMatchObject({ outcome: 'threaded', caseId: created.id });
    expect(JSON.parse((await postmark(t, secret, answer)).body)).toMatchObject({ outcome: 'duplicate', caseId: created.id });
    const reopened = await ok(t.api('GET', `/api/v1/cases/${created.id}`));
    expect(reopened.status).toBe('open');
    expect(reopened.timeline.filter((a: { kind: string }) => a.kind === 'customer_message')).toHaveLength(1);
    expect(reopened.timeline.at(-1)).toMatchObject({ kind: 'status_changed', data: { from: 'resolved', to: 'open' }, author: 'Ada Lovelace <ada@example.com>' });

    // Someone else quoting the reference does not get into the case: a new case for them.
    const stranger = JSON.parse((await postmark(t, secret, { id: 'pm-2', from: 'eve@example.com', subject: `Fwd: ${reply.subject}`, text: 'hi' })).body);
    expect(stranger).toMatchObject({ outcome: 'opened' });
    expect(stranger.caseId).not.toBe(created.id);
  });

  it('Mailgun: signed form posts open a case for a known customer, linked to their latest order', async () => {
    const secret = await inboundSecret(t);
    const now = Math.floor(clock.now().getTime() / 1000);
    const bad = await mailgun(t, 'not-the-secret', now, { id: '<mg-1@x>', from: 'ada@example.com', subject: 'Hello', text: 'A question' });
    expect(bad.statusCode).toBe(401);
    const r = await mailgun(t, secret, now, { id: '<mg-1@x>', from: 'Ada <ada@example.com>', subject: 'A new question', text: 'Do you ship to Norway?' });
    expect(r.statusCode, r.body).toBe(200);
    const c = await ok(t.api('GET', `/api/v1/cases/${JSON.parse(r.body).caseId}`));
    expect(c).toMatchObject({ source: 'email', orderId: order.id, customerEmail: 'ada@example.com', subject: 'A new question' });
    expect(c.timeline[1]).toMatchObject({ kind: 'customer_message', body: 'Do you ship to Norway?' });
  });
});

describe('the assistant hands over to a case', () => {
  it('a hand-over opens one case for the order; a second hand-over adds to it', async () => {
    const o = await placeOrder(t, [{ sku: 'PEN-1', quantity: 1 }], { customer: { email: 'bob@example.com', name: 'Bob' } });
    const look = await t.api('POST', '/api/v1/public/order-status/lookup', { orderNumber: o.number, email: 'bob@example.com' }, { key: null, remoteAddress: '10.9.0.1' });
    const ask = (message: string) => t.api('POST', '/api/v1/assistant/messages', { token: look.body.token, message }, { key: null, remoteAddress: '10.9.0.2' });
    expect((await ask('I want to talk to a human')).body.action).toBe('handover');
    expect((await ask('How do I return this?')).body.action).toBe('handover');
    await t.drain();
    const list = await ok(t.api('GET', `/api/v1/cases?orderId=${o.id}`));
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ source: 'assistant', customerEmail: 'bob@example.com', status: 'open' });
    const detail = await ok(t.api('GET', `/api/v1/cases/${list.items[0].id}`));
    expect(detail.timeline.filter((a: { kind: string }) => a.kind === 'customer_message').map((a: { body: string }) => a.body)).toEqual(['I want to talk to a human', 'How do I return this?']);
  });
});

describe('bad input and access', () => {
  it('refuses with problem+json naming the field, writing nothing', async () => {
    const before = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from support_cases`);
    const noLink = await t.api('POST', '/api/v1/cases', { subject: 'x' });
    expect(noLink.status).toBe(400);
    expect(noLink.body.errors).toEqual([expect.objectContaining({ path: 'orderId' })]);
    const unknownOrder = await t.api('POST', '/api/v1/cases', { subject: 'x', orderId: '0190a0a0-0000-7000-8000-000000000000' });
    expect(unknownOrder.status).toBe(422);
    expect((await t.api('POST', '/api/v1/cases', { subject: 'x', orderId: order.id, category: 'nope' })).status).toBe(400);
    expect(await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from support_cases`)).toEqual(before);
    const hours = await t.api('PUT', '/api/v1/support/business-hours', { ...berlinHours, timeZone: 'Mars/Olympus', week: { ...berlinHours.week, mon: [{ open: '17:00', close: '09:00' }] } });
    expect(hours.status).toBe(400);
    expect(hours.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['timeZone', 'week.mon.0.close']);
    expect((await t.api('PUT', '/api/v1/support/sla-policies', { policies: [] }, { as: 'manager' })).status).toBe(403);
    expect((await t.api('POST', `/api/v1/cases/${'0190a0a0-0000-7000-8000-000000000000'}/comments`, { body: 'x' })).status).toBe(404);
  });
});
