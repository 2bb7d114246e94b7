import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { sql } from 'drizzle-orm';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { testApp, type TestApp } from '../support/app.js';
import { apiRoutes } from '../../src/routes.js';
import { createApiKey } from '../../src/platform/auth/api-keys.js';
import { roles, type Role } from '../../src/platform/auth/roles.js';

/**
 * Acceptance: every route rejects a missing key (401) and a key whose role is not allowed (403).
 * Operations come from the live OpenAPI document, so a new route is covered without touching this file.
 * Allowed roles come from each route's real `config.roles`, read by registering the same route plugin
 * into a bare Fastify instance with an `onRoute` hook (the built app is already sealed).
 */

interface Operation {
  method: string;
  path: string;
  url: string;
}

const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;
const someUuid = '0190a0a0-0000-7000-8000-000000000000';
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

let t: TestApp;
let operations: Operation[];
let publicOps: Operation[] = [];
let publicSecurity: Record<string, unknown> = {};
const publicOperations = new Set([
  'POST /api/v1/public/order-status/lookup',
  'GET /api/v1/public/order-status/{token}',
  'POST /api/v1/public/unsubscribe/{token}',
  'POST /api/v1/assistant/messages',
  'GET /api/v1/public/returns/{token}',
  'POST /api/v1/public/returns/{token}',
  'GET /api/v1/public/returns/{token}/labels/{returnId}',
]);
/** `METHOD /api/v1/path/:param` → allowed roles (undefined = none declared). */
const declared = new Map<string, readonly Role[] | undefined>();
const routeKey = (method: string, path: string) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;

beforeAll(async () => {
  t = await testApp();
  const doc = (await t.api('GET', '/api/v1/openapi.json', undefined, { key: null })).body as { paths: Record<string, Record<string, unknown>> };
  operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    methods
      .filter((m) => item[m])
      .map((m) => ({
        method: m.toUpperCase(),
        path,
        url: path.replace(/\{(\w+)\}/g, (_all, name: string) => (/id$/i.test(name) ? someUuid : 'X')),
      })),
  );
  // Customer-facing operations (order status lookup, signed links, the assistant) authorise by a signed token,
  // not an API key: they are listed here by name, declare `security: []`, and are checked in their own tests.
  publicOps = operations.filter((o) => publicOperations.has(`${o.method} ${o.path}`));
  operations = operations.filter((o) => !publicOperations.has(`${o.method} ${o.path}`));
  publicSecurity = Object.fromEntries(publicOps.map((o) => [`${o.method} ${o.path}`, (doc.paths[o.path] as Record<string, { security?: unknown[] }>)[o.method.toLowerCase()]?.security]));

  const probe = Fastify().withTypeProvider();
  probe.setValidatorCompiler(validatorCompiler);
  probe.setSerializerCompiler(serializerCompiler);
  probe.addHook('onRoute', (r) => {
    for (const m of [r.method].flat()) if (m !== 'HEAD') declared.set(`${m} ${r.url}`, r.config?.roles);
  });
  await probe.register(apiRoutes(t.deps, { apiKeys: t.apiKeys }), { prefix: '/api/v1' });
  await probe.ready();
  await probe.close();
});
afterAll(() => t.close());

async function call(op: Operation, headers: Record<string, string>) {
  const hasBody = op.method !== 'GET' && op.method !== 'DELETE';
  const res = await t.http.inject({ method: op.method as 'GET', url: op.url, headers, ...(hasBody ? { payload: {} } : {}) });
  let body: any;
  try {
    body = JSON.parse(res.body);
  } catch {
    body = res.body;
  }
  return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), body };
}

function expectProblem(res: Awaited<ReturnType<typeof call>>, status: number, code: string, label: string) {
  expect(res.status, `${label}: ${JSON.stringify(res.body)}`).toBe(status);
  expect(res.contentType, label).toContain('application/problem+json');
  expect(res.body, label).toMatchObject({ status, code, type: `https://ordo.dev/problems/${code.replaceAll('_', '-')}` });
  expect(typeof res.body.title, label).toBe('string');
  expect(typeof res.body.detail, label).toBe('string');
}

describe('route discovery', () => {
  it('finds every module in the OpenAPI document', () => {
    const paths = new Set(operations.map((o) => o.path));
    for (const p of ['/api/v1/products', '/api/v1/locations', '/api/v1/inventory', '/api/v1/orders', '/api/v1/customers']) expect(paths).toContain(p);
    expect(operations.length).toBeGreaterThanOrEqual(25);
  });

  it('every documented operation declares a non-empty list of known roles', () => {
    for (const op of operations) {
      const key = routeKey(op.method, op.path);
      expect(declared.has(key), `${key} is documented but not registered by apiRoutes`).toBe(true);
      const allowed = declared.get(key);
      expect(allowed?.length, `${key} declares no roles, so nobody may call it`).toBeGreaterThan(0);
      for (const r of allowed!) expect(roles, key).toContain(r);
    }
  });

  it('every registered /api/v1 route is in the OpenAPI document', () => {
    const documented = new Set([...operations, ...publicOps].map((o) => routeKey(o.method, o.path)));
    for (const key of declared.keys()) expect(documented, `${key} is missing from openapi.json`).toContain(key);
  });
});

describe('every operation', () => {
  it('without Authorization → 401 problem+json, before any validation', async () => {
    for (const op of operations) expectProblem(await call(op, {}), 401, 'unauthenticated', `${op.method} ${op.url}`);
  });

  it('with a garbage or malformed credential → 401', async () => {
    for (const op of operations) {
      const label = `${op.method} ${op.url}`;
      expectProblem(await call(op, bearer('garbage')), 401, 'unauthenticated', `${label} garbage bearer`);
      expectProblem(await call(op, { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` }), 401, 'unauthenticated', `${label} basic`);
      expectProblem(await call(op, { authorization: `Bearer ${t.keys.admin} extra` }), 401, 'unauthenticated', `${label} two tokens`);
    }
  });

  it('with a key whose role is not allowed → 403; allowed roles get past auth', async () => {
    let refusals = 0;
    for (const op of operations) {
      const allowed = declared.get(routeKey(op.method, op.path)) ?? [];
      for (const role of roles) {
        const label = `${op.method} ${op.url} as ${role}`;
        const res = await call(op, bearer(t.keys[role]));
        if (allowed.includes(role)) {
          expect([401, 403], `${label}: ${JSON.stringify(res.body)}`).not.toContain(res.status);
          expect(res.status, `${label}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
        } else {
          expectProblem(res, 403, 'forbidden', label);
          refusals++;
        }
      }
    }
    // The matrix is not vacuous: some routes are closed to some roles.
    expect(refusals).toBeGreaterThan(0);
  });

  it('the read-only role can write nothing, and every write route refuses it', async () => {
    for (const op of operations.filter((o) => o.method !== 'GET')) {
      expectProblem(await call(op, bearer(t.keys['read-only'])), 403, 'forbidden', `${op.method} ${op.url} as read-only`);
    }
  });
});

describe('keys', () => {
  const op = { method: 'GET', path: '/api/v1/orders', url: '/api/v1/orders' };

  it('an unknown key of the right shape → 401', async () => {
    expectProblem(await call(op, bearer(`ordo_ABCDEFGH_${'x'.repeat(43)}`)), 401, 'unauthenticated', 'unknown');
  });

  it('a real key prefix with a wrong secret → 401', async () => {
    const prefix = t.keys.admin.slice(0, 'ordo_'.length + 9);
    expectProblem(await call(op, bearer(`${prefix}${'y'.repeat(43)}`)), 401, 'unauthenticated', 'wrong secret');
  });

  it('a revoked key → 401', async () => {
    const { key, id } = await createApiKey(t.database.db, t.deps, { name: 'to revoke', role: 'admin' });
    expect((await call(op, bearer(key))).status).toBe(200);
    await t.database.db.execute(sql`update api_keys set revoked_at = now() where id = ${id}`);
    t.apiKeys.invalidate(); // lookups are cached for a short TTL; revocation is checked after it
    expectProblem(await call(op, bearer(key)), 401, 'unauthenticated', 'revoked');
  });

  it('a key revoked before its first use → 401 at once', async () => {
    const { key, id } = await createApiKey(t.database.db, t.deps, { name: 'revoked early', role: 'admin' });
    await t.database.db.execute(sql`update api_keys set revoked_at = now() where id = ${id}`);
    expectProblem(await call(op, bearer(key)), 401, 'unauthenticated', 'revoked early');
  });
});

describe('public endpoints', () => {
  it('the customer-facing operations are exactly the listed ones and declare no API-key security', () => {
    expect(publicOps.map((o) => `${o.method} ${o.path}`).sort()).toEqual([...publicOperations].sort());
    for (const [op, security] of Object.entries(publicSecurity)) expect(security, op).toEqual([]);
  });

  it.each(['/healthz', '/readyz', '/metrics', '/api/v1/openapi.json'])('%s answers 200 without a key', async (url) => {
    const res = await t.http.inject({ method: 'GET', url });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.body.length).toBeGreaterThan(0);
  });

  it('an unknown path is 404 problem+json, not 401', async () => {
    const res = await call({ method: 'GET', path: '', url: '/api/v1/no-such-thing' }, {});
    expectProblem(res, 404, 'not_found', 'unknown path');
  });
});
