import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation } from '../support/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('API keys', () => {
  it('creates a key shown once, lists it without the secret, and revokes it', async () => {
    const created = await t.api('POST', '/api/v1/api-keys', { name: 'Shopify sync', role: 'integration' });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^ordo_[\w-]{8}_[\w-]{20,}$/);
    const key = created.body.key as string;
    expect((await t.api('GET', '/api/v1/locations', undefined, { key })).status).toBe(200);
    expect((await t.api('GET', '/api/v1/api-keys', undefined, { key })).status).toBe(403);

    const list = await t.api('GET', '/api/v1/api-keys');
    const listed = list.body.items.find((k: any) => k.id === created.body.id);
    expect(listed).toMatchObject({ name: 'Shopify sync', role: 'integration', revokedAt: null, prefix: key.slice('ordo_'.length, 'ordo_'.length + 8) });
    expect(JSON.stringify(list.body)).not.toContain(key);

    const revoked = await t.api('POST', `/api/v1/api-keys/${created.body.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const after = await t.api('GET', '/api/v1/locations', undefined, { key });
    expect(after.status).toBe(401);
    expect((await t.api('POST', `/api/v1/api-keys/${created.body.id}/revoke`)).status).toBe(404);
  });

  it('only admins manage keys', async () => {
    expect((await t.api('POST', '/api/v1/api-keys', { name: 'x', role: 'admin' }, { as: 'manager' })).status).toBe(403);
  });
});

describe('audit log', () => {
  it('records every mutation with actor, before/after and request id; admins only', async () => {
    await makeLocation(t, { code: 'AUD' });
    const res = await t.api('PATCH', '/api/v1/locations/AUD', { name: 'Audited' }, { headers: { 'x-request-id': 'req-audit-1' } });
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBe('req-audit-1');
    const log = await t.api('GET', '/api/v1/audit-log?entityType=location&entityId=AUD');
    expect(log.status).toBe(200);
    expect(log.body.items.map((e: any) => e.action)).toEqual(['location.updated', 'location.created']);
    const upd = log.body.items[0];
    expect(upd).toMatchObject({ actorType: 'api_key', requestId: 'req-audit-1', before: { name: 'Berlin warehouse' }, after: { name: 'Audited' } });
    expect((await t.api('GET', '/api/v1/audit-log', undefined, { as: 'warehouse' })).status).toBe(403);
    const page = await t.api('GET', '/api/v1/audit-log?limit=1');
    expect(page.body.items).toHaveLength(1);
    const next = await t.api('GET', `/api/v1/audit-log?limit=1&cursor=${page.body.nextCursor}`);
    expect(next.body.items[0].id).toBeLessThan(page.body.items[0].id);
  });
});
