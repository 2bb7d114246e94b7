import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation, receiveStock } from '../support/factories.js';
import { boxCatalog, fulfillmentsOf, GTIN, ok, placeOrder, warehouse } from '../fulfillment/support.js';
import { sendDueMessages, sendPickupReminders, smtpMailer, type Mailer } from '../../src/modules/notifications/index.js';
import { periodicJobs } from '../../src/worker.js';
import { JobScheduler } from '../../src/platform/jobs/scheduler.js';
import { startSmtp, type CapturingSmtp } from './smtp.js';

let now = new Date('2026-11-02T09:00:00Z');
const clock = { now: () => new Date(now) };
const advanceHours = (h: number) => (now = new Date(now.getTime() + h * 3_600_000));
let t: TestApp;
let smtp: CapturingSmtp;
let mailer: Mailer;
const send = () => sendDueMessages({ db: t.database.db, clock, newId: t.deps.newId, mailer, publicUrl: 'http://shop.test' });
const remind = () => sendPickupReminders({ db: t.database.db, clock, newId: t.deps.newId });
const text = (m: { text?: string | undefined }) => (m.text ?? '').replace(/\u00a0/g, ' ');

beforeAll(async () => {
  t = await testApp({ clock });
  smtp = await startSmtp();
  mailer = smtpMailer(smtp.url);
  await warehouse(t, 'BER');
  await boxCatalog(t);
  await makeLocation(t, { code: 'STO', name: 'Mitte store', type: 'store', canShip: false, canPickup: true, latitude: 52.53, longitude: 13.41 });
  await receiveStock(t, 'MUG-1', 'STO', 10);
});
afterAll(async () => {
  await mailer.close();
  await smtp.close();
  await t.close();
});

/** A store pickup placed, picked, packed and made ready; its messages sent. */
async function readyPickup(email: string, country = 'DE') {
  const o = await placeOrder(t, [{ sku: 'MUG-1', quantity: 1 }], {
    customer: { email, name: 'Pat' },
    ...(country === 'DE' ? { locale: 'de' } : {}),
    delivery: { method: 'pickup', locationCode: 'STO' },
    shippingAddress: { name: 'Pat', line1: 'Main St 1', city: 'Town', postalCode: country === 'GB' ? 'SW1A 1AA' : '10117', country },
  });
  await t.drain();
  const [f] = await fulfillmentsOf(t, o.id);
  await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/start-picking`, undefined, { as: 'warehouse' }));
  await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/scan`, { code: GTIN.MUG, quantity: 1 }, { as: 'warehouse' }));
  await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/pack`, {}, { as: 'warehouse' }));
  const ready = await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/ready-for-pickup`, undefined, { as: 'warehouse' }));
  await t.drain();
  await send();
  return { o, f: f!, code: ready.code as string };
}

describe('pickup reminder', () => {
  it('an uncollected pickup gets one reminder with its code after the configured hours; a collected one none', async () => {
    const settings = await ok(t.api('GET', '/api/v1/notification-settings'));
    expect(settings.pickupReminderHours).toBe(24);
    await ok(t.api('PUT', '/api/v1/notification-settings', { ...settings, pickupReminderHours: 48 }));
    const waiting = await readyPickup('wait@example.com');
    const collected = await readyPickup('came@example.com', 'GB');
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${collected.f.id}/picked-up`, { code: collected.code }, { as: 'warehouse' }));

    advanceHours(47);
    expect(await remind()).toBe(0);
    advanceHours(1);
    expect(await remind()).toBe(1);
    expect(await remind()).toBe(0); // once per pickup, however often the job runs
    expect(await send()).toMatchObject({ sent: 1 });

    const [reminder] = smtp.to('wait@example.com').filter((m) => m.subject === `Erinnerung: Bestellung ${waiting.o.number} wartet auf Sie`);
    expect(text(reminder!)).toContain(`Abholcode: ${waiting.code}`);
    expect(text(reminder!)).toContain('Mitte store');
    expect(reminder!.headerLines.some((h) => h.key === 'list-unsubscribe')).toBe(true);
    expect(smtp.to('came@example.com').map((m) => m.subject)).not.toContain(`Reminder: order ${collected.o.number} is waiting for you`);
    const timeline = await ok(t.api('GET', `/api/v1/orders/${waiting.o.id}/messages`, undefined, { as: 'support' }));
    expect(timeline.items.filter((m: any) => m.template === 'pickup_reminder')).toMatchObject([{ status: 'sent', channel: 'email', recipient: 'wait@example.com' }]);
  });

  it('runs as a periodic job once per cluster: two schedulers, one reminder; switched off with null', async () => {
    const { o } = await readyPickup('twice@example.com', 'GB');
    advanceHours(49);
    const job = periodicJobs(t.deps, { outboxRetentionDays: 7, webhooks: { pollMs: 1000 } as never }).find((j) => j.name === 'send-pickup-reminders')!;
    expect(job).toBeDefined();
    const a = new JobScheduler(t.database.db, [job], { clock, workerId: 'a' });
    const b = new JobScheduler(t.database.db, [job], { clock, workerId: 'b' });
    await a.tick(); // registers: first run one interval later
    await b.tick();
    now = new Date(now.getTime() + job.everyMs);
    const won = [...(await a.tick()), ...(await b.tick())];
    expect(won).toEqual(['send-pickup-reminders']);
    await Promise.all([a.stop(), b.stop()]);
    await send();
    expect(smtp.to('twice@example.com').filter((m) => m.subject === `Reminder: order ${o.number} is waiting for you`)).toHaveLength(1);

    const settings = await ok(t.api('GET', '/api/v1/notification-settings'));
    await ok(t.api('PUT', '/api/v1/notification-settings', { ...settings, pickupReminderHours: null }));
    await readyPickup('off@example.com');
    advanceHours(100);
    expect(await remind()).toBe(0);
    const bad = await t.api('PUT', '/api/v1/notification-settings', { ...settings, pickupReminderHours: 0 });
    expect(bad.body.errors).toEqual([{ path: 'pickupReminderHours', message: expect.any(String) }]);
  });
});
