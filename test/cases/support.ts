import { createHmac } from 'node:crypto';
import type { TestApp } from '../support/app.js';

/** A clock the test moves by hand (SLA timers over weekends need exact instants). */
export function manualClock(start: string) {
  let at = new Date(start).getTime();
  return { now: () => new Date(at), set: (iso: string) => void (at = new Date(iso).getTime()) };
}

export const berlinHours = {
  timeZone: 'Europe/Berlin',
  week: { mon: [{ open: '09:00', close: '17:00' }], tue: [{ open: '09:00', close: '17:00' }], wed: [{ open: '09:00', close: '17:00' }], thu: [{ open: '09:00', close: '17:00' }], fri: [{ open: '09:00', close: '17:00' }], sat: [], sun: [] },
  holidays: [] as string[],
};

export async function inboundSecret(t: TestApp): Promise<string> {
  const r = await t.api('GET', '/api/v1/support/inbound-email');
  return r.body.secret as string;
}

/** A Postmark inbound webhook call (JSON, Basic auth with the inbound secret as the password). */
export function postmark(t: TestApp, secret: string, mail: { id: string; from: string; name?: string; subject: string; text: string; to?: string }) {
  return t.http.inject({
    method: 'POST',
    url: '/api/v1/support/inbound-email/postmark',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`postmark:${secret}`).toString('base64')}` },
    payload: JSON.stringify({ MessageID: mail.id, From: mail.from, FromName: mail.name ?? '', To: mail.to ?? 'support@shop.example', Subject: mail.subject, TextBody: mail.text }),
  });
}

/** A Mailgun route forward (form fields, HMAC-signed timestamp + token). */
export function mailgun(t: TestApp, secret: string, nowSec: number, mail: { id: string; from: string; subject: string; text: string; recipient?: string }) {
  const token = 'tok-' + mail.id;
  const timestamp = String(nowSec);
  const signature = createHmac('sha256', secret).update(timestamp + token).digest('hex');
  const form = new URLSearchParams({ timestamp, token, signature, from: mail.from, recipient: mail.recipient ?? 'support@shop.example', subject: mail.subject, 'body-plain': mail.text, 'Message-Id': mail.id });
  return t.http.inject({ method: 'POST', url: '/api/v1/support/inbound-email/mailgun', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
}
