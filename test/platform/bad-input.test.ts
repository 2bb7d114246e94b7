/**
 * Bad input is a 400 problem+json, never a 500, and writes nothing: deep JSON, NUL characters in
 * bodies, paths and queries, impossible dates, and values PostgreSQL refuses (SQLSTATE class 22).
 * Database errors are logged without their parameters.
 */
import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { orderBody } from '../support/factories.js';
import { seedShop } from '../payments/support.js';
import { queryRows } from '../../src/platform/db/query.js';
import { registerErrorHandling } from '../../src/platform/http/error-handler.js';
import { createLogger } from '../../src/platform/logger.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
});
afterAll(() => t.close());

const orderCount = async () => (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from orders`))[0]!.n;
const nested = (depth: number, inner = '{}') => '['.repeat(depth) + inner + ']'.repeat(depth);

async function raw(method: 'POST' | 'GET', url: string, payload?: string, key: string | null = t.keys.admin) {
  const res = await t.http.inject({ method, url, headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, ...(payload === undefined ? {} : { payload }) });
  return { status: res.statusCode, type: String(res.headers['content-type']), body: res.body ? (JSON.parse(res.body) as any) : undefined };
}

describe('deep JSON', () => {
  it.each([
    ['/api/v1/orders', t_key],
    ['/api/v1/auth/login', () => null],
    ['/api/v1/auth/logout', () => null],
  ])('20,000 levels on %s → 400 naming the body', async (url, key) => {
    const res = await raw('POST', url, nested(20_000), key());
    expect(res.status).toBe(400);
    expect(res.type).toContain('application/problem+json');
    expect(res.body.errors[0]).toEqual({ path: '(body)', message: 'is nested deeper than 64 levels' });
  });

  it('64 levels pass the parser (then validation speaks), 65 do not', async () => {
    const ok = await raw('POST', '/api/v1/orders', JSON.stringify({ ...orderBody([{ sku: 'SKU-A', quantity: 1 }]), note: JSON.parse(nested(62)) }));
    expect(ok.status).toBe(400);
    expect(ok.body.errors[0].path).toBe('note');
    const deep = await raw('POST', '/api/v1/orders', JSON.stringify({ ...orderBody([{ sku: 'SKU-A', quantity: 1 }]), note: JSON.parse(nested(64)) }));
    expect(deep.body.errors[0].path).toBe('(body)');
    expect(deep.status).toBe(400);
  });
});
function t_key() {
  return t.keys.admin;
}

describe('NUL characters', () => {
  it('in a JSON string (escaped or raw) → 400, nothing written', async () => {
    const before = await orderCount();
    const escaped = await raw('POST', '/api/v1/orders', JSON.stringify(orderBody([{ sku: 'SKU-A', quantity: 1 }], { note: 'a\u0000b' })));
    expect(escaped.status).toBe(400);
    expect(escaped.body.errors[0].path).toBe('(body)');
    const login = await raw('POST', '/api/v1/auth/login', JSON.stringify({ email: 'a\u0000@example.com', password: 'x' }), null);
    expect(login.status).toBe(400);
    const rawNul = await raw('POST', '/api/v1/orders', `{"note":"a\u0000b"}`);
    expect(rawNul.status).toBe(400);
    expect(await orderCount()).toBe(before);
  });

  it('a literal backslash-u-0000 text (escaped backslash) is ordinary text', async () => {
    const res = await raw('POST', '/api/v1/orders', JSON.stringify(orderBody([{ sku: 'SKU-A', quantity: 1 }], { note: 'path \\u0000 literally' })));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it.each(['/api/v1/orders?q=%00', '/api/v1/orders?q=a%00b&status=open', '/api/v1/orders/%00', '/api/v1/products/SKU%00A', '/api/v1/auth/login?x=%00'])('in the URL %s → 400', async (url) => {
    const res = await raw('GET', url);
    expect(res.status).toBe(400);
    expect(res.type).toContain('application/problem+json');
  });
});

describe('impossible dates', () => {
  it.each(['/api/v1/orders?from=0000-01-01T00:00:00Z', '/api/v1/orders?to=0000-12-31T23:59:59%2B01:00', '/api/v1/inventory/movements?from=0000-01-01T00:00:00Z', '/api/v1/audit-log?from=0000-01-01T00:00:00Z'])('%s → 400 naming the field', async (url) => {
    const res = await raw('GET', url);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.errors[0].path).toMatch(/^querystring\.(from|to)$/);
  });
  it('year 0001 and 9999 are fine', async () => {
    expect((await raw('GET', '/api/v1/orders?from=0001-01-01T00:00:00Z&to=9999-12-31T00:00:00Z')).status).toBe(200);
  });
});

describe('database errors', () => {
  const secret = '$argon2id$v=19$m=65536,t=3,p=4$c2VjcmV0c2FsdA$SECRETHASHVALUE';
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _e, done) {
      lines.push(String(chunk));
      done();
    },
  });
  async function server() {
    const f = Fastify({ loggerInstance: createLogger({ level: 'info', destination: sink }) as never }) as unknown as FastifyInstance;
    registerErrorHandling(f);
    f.get('/date', async () => t.database.db.execute(sql`select ${'0000-01-01T00:00:00Z'}::timestamptz as x, ${secret} as s`));
    f.get('/int', async () => t.database.db.execute(sql`select ${secret}::int as x`));
    f.get('/missing', async () => t.database.db.execute(sql`select * from no_such_table where x = ${secret}`));
    await f.ready();
    return f;
  }

  it('class 22 (data exception) → 400 problem+json; others → 500; neither logs the parameters', async () => {
    const f = await server();
    for (const [url, status] of [['/date', 400], ['/int', 400], ['/missing', 500]] as const) {
      const res = await f.inject({ url });
      expect(res.statusCode, res.body).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).not.toContain('SECRETHASH');
    }
    await f.close();
    const logged = lines.join('');
    expect(logged).toContain('22P02'); // the SQLSTATE is logged
    expect(logged).toContain('no_such_table');
    expect(logged).not.toContain('SECRETHASH');
    expect(logged).not.toContain('0000-01-01');
  });
});
