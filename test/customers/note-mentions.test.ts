import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { pinnedClock } from '../support/clock.js';
import { sendDueMessages, smtpMailer, type Mailer } from '../../src/modules/notifications/index.js';
import { startSmtp, type CapturingSmtp } from '../notifications/smtp.js';
import { placeOrder, stockedShop } from './helpers.js';

const clock = pinnedClock();
let t: TestApp;
let smtp: CapturingSmtp;
let mailer: Mailer;
const send = () => sendDueMessages({ db: t.database.db, clock, newId: t.deps.newId, mailer, publicUrl: 'http://console.test' });

beforeAll(async () => {
  t = await testApp({ clock, app: { publicUrl: 'http://console.test' } });
  smtp = await startSmtp();
  mailer = smtpMailer(smtp.url);
  await stockedShop(t);
  for (const [email, name] of [['ana@shop.test', 'Ana Lopez'], ['bob.smith@shop.test', 'Bob Smith'], ['off@shop.test', 'Off Duty']]) {
    const res = await t.api('POST', '/api/v1/users', { email, name, role: 'support', password: 'correct horse battery staple' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
});
afterAll(async () => {
  await mailer?.close();
  await smtp?.close();
  await t?.close();
});

describe('@mentions in notes', () => {
  it('mails each mentioned user a link to the order, once, and an edit mails only the newly mentioned', async () => {
    const order = await placeOrder(t, 'mention@example.com');
    const note = await t.api('POST', `/api/v1/orders/${order.id}/notes`, { body: 'Parcel lost? @ana please call the carrier. <b>urgent</b>' }, { as: 'support' });
    expect(note.status, JSON.stringify(note.body)).toBe(201);
    await t.drain();
    await send();
    const number = (await t.api('GET', `/api/v1/orders/${order.id}`)).body.number;
    const toAna = smtp.to('ana@shop.test');
    expect(toAna).toHaveLength(1);
    expect(toAna[0]!.subject).toBe(`test support mentioned you on order ${number}`);
    expect(toAna[0]!.text).toContain('Parcel lost? @ana please call the carrier.');
    expect(toAna[0]!.text).toContain(`http://console.test/orders/${order.id}`);
    expect(toAna[0]!.html).toContain('&#60;b&#62;urgent&#60;/b&#62;');
    expect(toAna[0]!.headers.get('list-unsubscribe')).toBeUndefined();
    expect(smtp.to('bob.smith@shop.test')).toHaveLength(0);

    // Draining again sends nothing twice; an edit that adds @bob.smith mails Bob only.
    const edited = await t.api('PATCH', `/api/v1/orders/${order.id}/notes/${note.body.id}`, { body: 'Parcel lost? @ana please call the carrier, @bob.smith refund if gone.' }, { as: 'support' });
    expect(edited.status).toBe(200);
    await t.drain();
    await send();
    expect(smtp.to('ana@shop.test')).toHaveLength(1);
    expect(smtp.to('bob.smith@shop.test')).toHaveLength(1);
    expect(smtp.to('bob.smith@shop.test')[0]!.subject).toBe(`test support mentioned you on order ${number}`);
  });

  it('names the customer for a customer note and mails no disabled user', async () => {
    const order = await placeOrder(t, 'vip@example.com');
    const off = (await t.api('GET', '/api/v1/users')).body.items.find((u: { email: string }) => u.email === 'off@shop.test');
    expect((await t.api('PATCH', `/api/v1/users/${off.id}`, { disabled: true })).status).toBe(200);
    const before = smtp.messages.length;
    const res = await t.api('POST', `/api/v1/customers/${order.customer.id}/notes`, { body: 'VIP, @bob.smith knows her. @off' }, { as: 'support' });
    expect(res.status).toBe(201);
    await t.drain();
    await send();
    // Only staff mail counts here (the order confirmation to the customer goes out too).
    const sent = smtp.messages.slice(before).filter((m) => m.to && 'text' in m.to && m.to.text.endsWith('@shop.test'));
    expect(sent.map((m) => m.to && 'text' in m.to ? m.to.text : '')).toEqual(['bob.smith@shop.test']);
    expect(sent[0]!.subject).toBe('test support mentioned you on customer vip');
    expect(sent[0]!.text).toContain(`http://console.test/customers/${order.customer.id}`);
  });
});
