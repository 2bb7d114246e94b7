import { expect } from 'vitest';
import type { Clock } from '../../src/platform/clock.js';
import type { TestApp } from '../support/app.js';

/** A clock the test moves by hand. */
export function manualClock(start: string): Clock & { set(iso: string): void; advance(ms: number): void } {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (iso) => {
      t = new Date(iso).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

export const minutes = (n: number) => n * 60_000;
export const hours = (n: number) => n * 3_600_000;

export async function makeUser(t: TestApp, over: { email?: string; name?: string; role?: string; password?: string } = {}) {
  const body = { email: 'sam@example.com', name: 'Sam Support', role: 'support', password: 'correct horse battery', ...over };
  const res = await t.api('POST', '/api/v1/users', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { ...(res.body as { id: string; email: string; role: string }), password: body.password };
}

export interface Login {
  status: number;
  body: any;
  setCookie: string | undefined;
  token: string | undefined;
  csrf: string | undefined;
}

export async function login(t: TestApp, email: string, password: string, headers: Record<string, string> = {}): Promise<Login> {
  const res = await t.http.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, headers });
  const raw = res.headers['set-cookie'];
  const setCookie = (Array.isArray(raw) ? raw : raw ? [raw] : []).find((c) => c.startsWith('ordo_session='));
  const body = res.json();
  return { status: res.statusCode, body, setCookie, token: setCookie ? /^ordo_session=([^;]*)/.exec(setCookie)![1] : undefined, csrf: body.csrfToken };
}

/** Request headers of a cookie-authenticated call, with the CSRF header when given. */
export const session = (s: { token?: string | undefined; csrf?: string | undefined }, withCsrf = true): Record<string, string> => ({
  cookie: `ordo_session=${s.token}`,
  ...(withCsrf && s.csrf ? { 'x-csrf-token': s.csrf } : {}),
});

/** A JSON call authenticated by a session cookie only (no API key). */
export const asSession = (t: TestApp, s: { token?: string | undefined; csrf?: string | undefined }, method: string, url: string, body?: unknown, withCsrf = true) =>
  t.api(method, url, body, { key: null, headers: session(s, withCsrf) });
