import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { queryRows } from '../../src/platform/db/query.js';
import { asSession, login, makeUser, manualClock } from './support.js';

const clock = manualClock('2026-04-01T12:00:00Z');
let t: TestApp;

beforeAll(async () => {
  t = await testApp({ clock });
});
afterAll(() => t.close());

describe('users administration', () => {
  it('creates, lists and updates users; audits and announces each change', async () => {
    const created = await t.api('POST', '/api/v1/users', { email: ' Wendy@Example.com ', name: 'Wendy', role: 'warehouse', password: 'packing all day long' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), email: 'wendy@example.com', name: 'Wendy', role: 'warehouse', disabled: false, lastLoginAt: null, createdAt: '2026-04-01T12:00:00.000Z' });
    expect(JSON.stringify(created.body)).not.toContain('password');

    const list = await t.api('GET', '/api/v1/users');
    expect(list.status).toBe(200);
    expect(list.body.items.map((u: { email: string }) => u.email)).toContain('wendy@example.com');

    const patched = await t.api('PATCH', `/api/v1/users/${created.body.id}`, { name: 'Wendy W.', role: 'manager' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Wendy W.', role: 'manager', disabled: false });

    const audit = await t.api('GET', `/api/v1/audit-log?entityType=user&entityId=${created.body.id}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['user.updated', 'user.created']);
    expect(audit.body.items[0]).toMatchObject({ before: { role: 'warehouse', name: 'Wendy' }, after: { role: 'manager', name: 'Wendy W.' } });
    expect(JSON.stringify(audit.body.items)).not.toMatch(/argon2|passwordHash/);
    const events = await queryRows<{ type: string; payload: Record<string, unknown> }>(t.database.db, sql`select type, payload from outbox where aggregate_type = 'user' and aggregate_id = ${created.body.id} order by id`);
    expect(events.map((e) => e.type)).toEqual(['user.created', 'user.updated']);
    expect(events[1]!.payload).toMatchObject({ changed: ['name', 'role'] });
    // Stored as an argon2id hash, never in clear.
    const [row] = await queryRows<{ password_hash: string }>(t.database.db, sql`select password_hash from users where id = ${created.body.id}`);
    expect(row!.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a duplicate email (any case) with 409 naming email', async () => {
    await makeUser(t, { email: 'dup@example.com' });
    const res = await t.api('POST', '/api/v1/users', { email: 'DUP@example.com', name: 'Again', role: 'support', password: 'long enough password' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'duplicate', errors: [{ path: 'email' }] });
  });

  it('validates the body, naming each bad field', async () => {
    const res = await t.api('POST', '/api/v1/users', { email: 'nope', name: '', role: 'integration', password: 'short' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['email', 'name', 'password', 'role']);
    expect((await t.api('PATCH', '/api/v1/users/0190a0a0-0000-7000-8000-000000000000', { name: 'X' })).status).toBe(404);
  });

  it('is for admins only, by key or by session', async () => {
    for (const role of ['manager', 'support', 'warehouse', 'read-only'] as const) {
      expect((await t.api('GET', '/api/v1/users', undefined, { as: role })).status).toBe(403);
    }
    const mo = await makeUser(t, { email: 'mo@example.com', role: 'manager' });
    const s = await login(t, mo.email, mo.password);
    expect((await asSession(t, s, 'POST', '/api/v1/users', { email: 'x@example.com', name: 'X', role: 'admin', password: 'long enough password' })).status).toBe(403);
  });

  it('an admin cannot disable or demote themselves (422); another admin can', async () => {
    const ann = await makeUser(t, { email: 'ann@example.com', role: 'admin' });
    const s = await login(t, ann.email, ann.password);
    const demote = await asSession(t, s, 'PATCH', `/api/v1/users/${ann.id}`, { role: 'support' });
    expect(demote.status).toBe(422);
    expect(demote.body).toMatchObject({ code: 'business_rule', errors: [{ path: 'role' }] });
    const disable = await asSession(t, s, 'PATCH', `/api/v1/users/${ann.id}`, { disabled: true });
    expect(disable.status).toBe(422);
    expect(disable.body.errors[0].path).toBe('disabled');
    expect((await asSession(t, s, 'PATCH', `/api/v1/users/${ann.id}`, { name: 'Ann A.', role: 'admin' })).status).toBe(200);
    const [row] = await queryRows<{ role: string; disabled: boolean }>(t.database.db, sql`select role, disabled from users where id = ${ann.id}`);
    expect(row).toEqual({ role: 'admin', disabled: false });
    expect((await t.api('PATCH', `/api/v1/users/${ann.id}`, { role: 'support' })).status).toBe(200);
  });

  it('admin password reset ends every session of that user and clears a lockout', async () => {
    const rex = await makeUser(t, { email: 'rex@example.com' });
    const s = await login(t, rex.email, rex.password);
    for (let i = 0; i < 5; i++) await login(t, rex.email, 'wrong password!');
    expect((await login(t, rex.email, rex.password)).status).toBe(429);
    const res = await t.api('POST', `/api/v1/users/${rex.id}/password`, { password: 'reset by the admin' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: rex.id, email: 'rex@example.com' });
    expect((await asSession(t, s, 'GET', '/api/v1/orders')).status).toBe(401);
    expect((await login(t, rex.email, rex.password)).status).toBe(401);
    expect((await login(t, rex.email, 'reset by the admin')).status).toBe(200);
    const audit = await t.api('GET', `/api/v1/audit-log?entityId=${rex.id}&action=user.password_reset`);
    expect(audit.body.items[0].after).toEqual({ revokedSessions: 1 });
  });
});
