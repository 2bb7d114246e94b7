import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { queryRows } from '../../src/platform/db/query.js';
import { asSession, hours, login, makeUser, manualClock, minutes, session } from './support.js';

const clock = manualClock('2026-03-10T09:00:00Z');
let t: TestApp;
let sam: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  t = await testApp({ clock });
  sam = await makeUser(t, { email: 'Sam@Example.com', role: 'support' });
});
afterAll(() => t.close());

describe('POST /auth/login', () => {
  it('signs in (email case-insensitive) and sets a secure session cookie', async () => {
    const s = await login(t, '  SAM@example.com ', sam.password);
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    expect(s.body).toEqual({ user: { id: sam.id, email: 'sam@example.com', name: 'Sam Support', role: 'support' }, csrfToken: expect.any(String) });
    expect(s.body.csrfToken.length).toBeGreaterThanOrEqual(40);
    expect(s.setCookie).toMatch(/HttpOnly/i);
    expect(s.setCookie).toMatch(/SameSite=Strict/i);
    expect(s.setCookie).toMatch(/Path=\//);
    expect(s.setCookie).not.toMatch(/Secure/i); // plain http here
    expect(s.token!.length).toBeGreaterThanOrEqual(40);
    // Only a hash of the token is stored; the session slides from now for 12 h.
    const rows = await queryRows<{ token_hash: string; expires_at: Date; last_seen_at: Date }>(t.database.db, sql`select token_hash, expires_at, last_seen_at from sessions where user_id = ${sam.id}`);
    expect(rows.some((r) => r.token_hash === s.token)).toBe(false);
    expect(rows.map((r) => new Date(r.expires_at).toISOString())).toContain('2026-03-10T21:00:00.000Z');
    const users = await t.api('GET', '/api/v1/users');
    expect(users.body.items.find((u: { id: string }) => u.id === sam.id).lastLoginAt).toBe('2026-03-10T09:00:00.000Z');
  });

  it('marks the cookie Secure when the request came over https (via a TLS-terminating proxy)', async () => {
    const s = await login(t, sam.email, sam.password, { 'x-forwarded-proto': 'https' });
    expect(s.status).toBe(200);
    expect(s.setCookie).toMatch(/; Secure/i);
    expect(s.setCookie).toMatch(/HttpOnly/i);
  });

  it('refuses a wrong password and an unknown email identically', async () => {
    const wrong = await login(t, sam.email, 'not the password');
    const unknown = await login(t, 'nobody@example.com', 'whatever whatever');
    for (const r of [wrong, unknown]) {
      expect(r.status).toBe(401);
      expect(r.setCookie).toBeUndefined();
      expect(r.body).toMatchObject({
        status: 401,
        code: 'invalid_credentials',
        detail: 'Email or password is incorrect',
        errors: [{ path: 'password', message: 'Email or password is incorrect' }],
      });
    }
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
  });

  it('signing in again from the same browser replaces its previous session', async () => {
    const first = await login(t, sam.email, sam.password);
    const second = await login(t, sam.email, sam.password, { cookie: `ordo_session=${first.token}` });
    expect(second.status).toBe(200);
    expect((await asSession(t, first, 'GET', '/api/v1/auth/session')).status).toBe(401);
    expect((await asSession(t, second, 'GET', '/api/v1/auth/session')).status).toBe(200);
  });

  it('rejects a body without email or password as a validation error', async () => {
    const res = await t.http.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'x@example.com' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['password']);
  });

  it('locks the account after 5 consecutive failures for 15 minutes, then lets the right password in', async () => {
    const lou = await makeUser(t, { email: 'lou@example.com', role: 'warehouse' });
    clock.set('2026-03-10T10:00:00Z');
    // Four failures, a success: the counter resets.
    for (let i = 0; i < 4; i++) expect((await login(t, lou.email, 'wrong password!')).status).toBe(401);
    expect((await login(t, lou.email, lou.password)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login(t, lou.email, 'wrong password!')).status).toBe(401);
    const fifth = await login(t, lou.email, 'wrong password!');
    expect(fifth.status).toBe(429);
    expect(fifth.body).toMatchObject({ code: 'account_locked', retryAt: '2026-03-10T10:15:00.000Z' });
    expect(fifth.body.detail).toContain('2026-03-10T10:15:00.000Z');

    clock.advance(minutes(14));
    const stillLocked = await login(t, lou.email, lou.password);
    expect(stillLocked.status).toBe(429);
    expect(stillLocked.setCookie).toBeUndefined();

    clock.advance(minutes(1));
    const ok = await login(t, lou.email, lou.password);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    // After the lock, a new run of failures starts from zero.
    expect((await login(t, lou.email, 'wrong password!')).status).toBe(401);
    const audit = await t.api('GET', `/api/v1/audit-log?entityId=${lou.id}&action=user.login_failed`);
    expect(audit.body.items).toHaveLength(10);
    expect(audit.body.items.filter((e: { after: { locked: boolean } }) => e.after.locked)).toHaveLength(1);
  });

  it('locks an email without an account the same way, so the 429 does not reveal which emails exist', async () => {
    const real = await makeUser(t, { email: 'ruth@example.com', role: 'support' });
    clock.set('2026-03-10T12:00:00Z');
    const runOf = async (email: string) => {
      const out = [];
      for (let i = 0; i < 6; i++) out.push(await login(t, email, 'wrong password!'));
      return out.map((r) => [r.status, r.body.code, r.body.retryAt ?? null]);
    };
    const known = await runOf(real.email);
    const unknown = await runOf('nobody-here@example.com');
    expect(unknown).toEqual(known);
    expect(unknown.map((r) => r[0])).toEqual([401, 401, 401, 401, 429, 429]);
    clock.advance(minutes(15));
    expect((await login(t, 'nobody-here@example.com', 'wrong password!')).status).toBe(401);
  });

  it('refuses a disabled user like a wrong password, and ends their sessions', async () => {
    const dee = await makeUser(t, { email: 'dee@example.com' });
    const s = await login(t, dee.email, dee.password);
    expect((await asSession(t, s, 'GET', '/api/v1/orders')).status).toBe(200);
    expect((await t.api('PATCH', `/api/v1/users/${dee.id}`, { disabled: true })).status).toBe(200);
    expect((await asSession(t, s, 'GET', '/api/v1/orders')).status).toBe(401);
    const again = await login(t, dee.email, dee.password);
    expect(again.status).toBe(401);
    expect(again.body.code).toBe('invalid_credentials');
  });
});

describe('cookie-authenticated requests', () => {
  it('GET /auth/session answers the user and CSRF token, or 401', async () => {
    const s = await login(t, sam.email, sam.password);
    const res = await asSession(t, s, 'GET', '/api/v1/auth/session');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ user: { id: sam.id, email: 'sam@example.com', name: 'Sam Support', role: 'support' }, csrfToken: s.csrf });
    expect((await t.api('GET', '/api/v1/auth/session', undefined, { key: null })).status).toBe(401);
    expect((await asSession(t, { token: 'x'.repeat(43) }, 'GET', '/api/v1/auth/session')).status).toBe(401);
  });

  it('reads with the cookie alone; writes need the x-csrf-token header', async () => {
    const admin = await makeUser(t, { email: 'ada@example.com', role: 'admin' });
    const s = await login(t, admin.email, admin.password);
    expect((await asSession(t, s, 'GET', '/api/v1/locations', undefined, false)).status).toBe(200);
    const body = { code: 'HAM', name: 'Hamburg', type: 'warehouse', address: { line1: 'Hafen 1', city: 'Hamburg', postalCode: '20095', country: 'DE' }, latitude: 53.55, longitude: 9.99 };
    const without = await asSession(t, s, 'POST', '/api/v1/locations', body, false);
    expect(without.status).toBe(403);
    expect(without.body).toMatchObject({ code: 'csrf_failed' });
    const wrong = await t.api('POST', '/api/v1/locations', body, { key: null, headers: { ...session(s, false), 'x-csrf-token': 'nope' } });
    expect(wrong.body.code).toBe('csrf_failed');
    expect((await t.api('GET', '/api/v1/locations/HAM')).status).toBe(404); // nothing was written
    const ok = await asSession(t, s, 'POST', '/api/v1/locations', body);
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    // The audit row names the user as the actor.
    const audit = await t.api('GET', '/api/v1/audit-log?entityType=location&entityId=HAM');
    expect(audit.body.items[0]).toMatchObject({ actorType: 'user', actorId: admin.id });
  });

  it('applies roles to session users like to API keys', async () => {
    const s = await login(t, sam.email, sam.password); // support
    expect((await asSession(t, s, 'GET', '/api/v1/orders')).status).toBe(200);
    const refused = await asSession(t, s, 'GET', '/api/v1/users');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');
    // A role change applies to the live session at once.
    const res = await t.api('PATCH', `/api/v1/users/${sam.id}`, { role: 'admin' });
    expect(res.status).toBe(200);
    expect((await asSession(t, s, 'GET', '/api/v1/users')).status).toBe(200);
    expect((await t.api('PATCH', `/api/v1/users/${sam.id}`, { role: 'support' })).status).toBe(200);
  });

  it('a bearer key wins over a cookie and needs no CSRF header', async () => {
    const s = await login(t, sam.email, sam.password);
    const res = await t.api('POST', '/api/v1/users', { email: 'bea@example.com', name: 'Bea', role: 'read-only', password: 'long enough password' }, { headers: session(s, false) });
    expect(res.status).toBe(201);
  });

  it('expires after 12 hours without use, and slides while used', async () => {
    clock.set('2026-03-11T08:00:00Z');
    const s = await login(t, sam.email, sam.password);
    clock.advance(hours(11));
    expect((await asSession(t, s, 'GET', '/api/v1/orders')).status).toBe(200); // slides to 07:00 next day
    clock.advance(hours(11));
    expect((await asSession(t, s, 'GET', '/api/v1/orders')).status).toBe(200);
    clock.advance(hours(12) + 1000);
    const expired = await asSession(t, s, 'GET', '/api/v1/orders');
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('unauthenticated');
    const again = await asSession(t, s, 'GET', '/api/v1/auth/session');
    expect(again.status).toBe(401);
    expect(String(again.headers['set-cookie'])).toMatch(/ordo_session=;/);
  });
});

describe('POST /auth/logout', () => {
  it('needs the CSRF token, deletes the session and clears the cookie', async () => {
    const s = await login(t, sam.email, sam.password);
    expect((await asSession(t, s, 'POST', '/api/v1/auth/logout', undefined, false)).status).toBe(403);
    const res = await asSession(t, s, 'POST', '/api/v1/auth/logout');
    expect(res.status).toBe(204);
    expect(String(res.headers['set-cookie'])).toMatch(/ordo_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await asSession(t, s, 'GET', '/api/v1/orders')).status).toBe(401);
    // Logging out again (a dead cookie) just clears it.
    expect((await asSession(t, s, 'POST', '/api/v1/auth/logout')).status).toBe(204);
  });
});

describe('POST /auth/password', () => {
  it('changes the password, keeps this session and ends the others', async () => {
    const pat = await makeUser(t, { email: 'pat@example.com', role: 'manager' });
    const here = await login(t, pat.email, pat.password);
    const elsewhere = await login(t, pat.email, pat.password);
    const wrong = await asSession(t, here, 'POST', '/api/v1/auth/password', { currentPassword: 'not it at all', newPassword: 'a brand new password' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([{ path: 'currentPassword', message: expect.any(String) }]);
    const short = await asSession(t, here, 'POST', '/api/v1/auth/password', { currentPassword: pat.password, newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.errors[0].path).toBe('newPassword');

    const ok = await asSession(t, here, 'POST', '/api/v1/auth/password', { currentPassword: pat.password, newPassword: 'a brand new password' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(204);
    expect((await asSession(t, here, 'GET', '/api/v1/orders')).status).toBe(200);
    expect((await asSession(t, elsewhere, 'GET', '/api/v1/orders')).status).toBe(401);
    expect((await login(t, pat.email, pat.password)).status).toBe(401);
    expect((await login(t, pat.email, 'a brand new password')).status).toBe(200);
  });

  it('is for session users only: an API key is refused', async () => {
    const res = await t.api('POST', '/api/v1/auth/password', { currentPassword: 'x', newPassword: 'a brand new password' });
    expect(res.status).toBe(403);
  });
});
