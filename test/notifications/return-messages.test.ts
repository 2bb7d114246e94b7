import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { deliveredOrder, ok, returnsWorld } from '../returns/support.js';
import { sendDueMessages, smtpMailer, type Mailer } from '../../src/modules/notifications/index.js';
import { startSmtp, type CapturingSmtp } from './smtp.js';

let now = new Date('2026-11-04T09:00:00Z');
const clock = { now: () => new Date(now) };
const advance = (minutes: number) => (now = new Date(now.getTime() + minutes * 60_000));
let t: TestApp;
let smtp: CapturingSmtp;
let mailer: Mailer;
const send = () => sendDueMessages({ db: t.database.db, clock, newId: t.deps.newId, mailer, publicUrl: 'http://shop.test' });
const text = (m: { text?: string | undefined }) => (m.text ?? '').replace(/\u00a0/g, ' ');

beforeAll(async () => {
  t = await testApp({ clock });
  smtp = await startSmtp();
  mailer = smtpMailer(smtp.url);
  await returnsWorld(t);
  await ok(t.api('POST', '/api/v1/carriers', { code: 'ordo-post', name: 'Ordo Post', trackingPrefix: 'LX' }), 201);
});
afterAll(async () => {
  await mailer.close();
  await smtp.close();
  await t.close();
});

async function requestedReturn(email: string, country: 'DE' | 'GB') {
  const address = country === 'DE' ? { name: 'Kim', line1: 'Unter den Linden 5', city: 'Berlin', postalCode: '10117', country } : { name: 'Kim', line1: '10 Downing St', city: 'London', postalCode: 'SW1A 2AA', country };
  const o = await deliveredOrder(t, [{ sku: 'MUG-1', quantity: 2 }], { customer: { email, name: 'Kim' }, shippingAddress: address, ...(country === 'DE' ? { locale: 'de' } : {}) });
  advance(11); // the order's own messages (a pickup's "shipped" waits for the merge window) out of the way
  await send();
  const ret = await ok(t.api('POST', '/api/v1/returns', { orderId: o.id, lines: [{ orderLineId: o.lines[0]!.id, quantity: 1, reason: 'damaged' }] }), 201);
  return { o, ret };
}

describe('return approved message', () => {
  it('approved, label issued within the merge window → one e-mail with the label PDF attached (German order)', async () => {
    const { ret } = await requestedReturn('kim@example.com', 'DE');
    await ok(t.api('POST', `/api/v1/returns/${ret.id}/approve`, {}));
    await t.drain();
    expect(await send()).toMatchObject({ sent: 0 }); // held for the label
    advance(2);
    const labelled = await ok(t.api('POST', `/api/v1/returns/${ret.id}/label`, { carrier: 'ordo-post', locationCode: 'BER' }));
    await t.drain();
    advance(10);
    expect(await send()).toMatchObject({ sent: 1 });
    const mails = smtp.to('kim@example.com').filter((m) => m.subject?.includes(ret.number));
    expect(mails.map((m) => m.subject)).toEqual([`Ihre Rücksendung ${ret.number} ist genehmigt`]);
    const mail = mails[0]!;
    expect(text(mail)).toContain('1 × Enamel mug');
    expect(text(mail)).toContain(`Sendungsnummer: ${labelled.label.trackingNumber}`);
    expect(text(mail)).toContain('Das Rücksendeetikett hängt an dieser E-Mail');
    const [pdf] = mail.attachments;
    expect(pdf).toMatchObject({ contentType: 'application/pdf', filename: `return-label-${ret.number}.pdf` });
    const stored = await t.http.inject({ method: 'GET', url: labelled.label.url, headers: { authorization: `Bearer ${t.keys.support}` } });
    expect(Buffer.compare(pdf!.content, stored.rawPayload)).toBe(0);
    expect(mail.headerLines.some((h) => h.key === 'list-unsubscribe')).toBe(true);
  });

  it('a label issued after the approval message went out comes as its own e-mail (English order); each exactly once', async () => {
    const { ret } = await requestedReturn('lee@example.com', 'GB');
    await ok(t.api('POST', `/api/v1/returns/${ret.id}/approve`, {}));
    await t.drain();
    advance(11);
    expect(await send()).toMatchObject({ sent: 1 });
    const approved = smtp.to('lee@example.com').find((m) => m.subject === `Your return ${ret.number} is approved`)!;
    expect(approved.attachments).toHaveLength(0);
    expect(text(approved)).toContain('Please send us these items');
    await ok(t.api('POST', `/api/v1/returns/${ret.id}/label`, { carrier: 'ordo-post', locationCode: 'BER' }));
    await t.drain();
    await t.drain();
    expect(await send()).toMatchObject({ sent: 1 });
    expect(await send()).toMatchObject({ sent: 0 });
    const label = smtp.to('lee@example.com').filter((m) => m.subject === `Your return label for ${ret.number}`);
    expect(label).toHaveLength(1);
    expect(label[0]!.attachments.map((a) => a.contentType)).toEqual(['application/pdf']);
  });
});
