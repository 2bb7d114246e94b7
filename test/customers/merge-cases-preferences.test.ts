import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { manualClock } from '../cases/support.js';
import { auditLog, outbox } from '../../src/platform/db/schema/index.js';
import { placeOrder, stockedShop } from './helpers.js';

// Moved by hand: which contact preferences are the more recent decides the merge.
const clock = manualClock('2026-03-04T09:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await testApp({ clock });
  await stockedShop(t);
});
afterAll(() => t.close());

const casesOf = async (customerId: string) =>
  ((await t.api('GET', `/api/v1/cases?customerId=${customerId}&limit=100`, undefined, { as: 'support' })).body.items as Array<{ id: string }>).map((c) => c.id).sort();
const prefsOf = async (customerId: string) => (await t.api('GET', `/api/v1/customers/${customerId}/contact-preferences`)).body;
const prefs = (p: { phone?: string | null; smsOptIn?: boolean; marketingConsent?: boolean; locale?: string | null }) => ({ locale: null, phone: null, smsOptIn: false, marketingConsent: false, ...p });
/** Top customers in EUR on the pinned day, from the analytics facts. */
const topCustomers = async () =>
  ((await t.api('GET', '/api/v1/reports/top?by=customer&from=2026-03-01&to=2026-03-31&currency=EUR&limit=50')).body.rows as Array<{ key: string; orders: number }>)
    .map((r) => ({ key: r.key, orders: r.orders }))
    .sort((a, b) => a.key.localeCompare(b.key));

describe('customer merge: support cases, contact preferences and sales facts', () => {
  it('moves the cases and consent with the customer, re-keys the sales facts, audits it, and the undo moves them back', async () => {
    const a = await placeOrder(t, 'cara@example.com');
    const b = await placeOrder(t, 'cara.old@example.com', [{ quantity: 2 }]);
    const [target, source] = [a.customer.id, b.customer.id];
    const caseB = (await t.api('POST', '/api/v1/cases', { subject: 'Where is my parcel?', customerId: source, message: 'Nothing yet.' }, { as: 'support' })).body;
    const caseB2 = (await t.api('POST', '/api/v1/cases', { subject: 'Invoice please', orderId: b.id }, { as: 'support' })).body;
    const caseA = (await t.api('POST', '/api/v1/cases', { subject: 'Address change', customerId: target }, { as: 'support' })).body;
    expect(await casesOf(source)).toEqual([caseB.id, caseB2.id].sort());
    clock.set('2026-03-04T10:00:00Z');
    expect((await t.api('PUT', `/api/v1/customers/${source}/contact-preferences`, prefs({ phone: '+491701234567', smsOptIn: true, marketingConsent: true }), { as: 'support' })).status).toBe(200);
    await t.drain();
    expect(await topCustomers()).toEqual(expect.arrayContaining([{ key: target, orders: 1 }, { key: source, orders: 1 }]));

    clock.set('2026-03-04T11:00:00Z');
    const res = await t.api('POST', `/api/v1/customers/${target}/merge`, { sourceCustomerId: source }, { as: 'support' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const merge = res.body as { id: string; moved: Record<string, unknown> };
    expect(merge.moved).toMatchObject({ orders: [b.id], supportCases: [caseB.id, caseB2.id].sort(), contactPreferences: { kept: 'source', targetBefore: null } });

    // Cases and consent are the target's now; the source has none left.
    expect(await casesOf(target)).toEqual([caseA.id, caseB.id, caseB2.id].sort());
    expect(await casesOf(source)).toEqual([]);
    expect(await prefsOf(target)).toMatchObject({ phone: '+491701234567', smsOptIn: true, marketingConsent: true });
    expect(await prefsOf(source)).toMatchObject({ phone: null, smsOptIn: false, marketingConsent: false });
    // The top-customers report counts the moved order for the target once the events are handled.
    await t.drain();
    const top = await topCustomers();
    expect(top.find((r) => r.key === target)).toEqual({ key: target, orders: 2 });
    expect(top.find((r) => r.key === source)).toBeUndefined();

    // Audited with the full record; the event (webhooks see it) names whose preferences were kept, no phone number.
    const [audit] = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'customer.merged'), eq(auditLog.entityId, target)));
    expect(audit!.after).toMatchObject({ moved: { supportCases: [caseB.id, caseB2.id].sort(), contactPreferences: { kept: 'source', source: { phone: '+491701234567' } } } });
    const [event] = await t.database.db.select().from(outbox).where(and(eq(outbox.type, 'customer.merged'), eq(outbox.aggregateId, target)));
    expect((event!.payload as { moved: Record<string, unknown> }).moved).toMatchObject({ supportCases: [caseB.id, caseB2.id].sort(), contactPreferences: { kept: 'source' } });
    expect(JSON.stringify(event!.payload)).not.toContain('+491701234567');

    // The undo moves exactly those back.
    clock.set('2026-03-04T12:00:00Z');
    const undo = await t.api('POST', `/api/v1/customers/merges/${merge.id}/undo`, undefined, { as: 'support' });
    expect(undo.status, JSON.stringify(undo.body)).toBe(200);
    expect(await casesOf(source)).toEqual([caseB.id, caseB2.id].sort());
    expect(await casesOf(target)).toEqual([caseA.id]);
    expect(await prefsOf(source)).toMatchObject({ phone: '+491701234567', smsOptIn: true, marketingConsent: true });
    expect(await prefsOf(target)).toMatchObject({ phone: null, smsOptIn: false, marketingConsent: false });
    await t.drain();
    expect((await topCustomers()).filter((r) => r.key === target || r.key === source)).toEqual([{ key: target, orders: 1 }, { key: source, orders: 1 }].sort((x, y) => x.key.localeCompare(y.key)));
  });

  it('keeps the more recently stated preferences when both customers have them, and the undo gives each its own back', async () => {
    const a = await placeOrder(t, 'dora@example.com');
    const b = await placeOrder(t, 'dora.old@example.com');
    const [target, source] = [a.customer.id, b.customer.id];
    clock.set('2026-03-05T09:00:00Z');
    expect((await t.api('PUT', `/api/v1/customers/${source}/contact-preferences`, prefs({ marketingConsent: true }))).status).toBe(200);
    clock.set('2026-03-05T10:00:00Z');
    // The target withdrew consent later: that is the person's latest word and survives the merge.
    expect((await t.api('PUT', `/api/v1/customers/${target}/contact-preferences`, prefs({ locale: 'de', marketingConsent: false }))).status).toBe(200);
    clock.set('2026-03-05T11:00:00Z');
    const merge = (await t.api('POST', `/api/v1/customers/${target}/merge`, { sourceCustomerId: source })).body;
    expect(merge.moved.contactPreferences).toMatchObject({ kept: 'target', source: { marketingConsent: true }, targetBefore: { locale: 'de', marketingConsent: false } });
    expect(await prefsOf(target)).toMatchObject({ locale: 'de', marketingConsent: false });
    expect(await prefsOf(source)).toMatchObject({ marketingConsent: false });

    clock.set('2026-03-05T12:00:00Z');
    expect((await t.api('POST', `/api/v1/customers/merges/${merge.id}/undo`)).status).toBe(200);
    expect(await prefsOf(source)).toMatchObject({ marketingConsent: true, locale: null });
    expect(await prefsOf(target)).toMatchObject({ locale: 'de', marketingConsent: false });

    // The other way round: the source stated its consent last, so the target takes it.
    clock.set('2026-03-05T13:00:00Z');
    expect((await t.api('PUT', `/api/v1/customers/${source}/contact-preferences`, prefs({ locale: 'en', marketingConsent: true }))).status).toBe(200);
    clock.set('2026-03-05T14:00:00Z');
    const again = (await t.api('POST', `/api/v1/customers/${target}/merge`, { sourceCustomerId: source })).body;
    expect(again.moved.contactPreferences.kept).toBe('source');
    expect(await prefsOf(target)).toMatchObject({ locale: 'en', marketingConsent: true });
    clock.set('2026-03-05T15:00:00Z');
    expect((await t.api('POST', `/api/v1/customers/merges/${again.id}/undo`)).status).toBe(200);
    expect(await prefsOf(target)).toMatchObject({ locale: 'de', marketingConsent: false });
    expect(await prefsOf(source)).toMatchObject({ locale: 'en', marketingConsent: true });
  });
});
