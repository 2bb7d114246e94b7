import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { asSession, login, makeUser } from '../users/support.js';
import { adjust, seedLocations, seedProducts } from '../inventory/fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await seedProducts(t, ['A']);
  await seedLocations(t, ['W1']);
});
afterAll(() => t.close());

const resolve = async (ids: string[], as: 'admin' | 'read-only' | 'warehouse' = 'read-only') => {
  const res = await t.api('GET', `/api/v1/actors?ids=${encodeURIComponent(ids.join(','))}`, undefined, { as });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as Array<{ id: string; type: string; name: string; known: boolean; disabled: boolean }>;
};

describe('GET /actors: names for the actor ids of timelines, the ledger and the audit log', () => {
  it('names the user and the API key behind an order timeline, a ledger row and an audit entry', async () => {
    const sam = await makeUser(t, { email: 'sam@example.com', name: 'Sam Support', role: 'manager' });
    const s = await login(t, sam.email, sam.password);
    // Stock received by an API key, an order placed by the signed-in user.
    await adjust(t, 'A', 'W1', 5);
    const placed = await asSession(t, s, 'POST', '/api/v1/orders', {
      channel: 'phone',
      customer: { email: 'ada@example.com', name: 'Ada Lovelace' },
      shippingAddress: { name: 'Ada Lovelace', line1: 'Unter den Linden 5', city: 'Berlin', postalCode: '10117', country: 'DE' },
      lines: [{ sku: 'A', quantity: 1 }],
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);

    const timeline = (await t.api('GET', `/api/v1/orders/${placed.body.id}/events`)).body.items as Array<{ actor: string }>;
    const ledger = (await t.api('GET', '/api/v1/inventory/movements?sku=A')).body.items as Array<{ actor: string }>;
    const audit = (await t.api('GET', '/api/v1/audit-log?entityType=order')).body.items as Array<{ actorType: string; actorId: string }>;
    const userActor = timeline[0]!.actor;
    expect(userActor).toBe(`user:${sam.id}`);
    expect(`${audit[0]!.actorType}:${audit[0]!.actorId}`).toBe(userActor);
    const keyActor = ledger[0]!.actor;
    expect(keyActor).toMatch(/^api_key:/);

    const items = await resolve([userActor, keyActor, 'system']);
    expect(items).toEqual([
      { id: userActor, type: 'user', name: 'Sam Support', known: true, disabled: false },
      { id: keyActor, type: 'api_key', name: 'test admin', known: true, disabled: false },
      { id: 'system', type: 'system', name: 'Ordo', known: true, disabled: false },
    ]);
  });

  it('keeps unknown ids as they are, flags disabled users, and accepts repeated parameters', async () => {
    const bea = await makeUser(t, { email: 'bea@example.com', name: 'Bea Gone', role: 'support' });
    expect((await t.api('PATCH', `/api/v1/users/${bea.id}`, { disabled: true })).status).toBe(200);
    const res = await t.api('GET', `/api/v1/actors?ids=user:${bea.id}&ids=user:not-a-uuid&ids=api_key:00000000-0000-4000-8000-000000000000&ids=someone&ids=system:system`, undefined, { as: 'warehouse' });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      { id: `user:${bea.id}`, type: 'user', name: 'Bea Gone', known: true, disabled: true },
      { id: 'user:not-a-uuid', type: 'user', name: 'user:not-a-uuid', known: false, disabled: false },
      { id: 'api_key:00000000-0000-4000-8000-000000000000', type: 'api_key', name: 'api_key:00000000-0000-4000-8000-000000000000', known: false, disabled: false },
      { id: 'someone', type: 'unknown', name: 'someone', known: false, disabled: false },
      { id: 'system:system', type: 'system', name: 'Ordo', known: true, disabled: false },
    ]);
  });

  it('refuses a missing, empty or over-long list with 400 naming ids, and anonymous callers with 401', async () => {
    for (const q of ['', '?ids=', `?ids=${Array.from({ length: 201 }, (_, i) => `u${i}`).join(',')}`, `?ids=user:${'x'.repeat(300)}`]) {
      const res = await t.api('GET', `/api/v1/actors${q}`);
      expect(res.status, q.slice(0, 40)).toBe(400);
      expect(JSON.stringify(res.body.errors)).toContain('querystring.ids');
    }
    expect((await t.api('GET', '/api/v1/actors?ids=system', undefined, { key: null })).status).toBe(401);
  });
});
