/**
 * Sign-in throttling state lives in PostgreSQL, shared by every server process: an email without an
 * account locks after five failures spread over two processes exactly like a real account does, and
 * the per-address throttle counts failures from every process.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { testDatabase } from '../support/db.js';
import type { Database } from '../../src/platform/db/client.js';
import { LoginThrottle } from '../../src/modules/users/login-throttle.js';
import { queryRows } from '../../src/platform/db/query.js';
import { login, makeUser, manualClock, minutes } from './support.js';

const clock = manualClock('2026-03-11T09:00:00Z');
let database: Database;
let a: TestApp;
let b: TestApp;
beforeAll(async () => {
  database = await testDatabase();
  a = await testApp({ database, clock });
  b = await testApp({ database, clock });
});
afterAll(async () => {
  await a.close();
  await b.close();
  await database.close();
});

it('five failures over two processes lock a real and an unknown email alike', async () => {
  const real = await makeUser(a, { email: 'rita@example.com', role: 'support' });
  const runOf = async (email: string) => {
    const out = [];
    for (let i = 0; i < 6; i++) out.push(await login(i % 2 ? b : a, email, 'wrong password!'));
    return out.map((r) => [r.status, r.body.code, r.body.retryAt ?? null]);
  };
  const known = await runOf(real.email);
  const unknown = await runOf('nobody-at-all@example.com');
  expect(unknown).toEqual(known);
  expect(unknown.map((r) => r[0])).toEqual([401, 401, 401, 401, 429, 429]);
  clock.advance(minutes(15));
  expect((await login(b, 'nobody-at-all@example.com', 'wrong password!')).status).toBe(401);
  // Only hashes of the emails are stored.
  const keys = await queryRows<{ key: string }>(database.db, sql`select key from login_failures`);
  expect(keys.length).toBeGreaterThan(0);
  for (const k of keys) expect(k.key).toMatch(/^[0-9a-f]{64}$/);
});

it('the per-address throttle counts failures from every process', async () => {
  const p1 = new LoginThrottle(database.db, clock, { maxFailures: 3, windowMs: minutes(15) });
  const p2 = new LoginThrottle(database.db, clock, { maxFailures: 3, windowMs: minutes(15) });
  await p1.recordFailure('203.0.113.7');
  await p2.recordFailure('203.0.113.7');
  expect(await p1.blockedFor('203.0.113.7')).toBe(0);
  await p1.recordFailure('203.0.113.7');
  expect(await p2.blockedFor('203.0.113.7')).toBe(minutes(15));
  expect(await p2.blockedFor('203.0.113.8')).toBe(0);
  clock.advance(minutes(15));
  expect(await p1.blockedFor('203.0.113.7')).toBe(0);
  await p2.recordFailure('203.0.113.7'); // a new window
  expect(await p1.blockedFor('203.0.113.7')).toBe(0);
});
