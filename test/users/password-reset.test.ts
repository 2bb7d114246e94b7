import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { queryRows } from '../../src/platform/db/query.js';
import { sendDueMessages, smtpMailer, type Mailer } from '../../src/modules/notifications/index.js';
import { startSmtp, type CapturingSmtp } from '../notifications/smtp.js';
import { asSession, login, makeUser, manualClock, minutes } from './support.js';

const clock = manualClock('2026-03-10T09:00:00Z');
let t: TestApp;
let smtp: CapturingSmtp;
let mailer: Mailer;
let ip = 0;
/** Each call from its own address, so the per-address throttle stays out of the way unless a test wants it. */
const post = (url: string, payload: unknown, remoteAddress = `10.0.0.${++ip}`) => t.api('POST', url, payload, { key: null, remoteAddress });
const send = () => sendDueMessages({ db: t.database.db, clock, newId: t.deps.newId, mailer, publicUrl: 'http://console.test' });

/** Asks for a reset, sends the queue through real SMTP and returns the token from the mail's link. */
async function resetToken(typed: string): Promise<string> {
  const email = typed.trim().toLowerCase();
  const before = smtp.to(email).length;
  expect((await post('/api/v1/auth/password-reset', { email: typed })).status).toBe(202);
  await send();
  const mails = smtp.to(email);
  expect(mails.length).toBe(before + 1);
  const link = /(http\S+\/reset-password#token=([A-Za-z0-9_-]+))/.exec(mails.at(-1)!.text ?? '');
  expect(link, mails.at(-1)!.text).not.toBeNull();
  return link![2]!;
}

beforeAll(async () => {
  t = await testApp({ clock, app: { publicUrl: 'http://console.test' } });
  smtp = await startSmtp();
  mailer = smtpMailer(smtp.url);
});
afterAll(async () => {
  await mailer?.close();
  await smtp?.close();
  await t?.close();
});

describe('password reset by e-mail link', () => {
  it('mails a single-use link; the new password works, the old one and every session end', async () => {
    const ria = await makeUser(t, { email: 'ria@example.com', name: 'Ria Reset', role: 'warehouse' });
    const s = await login(t, ria.email, ria.password);
    expect((await asSession(t, s, 'GET', '/api/v1/auth/session')).status).toBe(200);

    const token = await resetToken('RIA@example.com ');
    const mail = smtp.to('ria@example.com').at(-1)!;
    expect(mail.subject).toBe('Reset your Ordo password');
    expect(mail.text).toContain('http://console.test/reset-password#token=');
    expect(mail.headers.get('list-unsubscribe')).toBeUndefined();
    // Only the token's hash is stored, and the sent message keeps no copy of the link.
    const rows = await queryRows<{ token_hash: string; expires_at: Date }>(t.database.db, sql`select token_hash, expires_at from password_reset_tokens where user_id = ${ria.id}`);
    expect(rows.map((r) => r.token_hash)).not.toContain(token);
    expect(new Date(rows[0]!.expires_at).toISOString()).toBe('2026-03-10T09:30:00.000Z');
    const kept = await queryRows<{ text: string | null; status: string }>(t.database.db, sql`select text, status from notification_messages where recipient = 'ria@example.com'`);
    expect(kept).toEqual([{ text: null, status: 'sent' }]);

    const ok = await post('/api/v1/auth/password-reset/confirm', { token, newPassword: 'a brand new passphrase' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(204);
    expect((await asSession(t, s, 'GET', '/api/v1/auth/session')).status).toBe(401);
    expect((await login(t, ria.email, ria.password)).status).toBe(401);
    expect((await login(t, ria.email, 'a brand new passphrase')).status).toBe(200);

    const again = await post('/api/v1/auth/password-reset/confirm', { token, newPassword: 'yet another passphrase' });
    expect(again.status).toBe(400);
    expect(again.body.errors).toEqual([{ path: 'token', message: expect.stringContaining('invalid') }]);
    const audit = await queryRows<{ action: string }>(t.database.db, sql`select action from audit_log where entity_id = ${ria.id} order by at`);
    expect(audit.map((a) => a.action)).toContain('user.password_reset_by_link');
  });

  it('answers 202 for an unknown or disabled account and sends nothing', async () => {
    const before = smtp.messages.length;
    expect((await post('/api/v1/auth/password-reset', { email: 'nobody@example.com' })).status).toBe(202);
    const off = await makeUser(t, { email: 'off@example.com' });
    expect((await t.api('PATCH', `/api/v1/users/${off.id}`, { disabled: true })).status).toBe(200);
    expect((await post('/api/v1/auth/password-reset', { email: 'off@example.com' })).status).toBe(202);
    await send();
    expect(smtp.messages.length).toBe(before);
  });

  it('a link expires after 30 minutes; a weak new password is refused naming the field', async () => {
    await makeUser(t, { email: 'exp@example.com' });
    const token = await resetToken('exp@example.com');
    const weak = await post('/api/v1/auth/password-reset/confirm', { token, newPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.errors.map((e: { path: string }) => e.path)).toEqual(['newPassword']);
    clock.advance(minutes(31));
    const late = await post('/api/v1/auth/password-reset/confirm', { token, newPassword: 'a brand new passphrase' });
    expect(late.status).toBe(400);
    expect(late.body.errors[0].path).toBe('token');
  });

  it('is throttled: per account at most 3 links in 30 minutes, per address 5 requests a minute', async () => {
    await makeUser(t, { email: 'many@example.com' });
    const before = smtp.to('many@example.com').length;
    for (let i = 0; i < 4; i++) expect((await post('/api/v1/auth/password-reset', { email: 'many@example.com' })).status).toBe(202);
    await send();
    expect(smtp.to('many@example.com').length - before).toBe(3);

    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await post('/api/v1/auth/password-reset', { email: 'x@example.com' }, '192.0.2.9')).status);
    expect(codes).toEqual([202, 202, 202, 202, 202, 429]);
  });

  it('rejects bad input with 400 and writes nothing', async () => {
    expect((await post('/api/v1/auth/password-reset', {})).status).toBe(400);
    expect((await post('/api/v1/auth/password-reset/confirm', { token: 'x', newPassword: 'a brand new passphrase' })).status).toBe(400);
    expect((await post('/api/v1/auth/password-reset/confirm', { token: 'A'.repeat(43) })).status).toBe(400);
  });
});
