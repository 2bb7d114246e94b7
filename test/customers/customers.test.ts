import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { customers, orders } from '../../src/platform/db/schema/index.js';
import { upsertCustomerByEmail } from '../../src/modules/customers/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const upsert = (email: string, name: string, phone?: string) =>
  t.database.db.transaction((tx) => upsertCustomerByEmail(tx, { newId: t.deps.newId, at: t.deps.clock.now() }, { email, name, phone }));

let seq = 0;
async function insertOrder(customerId: string, placedAt: string, total: number) {
  const id = t.deps.newId();
  seq += 1;
  await t.database.db.insert(orders).values({
    id, number: `T-${seq}`, channel: 'web', customerId, email: 'x@example.com', customerName: 'X', status: 'confirmed',
    currency: 'EUR', shippingAddress: { line1: 'A 1', city: 'Berlin', postalCode: '10115', country: 'DE' }, inventoryPolicy: 'reject',
    subtotalAmount: BigInt(total), shippingAmount: 0n, discountAmount: 0n, taxAmount: 0n, totalAmount: BigInt(total),
    placedAt: new Date(placedAt), updatedAt: new Date(placedAt),
  });
  return id;
}

describe('upsertCustomerByEmail', () => {
  it('normalises the email, creates once and updates the name after', async () => {
    const first = await upsert('  Ann@Example.COM ', 'Ann', '+49 30 1');
    expect(first).toMatchObject({ email: 'ann@example.com', name: 'Ann', created: true });
    const second = await upsert('ann@example.com', 'Ann Lee');
    expect(second).toEqual({ id: first.id, email: 'ann@example.com', name: 'Ann Lee', created: false });
    const [row] = await t.database.db.select().from(customers).where(eq(customers.id, first.id));
    expect(row).toMatchObject({ name: 'Ann Lee', phone: '+49 30 1' });
  });

  it('yields one customer and exactly one creation under 20 concurrent placements by the same email', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => upsert(i % 2 ? 'RACE@example.com' : 'race@example.com ', `Racer ${i}`)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await t.database.db.select().from(customers).where(eq(customers.email, 'race@example.com'))).toHaveLength(1);
  });
});

describe('customers API', () => {
  it('gets a customer with the order count and lists their orders newest first, paged', async () => {
    const c = await upsert('bo@example.com', 'Bo Svensson', '+46 8 123');
    const ids = [
      await insertOrder(c.id, '2026-01-01T10:00:00Z', 1000),
      await insertOrder(c.id, '2026-01-03T10:00:00Z', 3000),
      await insertOrder(c.id, '2026-01-02T10:00:00Z', 2000),
      await insertOrder(c.id, '2026-01-03T10:00:00Z', 3500),
    ];
    const other = await upsert('cy@example.com', 'Cy');
    await insertOrder(other.id, '2026-01-05T10:00:00Z', 99);

    const got = await t.api('GET', `/api/v1/customers/${c.id}`, undefined, { as: 'support' });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: c.id, email: 'bo@example.com', name: 'Bo Svensson', phone: '+46 8 123', orderCount: 4 });

    const seen: Array<{ id: string; placedAt: string; total: { amount: number } }> = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: typeof seen; nextCursor: string | null } } = await t.api('GET', `/api/v1/customers/${c.id}/orders?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    const sameTime = [ids[1]!, ids[3]!].sort().reverse();
    expect(seen.map((o) => o.id)).toEqual([...sameTime, ids[2], ids[0]]);
    expect(seen[3]).toMatchObject({ number: expect.any(String), status: 'confirmed', channel: 'web', total: { amount: 1000, currency: 'EUR' }, placedAt: '2026-01-01T10:00:00.000Z' });
  });

  it('searches by email or name and pages by email', async () => {
    const emails = async (qs: string) => (await t.api('GET', `/api/v1/customers?${qs}`)).body.items.map((c: { email: string }) => c.email);
    expect(await emails('q=SVENSSON')).toEqual(['bo@example.com']);
    expect(await emails('q=cy@')).toEqual(['cy@example.com']);
    const all = await emails('limit=500');
    expect(all).toEqual([...all].sort());
    const first = await t.api('GET', '/api/v1/customers?limit=2');
    const next = await t.api('GET', `/api/v1/customers?limit=2&cursor=${first.body.nextCursor}`);
    expect([...first.body.items, ...next.body.items].map((c: { email: string }) => c.email)).toEqual(all.slice(0, 4));
    expect(first.body.items[0]).toHaveProperty('orderCount');
  });

  it('answers 404 for an unknown customer, 400 for a malformed id, and keeps the warehouse out', async () => {
    const unknown = '0190a000-0000-7000-8000-000000000000';
    expect((await t.api('GET', `/api/v1/customers/${unknown}`)).status).toBe(404);
    expect((await t.api('GET', `/api/v1/customers/${unknown}/orders`)).status).toBe(404);
    const bad = await t.api('GET', '/api/v1/customers/not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('params.id');
    expect((await t.api('GET', '/api/v1/customers', undefined, { as: 'warehouse' })).status).toBe(403);
    expect((await t.api('GET', '/api/v1/customers', undefined, { as: 'read-only' })).status).toBe(200);
    expect((await t.api('GET', '/api/v1/customers', undefined, { key: null })).status).toBe(401);
  });
});

describe('create and edit customers', () => {
  it('creates, edits and refuses a taken email; warehouse may not', async () => {
    const t2 = await testApp();
    try {
      const created = await t2.api('POST', '/api/v1/customers', { email: ' Linus@Example.com ', name: 'Linus T', phone: '+49 30 123' });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body).toMatchObject({ email: 'linus@example.com', name: 'Linus T', phone: '+49 30 123', orderCount: 0 });
      const dup = await t2.api('POST', '/api/v1/customers', { email: 'linus@example.com', name: 'Other' });
      expect(dup.status).toBe(409);
      expect(dup.body.errors).toEqual([{ path: 'email', message: 'is already taken' }]);
      const bad = await t2.api('POST', '/api/v1/customers', { email: 'nope', name: '' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['email', 'name']);

      const other = await t2.api('POST', '/api/v1/customers', { email: 'margaret@example.com', name: 'Margaret H' });
      const edited = await t2.api('PATCH', `/api/v1/customers/${created.body.id}`, { name: 'Linus Torvalds', phone: null });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ name: 'Linus Torvalds', phone: null, email: 'linus@example.com' });
      const clash = await t2.api('PATCH', `/api/v1/customers/${created.body.id}`, { email: 'MARGARET@example.com' });
      expect(clash.status).toBe(409);
      expect((await t2.api('GET', `/api/v1/customers/${other.body.id}`)).body.email).toBe('margaret@example.com');
      expect((await t2.api('PATCH', `/api/v1/customers/${created.body.id}`, { name: 'x' }, { as: 'warehouse' })).status).toBe(403);
      const audit = await t2.api('GET', `/api/v1/audit-log?entityType=customer&entityId=${created.body.id}`);
      expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['customer.updated', 'customer.created']);
      expect(audit.body.items[0].before).toMatchObject({ name: 'Linus T', phone: '+49 30 123' });
    } finally {
      await t2.close();
    }
  });
});
