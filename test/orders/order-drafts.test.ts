import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { orderDrafts } from '../../src/platform/db/schema/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const body = {
  customer: { email: 'ada@example.com', name: 'Ada Lovelace' },
  shippingAddress: { name: 'Ada Lovelace', line1: 'Unter den Linden 5', city: 'Berlin', postalCode: '10117', country: 'DE' },
  lines: [{ sku: 'MUG-1', quantity: 2 }],
};
const rows = async () => (await t.database.db.select({ n: count() }).from(orderDrafts))[0]!.n;

describe('order drafts (POST/GET/PUT/DELETE /order-drafts)', () => {
  it('saves, lists newest first, resumes, saves again and deletes a draft', async () => {
    const created = await t.api('POST', '/api/v1/order-drafts', { title: 'Ada Lovelace', body }, { as: 'support' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'Ada Lovelace', body, author: expect.stringMatching(/^api_key:/), createdAt: expect.stringMatching(/^2026-03-04T/) });
    const other = await t.api('POST', '/api/v1/order-drafts', { title: 'New order', body: {} }, { as: 'manager' });
    expect(other.status).toBe(201);

    const list = await t.api('GET', '/api/v1/order-drafts', undefined, { as: 'support' });
    expect(list.status).toBe(200);
    expect(list.body.items.map((d: { title: string }) => d.title).sort()).toEqual(['Ada Lovelace', 'New order']);
    const mine = await t.api('GET', '/api/v1/order-drafts?mine=true', undefined, { as: 'support' });
    expect(mine.body.items.map((d: { id: string }) => d.id)).toEqual([created.body.id]);

    const resumed = await t.api('GET', `/api/v1/order-drafts/${created.body.id}`, undefined, { as: 'manager' });
    expect(resumed.body.body).toEqual(body);
    const changed = { ...body, lines: [...body.lines, { sku: 'PEN-1', quantity: 1 }] };
    const saved = await t.api('PUT', `/api/v1/order-drafts/${created.body.id}`, { title: 'Ada L.', body: changed }, { as: 'manager' });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ title: 'Ada L.', body: changed, author: created.body.author, updatedBy: expect.stringMatching(/^api_key:/) });
    expect(saved.body.updatedBy).not.toBe(created.body.author);

    expect((await t.api('DELETE', `/api/v1/order-drafts/${created.body.id}`, undefined, { as: 'support' })).body).toEqual({ id: created.body.id, deleted: true });
    expect((await t.api('GET', `/api/v1/order-drafts/${created.body.id}`)).status).toBe(404);
    expect((await t.api('DELETE', `/api/v1/order-drafts/${created.body.id}`)).status).toBe(404);
    expect((await t.api('PUT', `/api/v1/order-drafts/${created.body.id}`, { title: 'x', body: {} })).status).toBe(404);
    await t.api('DELETE', `/api/v1/order-drafts/${other.body.id}`);
  });

  it('pages with a cursor', async () => {
    for (const n of [1, 2, 3]) await t.api('POST', '/api/v1/order-drafts', { title: `Draft ${n}`, body: { n } });
    const first = await t.api('GET', '/api/v1/order-drafts?limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await t.api('GET', `/api/v1/order-drafts?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    expect([...first.body.items, ...second.body.items].map((d: { title: string }) => d.title).sort()).toEqual(['Draft 1', 'Draft 2', 'Draft 3']);
    for (const d of [...first.body.items, ...second.body.items]) await t.api('DELETE', `/api/v1/order-drafts/${d.id}`);
  });

  it('replays a create with the same Idempotency-Key', async () => {
    const headers = { 'idempotency-key': 'draft-1' };
    const a = await t.api('POST', '/api/v1/order-drafts', { title: 'Once', body: {} }, { headers });
    const b = await t.api('POST', '/api/v1/order-drafts', { title: 'Once', body: {} }, { headers });
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.body.id).toBe(a.body.id);
    expect(await rows()).toBe(1);
    await t.api('DELETE', `/api/v1/order-drafts/${a.body.id}`);
  });

  it('refuses bad input with 400 naming the field and writes nothing; warehouse and read-only may not use drafts', async () => {
    const before = await rows();
    const noTitle = await t.api('POST', '/api/v1/order-drafts', { title: ' ', body: {} });
    expect(noTitle.status).toBe(400);
    expect(noTitle.body.errors.map((e: { path: string }) => e.path)).toContain('title');
    const huge = await t.api('POST', '/api/v1/order-drafts', { title: 'Big', body: { note: 'x'.repeat(70_000) } });
    expect(huge.status).toBe(400);
    expect(huge.body.errors.map((e: { path: string }) => e.path)).toContain('body');
    const notObject = await t.api('POST', '/api/v1/order-drafts', { title: 'x', body: [1, 2] });
    expect(notObject.status).toBe(400);
    expect((await t.api('GET', '/api/v1/order-drafts/not-a-uuid')).status).toBe(400);
    expect(await rows()).toBe(before);
    expect((await t.api('GET', '/api/v1/order-drafts', undefined, { as: 'warehouse' })).status).toBe(403);
    expect((await t.api('POST', '/api/v1/order-drafts', { title: 'x', body: {} }, { as: 'read-only' })).status).toBe(403);
  });

  it('refuses card numbers in a draft like everywhere else (422, nothing stored)', async () => {
    const before = await rows();
    const res = await t.api('POST', '/api/v1/order-drafts', { title: 'Card', body: { payment: { note: '4242 4242 4242 4242' } } });
    expect(res.status).toBe(422);
    expect(await rows()).toBe(before);
  });
});
