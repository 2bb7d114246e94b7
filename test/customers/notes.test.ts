import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { outbox } from '../../src/platform/db/schema/index.js';
import { placeOrder, stockedShop } from './helpers.js';

let t: TestApp;
let ana: { id: string };
let bob: { id: string };
beforeAll(async () => {
  t = await testApp();
  await stockedShop(t);
  const user = async (email: string, name: string) => {
    const res = await t.api('POST', '/api/v1/users', { email, name, role: 'support', password: 'correct horse battery staple' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string };
  };
  ana = await user('ana@shop.test', 'Ana Lopez');
  bob = await user('bob.smith@shop.test', 'Bob Smith');
});
afterAll(() => t.close());

describe('internal notes', () => {
  it('writes a note on an order with @mentions resolved to users, and note.added carries them', async () => {
    const order = await placeOrder(t, 'notes@example.com');
    const res = await t.api('POST', `/api/v1/orders/${order.id}/notes`, { body: 'Customer called. @ana please check the parcel; cc @BobSmith, not @nobody.' }, { as: 'support' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      subjectType: 'order',
      subjectId: order.id,
      body: 'Customer called. @ana please check the parcel; cc @BobSmith, not @nobody.',
      author: { type: 'api_key', name: 'test support' },
      edited: false,
      deleted: false,
    });
    expect(res.body.mentions).toEqual([
      { userId: ana.id, handle: 'ana' },
      { userId: bob.id, handle: 'bobsmith' },
    ]);
    const [event] = await t.database.db.select().from(outbox).where(and(eq(outbox.type, 'note.added'), eq(outbox.aggregateId, res.body.id)));
    expect(event!.payload).toEqual({ id: res.body.id, subjectType: 'order', subjectId: order.id, author: res.body.author, mentions: res.body.mentions });
    expect(event!.payload).not.toHaveProperty('body');

    const list = await t.api('GET', `/api/v1/orders/${order.id}/notes`, undefined, { as: 'warehouse' });
    expect(list.status).toBe(200);
    expect(list.body.items.map((n: { id: string }) => n.id)).toEqual([res.body.id]);
    expect((await t.api('GET', `/api/v1/orders/${order.id}/notes`, undefined, { as: 'integration' })).status).toBe(403);
  });

  it('lets only the author edit, the author or an admin delete, and keeps a deleted note marked', async () => {
    const order = await placeOrder(t, 'notes2@example.com');
    const customerId = order.customer.id;
    const note = (await t.api('POST', `/api/v1/customers/${customerId}/notes`, { body: 'VIP, handle with care' }, { as: 'support' })).body;
    expect(note).toMatchObject({ subjectType: 'customer', subjectId: customerId, mentions: [] });

    expect((await t.api('PATCH', `/api/v1/customers/${customerId}/notes/${note.id}`, { body: 'changed by someone else' }, { as: 'manager' })).status).toBe(403);
    const edited = await t.api('PATCH', `/api/v1/customers/${customerId}/notes/${note.id}`, { body: 'VIP, handle with care (@ana knows)' }, { as: 'support' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ body: 'VIP, handle with care (@ana knows)', edited: true, mentions: [{ userId: ana.id, handle: 'ana' }] });
    const [editEvent] = await t.database.db.select().from(outbox).where(and(eq(outbox.type, 'note.edited'), eq(outbox.aggregateId, note.id)));
    expect(editEvent!.payload).toMatchObject({ newMentions: [{ userId: ana.id, handle: 'ana' }] });

    expect((await t.api('DELETE', `/api/v1/customers/${customerId}/notes/${note.id}`, undefined, { as: 'manager' })).status).toBe(403);
    const deleted = await t.api('DELETE', `/api/v1/customers/${customerId}/notes/${note.id}`, undefined, { as: 'admin' });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ id: note.id, body: null, deleted: true, deletedAt: expect.any(String) });
    expect((await t.api('PATCH', `/api/v1/customers/${customerId}/notes/${note.id}`, { body: 'again' }, { as: 'support' })).status).toBe(409);
    const list = (await t.api('GET', `/api/v1/customers/${customerId}/notes`)).body.items;
    expect(list).toEqual([expect.objectContaining({ id: note.id, deleted: true, body: null })]);
    expect(await t.database.db.select().from(outbox).where(and(eq(outbox.type, 'note.deleted'), eq(outbox.aggregateId, note.id)))).toHaveLength(1);
  });

  it('refuses bad input and unknown subjects before writing', async () => {
    const order = await placeOrder(t, 'notes3@example.com');
    const empty = await t.api('POST', `/api/v1/orders/${order.id}/notes`, { body: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([expect.objectContaining({ path: 'body' })]);
    expect((await t.api('POST', `/api/v1/orders/${order.id}/notes`, { body: 'x'.repeat(5001) })).status).toBe(400);
    const unknown = '0190a0a0-0000-7000-8000-000000000000';
    expect((await t.api('POST', `/api/v1/orders/${unknown}/notes`, { body: 'hello' })).status).toBe(404);
    expect((await t.api('POST', `/api/v1/customers/${unknown}/notes`, { body: 'hello' })).status).toBe(404);
    expect((await t.api('PATCH', `/api/v1/orders/${order.id}/notes/${unknown}`, { body: 'hello' })).status).toBe(404);
    expect((await t.api('GET', `/api/v1/orders/${order.id}/notes`)).body.items).toEqual([]);
    const handles = (await t.api('GET', '/api/v1/notes/mentionable-users', undefined, { as: 'support' })).body.items.map((u: { handle: string }) => u.handle);
    expect(handles).toEqual(expect.arrayContaining(['ana', 'bob.smith']));
  });
});

describe('tags', () => {
  it('replaces the tags of orders and customers, and both lists filter by tag', async () => {
    const o1 = await placeOrder(t, 'tags1@example.com');
    const o2 = await placeOrder(t, 'tags2@example.com');
    const put = await t.api('PUT', `/api/v1/orders/${o1.id}/tags`, { tags: ['Rush', 'gift wrap', 'rush'] }, { as: 'support' });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ tags: ['gift wrap', 'rush'] });
    expect((await t.api('GET', `/api/v1/orders/${o1.id}/tags`)).body).toEqual({ tags: ['gift wrap', 'rush'] });
    const rush = (await t.api('GET', '/api/v1/orders?tag=RUSH')).body.items.map((o: { id: string }) => o.id);
    expect(rush).toEqual([o1.id]);
    expect((await t.api('GET', '/api/v1/orders?tag=nothing')).body.items).toEqual([]);

    expect((await t.api('PUT', `/api/v1/customers/${o2.customer.id}/tags`, { tags: ['vip'] })).status).toBe(200);
    const vip = (await t.api('GET', '/api/v1/customers?tag=vip')).body.items.map((c: { id: string }) => c.id);
    expect(vip).toEqual([o2.customer.id]);

    const changed = await t.database.db.select().from(outbox).where(and(eq(outbox.type, 'tags.changed'), eq(outbox.aggregateId, o1.id)));
    expect(changed.map((e) => e.payload)).toEqual([{ subjectType: 'order', subjectId: o1.id, tags: ['gift wrap', 'rush'], added: ['gift wrap', 'rush'], removed: [] }]);
    // The same set again changes nothing and writes no event.
    expect((await t.api('PUT', `/api/v1/orders/${o1.id}/tags`, { tags: ['rush', 'gift wrap'] })).body).toEqual({ tags: ['gift wrap', 'rush'] });
    expect(await t.database.db.select().from(outbox).where(and(eq(outbox.type, 'tags.changed'), eq(outbox.aggregateId, o1.id)))).toHaveLength(1);

    const bad = await t.api('PUT', `/api/v1/orders/${o1.id}/tags`, { tags: ['ok', '!!'] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'tags.1' })]);
    expect((await t.api('PUT', `/api/v1/orders/${o1.id}/tags`, { tags: [] }, { as: 'read-only' })).status).toBe(403);
  });
});
