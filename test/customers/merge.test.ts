import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { auditLog, outbox } from '../../src/platform/db/schema/index.js';
import { addStoreCredit } from '../../src/modules/returns/index.js';
import { placeOrder, stockedShop } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await stockedShop(t);
});
afterAll(() => t.close());

const orderIdsOf = async (customerId: string) =>
  ((await t.api('GET', `/api/v1/customers/${customerId}/orders?limit=100`)).body.items as Array<{ id: string }>).map((o) => o.id).sort();
const notesOf = async (customerId: string) => ((await t.api('GET', `/api/v1/customers/${customerId}/notes`)).body.items as Array<{ id: string; body: string }>);
const tagsOf = async (customerId: string) => (await t.api('GET', `/api/v1/customers/${customerId}/tags`)).body.tags as string[];
const addressesOf = async (customerId: string) =>
  ((await t.api('GET', `/api/v1/customers/${customerId}/addresses`)).body.items as Array<{ id: string; defaultShipping: boolean; defaultBilling: boolean }>)
    .map((a) => ({ id: a.id, defaultShipping: a.defaultShipping, defaultBilling: a.defaultBilling }))
    .sort((a, b) => a.id.localeCompare(b.id));
const address = (line1: string) => ({ address: { name: 'X', line1, city: 'Berlin', postalCode: '10115', country: 'DE' } });

describe('customer merge', () => {
  it('moves orders, notes, tags, addresses and store credit in one audited transaction, and the undo moves exactly those back', async () => {
    const a1 = await placeOrder(t, 'anna@example.com');
    const a2 = await placeOrder(t, 'anna@example.com');
    const b1 = await placeOrder(t, 'anna.old@example.com', [{ quantity: 2 }]);
    const target = a1.customer.id;
    const source = b1.customer.id;
    expect(target).not.toBe(source);

    const noteA = (await t.api('POST', `/api/v1/customers/${target}/notes`, { body: 'Prefers e-mail' }, { as: 'support' })).body;
    const noteB = (await t.api('POST', `/api/v1/customers/${source}/notes`, { body: 'Old account, same person' }, { as: 'support' })).body;
    expect((await t.api('PUT', `/api/v1/customers/${target}/tags`, { tags: ['wholesale'] }, { as: 'support' })).status).toBe(200);
    expect((await t.api('PUT', `/api/v1/customers/${source}/tags`, { tags: ['vip', 'wholesale'] }, { as: 'support' })).status).toBe(200);
    const addrA = (await t.api('POST', `/api/v1/customers/${target}/addresses`, address('Anna 1'))).body;
    const addrB = (await t.api('POST', `/api/v1/customers/${source}/addresses`, address('Anna old 2'))).body;
    const addrB2 = (await t.api('POST', `/api/v1/customers/${source}/addresses`, { ...address('Anna office'), defaultBilling: true })).body;
    expect(addrA).toMatchObject({ defaultShipping: true, defaultBilling: true });
    expect(addrB2).toMatchObject({ defaultShipping: false, defaultBilling: true });
    await t.database.db.transaction((tx) => addStoreCredit(tx, { customerId: source, currency: 'EUR', amount: 1250n, reason: 'goodwill', actor: 'test', at: t.deps.clock.now() }));

    const addressesBefore = { target: await addressesOf(target), source: await addressesOf(source) };

    const res = await t.api('POST', `/api/v1/customers/${target}/merge`, { sourceCustomerId: source }, { as: 'support' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const merge = res.body as { id: string; moved: Record<string, unknown> };
    expect(merge).toMatchObject({ targetId: target, sourceId: source, undoneAt: null });
    expect(merge.moved).toMatchObject({
      orders: [b1.id],
      notes: [noteB.id],
      tagsAdded: ['vip'],
      storeCredit: [{ amount: 1250, currency: 'EUR' }],
    });
    expect((merge.moved.addresses as Array<{ id: string }>).map((a) => a.id).sort()).toEqual([addrB.id, addrB2.id].sort());

    // Moved: orders, notes, tags, addresses (the target keeps its defaults), store credit.
    expect(await orderIdsOf(target)).toEqual([a1.id, a2.id, b1.id].sort());
    expect(await orderIdsOf(source)).toEqual([]);
    expect((await t.api('GET', `/api/v1/orders/${b1.id}`)).body.customer.id).toBe(target);
    expect((await notesOf(target)).map((n) => n.id).sort()).toEqual([noteA.id, noteB.id].sort());
    expect(await notesOf(source)).toEqual([]);
    expect(await tagsOf(target)).toEqual(['vip', 'wholesale']);
    const merged = await addressesOf(target);
    expect(merged).toHaveLength(3);
    expect(merged.filter((a) => a.defaultShipping).map((a) => a.id)).toEqual([addrA.id]);
    expect(merged.filter((a) => a.defaultBilling).map((a) => a.id)).toEqual([addrA.id]);
    const overview = (await t.api('GET', `/api/v1/customers/${target}/overview`, undefined, { as: 'support' })).body;
    expect(overview.storeCredit).toEqual([{ amount: 1250, currency: 'EUR' }]);
    expect(overview.figures.orderCount).toBe(3);
    const sourceJson = (await t.api('GET', `/api/v1/customers/${source}`)).body;
    expect(sourceJson).toMatchObject({ mergedIntoId: target, orderCount: 0 });

    // Audited, and the event carries the record of what moved.
    const audit = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'customer.merged'), eq(auditLog.entityId, target)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: 'api_key', entityType: 'customer' });
    expect(audit[0]!.after).toMatchObject({ mergeId: merge.id, sourceId: source, moved: { orders: [b1.id], notes: [noteB.id] } });
    const events = await t.database.db.select().from(outbox).where(and(eq(outbox.type, 'customer.merged'), eq(outbox.aggregateId, target)));
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toEqual({ mergeId: merge.id, targetId: target, sourceId: source, moved: merge.moved });

    // Refusals: itself, an already merged source, into a merged customer.
    const self = await t.api('POST', `/api/v1/customers/${target}/merge`, { sourceCustomerId: target }, { as: 'support' });
    expect(self.status).toBe(422);
    expect(self.body.errors).toEqual([{ path: 'sourceCustomerId', message: 'A customer cannot be merged into itself' }]);
    const again = await t.api('POST', `/api/v1/customers/${target}/merge`, { sourceCustomerId: source }, { as: 'support' });
    expect(again.status).toBe(422);
    expect(again.body.detail).toMatch(/already merged/);
    const other = await placeOrder(t, 'someone@example.com');
    const intoMerged = await t.api('POST', `/api/v1/customers/${source}/merge`, { sourceCustomerId: other.customer.id }, { as: 'support' });
    expect(intoMerged.status).toBe(422);

    // A new order by the merged customer's email lands on the target; the undo leaves it there (not in the record).
    const later = await placeOrder(t, 'anna.old@example.com');
    expect(later.customer.id).toBe(target);

    const undo = await t.api('POST', `/api/v1/customers/merges/${merge.id}/undo`, undefined, { as: 'support' });
    expect(undo.status, JSON.stringify(undo.body)).toBe(200);
    expect(undo.body).toMatchObject({ id: merge.id, undoneAt: expect.any(String) });
    expect(await orderIdsOf(source)).toEqual([b1.id]);
    expect(await orderIdsOf(target)).toEqual([a1.id, a2.id, later.id].sort());
    expect((await notesOf(source)).map((n) => n.id)).toEqual([noteB.id]);
    expect((await notesOf(target)).map((n) => n.id)).toEqual([noteA.id]);
    expect(await tagsOf(target)).toEqual(['wholesale']);
    expect(await tagsOf(source)).toEqual(['vip', 'wholesale']);
    expect({ target: await addressesOf(target), source: await addressesOf(source) }).toEqual(addressesBefore);
    expect((await t.api('GET', `/api/v1/customers/${source}/overview`)).body.storeCredit).toEqual([{ amount: 1250, currency: 'EUR' }]);
    expect((await t.api('GET', `/api/v1/customers/${target}/overview`)).body.storeCredit).toEqual([]);
    expect((await t.api('GET', `/api/v1/customers/${source}`)).body).toMatchObject({ mergedIntoId: null, mergedAt: null });
    const undoAudit = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'customer.merge_undone')).orderBy(asc(auditLog.id));
    expect(undoAudit.map((a) => a.entityId)).toEqual([target]);
    expect(await t.database.db.select().from(outbox).where(eq(outbox.type, 'customer.merge_undone'))).toHaveLength(1);

    // Undone once: a second undo is a conflict; the customers can be merged again.
    expect((await t.api('POST', `/api/v1/customers/merges/${merge.id}/undo`, undefined, { as: 'support' })).status).toBe(409);
    const listed = (await t.api('GET', `/api/v1/customers/${target}/merges`)).body.items;
    expect(listed).toHaveLength(1);
    expect((await t.api('POST', `/api/v1/customers/${target}/merge`, { sourceCustomerId: source }, { as: 'admin' })).status).toBe(201);
  });

  it('is for admin and support only, refuses unknown customers and writes nothing when refused', async () => {
    const a = await placeOrder(t, 'role-a@example.com');
    const b = await placeOrder(t, 'role-b@example.com');
    for (const role of ['manager', 'warehouse', 'integration', 'read-only'] as const) {
      expect((await t.api('POST', `/api/v1/customers/${a.customer.id}/merge`, { sourceCustomerId: b.customer.id }, { as: role })).status).toBe(403);
    }
    expect((await t.api('POST', `/api/v1/customers/${a.customer.id}/merge`, { sourceCustomerId: 'nope' })).status).toBe(400);
    const unknown = '0190a0a0-0000-7000-8000-000000000000';
    expect((await t.api('POST', `/api/v1/customers/${unknown}/merge`, { sourceCustomerId: b.customer.id })).status).toBe(404);
    expect((await t.api('POST', `/api/v1/customers/${a.customer.id}/merge`, { sourceCustomerId: unknown })).status).toBe(422);
    expect((await t.api('POST', `/api/v1/customers/merges/${unknown}/undo`)).status).toBe(404);
    expect(await orderIdsOf(b.customer.id)).toEqual([b.id]);
  });
});
