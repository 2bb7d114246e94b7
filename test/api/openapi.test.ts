import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';

/** The OpenAPI 3.1 document at /api/v1/openapi.json and the interactive docs at /docs (design §4). */

interface Doc {
  openapi: string;
  info: { title: string; version: string };
  security?: Array<Record<string, string[]>>;
  paths: Record<string, Record<string, Op>>;
  components: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, { type: string; scheme?: string }> };
}
interface Op {
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ in: string; name: string; required?: boolean }>;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  summary?: string;
  tags?: string[];
}

const methods = ['get', 'post', 'put', 'patch', 'delete'];

let t: TestApp;
let doc: Doc;
let ops: Array<{ label: string; path: string; op: Op }>;

beforeAll(async () => {
  t = await testApp();
  const res = await t.http.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toContain('application/json');
  doc = JSON.parse(res.body) as Doc;
  ops = Object.entries(doc.paths).flatMap(([path, item]) =>
    methods.filter((m) => item[m]).map((m) => ({ label: `${m.toUpperCase()} ${path}`, path, op: item[m]! })),
  );
});
afterAll(() => t.close());

describe('GET /api/v1/openapi.json', () => {
  it('is public OpenAPI 3.1 with a title and version', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toMatch(/\S/);
    expect(doc.info.version).toMatch(/\S/);
  });

  it('lists the core resources', () => {
    const paths = Object.keys(doc.paths);
    for (const p of [
      '/api/v1/products', '/api/v1/products/{sku}',
      '/api/v1/locations', '/api/v1/locations/{code}',
      '/api/v1/inventory', '/api/v1/inventory/adjustments',
      '/api/v1/orders', '/api/v1/orders/{id}', '/api/v1/orders/{id}/cancel', '/api/v1/orders/{id}/holds', '/api/v1/orders/{id}/events',
      '/api/v1/customers', '/api/v1/customers/{id}',
    ]) expect(paths).toContain(p);
    expect(doc.paths['/api/v1/orders']).toHaveProperty('post');
    expect(doc.paths['/api/v1/products']).toHaveProperty('post');
    expect(doc.paths['/api/v1/locations']).toHaveProperty('post');
  });

  it('keeps infrastructure endpoints out of the API document', () => {
    for (const p of Object.keys(doc.paths)) expect(p, p).toMatch(/^\/api\/v1\//);
    expect(Object.keys(doc.paths)).not.toContain('/api/v1/openapi.json');
  });

  it('every operation has a 2xx response with a JSON schema', () => {
    expect(ops.length).toBeGreaterThan(0);
    for (const { label, op } of ops) {
      const ok = Object.entries(op.responses).filter(([code]) => /^2\d\d$/.test(code));
      expect(ok.length, `${label} has no 2xx response`).toBeGreaterThan(0);
      for (const [code, r] of ok) expect(r.content?.['application/json']?.schema, `${label} ${code} has no schema`).toBeTruthy();
    }
  });

  it('every operation declares security with a defined bearer scheme', () => {
    const schemes = doc.components.securitySchemes ?? {};
    for (const { label, op } of ops) {
      const security = op.security ?? doc.security;
      // Customer-facing operations authorise by a signed token (auth-matrix.test.ts lists them).
      if (/ \/api\/v1\/(public\/|assistant\/messages$)/.test(label) && security?.length === 0) continue;
      expect(security?.length, `${label} declares no security`).toBeGreaterThan(0);
      for (const requirement of security!) {
        const names = Object.keys(requirement);
        expect(names.length, `${label} has an empty (anonymous) requirement`).toBeGreaterThan(0);
        for (const name of names) expect(schemes[name], `${label} uses undefined scheme ${name}`).toMatchObject({ type: 'http', scheme: 'bearer' });
      }
    }
  });

  it('every operation documents its refusals as Problem responses', () => {
    for (const { label, op } of ops) {
      for (const code of ['400', '401', '403']) {
        expect(JSON.stringify(op.responses[code]?.content?.['application/json']?.schema ?? null), `${label} ${code}`).toContain('Problem');
      }
    }
  });

  it('every path template variable is a required path parameter', () => {
    for (const { label, path, op } of ops) {
      const vars = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = (op.parameters ?? []).filter((p) => p.in === 'path');
      expect(declared.map((p) => p.name).sort(), label).toEqual(vars.sort());
      for (const p of declared) expect(p.required, `${label} ${p.name}`).toBe(true);
    }
  });

  it('every $ref points at a defined component schema', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));
    expect(refs.length).toBeGreaterThan(0);
    for (const r of new Set(refs)) expect(doc.components.schemas, `missing schema ${r}`).toHaveProperty([r]);
  });

  it('money in the place-order request is integer minor units with an ISO currency', () => {
    const money = doc.components.schemas?.Money as { properties: Record<string, { type?: string; pattern?: string }>; required: string[] };
    expect(money.properties.amount?.type).toBe('integer');
    expect(money.properties.currency?.pattern).toBe('^[A-Z]{3}$');
    expect(money.required).toEqual(expect.arrayContaining(['amount', 'currency']));
  });
});

describe('/docs', () => {
  // BUG (src/app.ts:85): the swagger-ui routes are registered without `config.public`, and the auth
  // plugin denies routes without roles to everyone: /docs answers 401 without a key and 403 even to admin.
  it('serves the interactive docs as HTML without a key', async () => {
    let res = await t.http.inject({ method: 'GET', url: '/docs' });
    for (let hops = 0; hops < 3 && res.statusCode >= 300 && res.statusCode < 400; hops++) {
      res = await t.http.inject({ method: 'GET', url: new URL(String(res.headers.location), 'http://x/docs/').pathname });
    }
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body.toLowerCase()).toContain('<html');
    expect(res.body.toLowerCase()).toContain('swagger');
  });
});
