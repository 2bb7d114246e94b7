import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { level, makeLocation, makeProduct, receiveStock } from '../support/factories.js';

/**
 * Whatever mix of clean and risky orders arrives: an order is held exactly when its assessment says
 * hold; a held order has everything pending and nothing reserved; stock reserved at the warehouse
 * equals what the accepted orders allocated.
 */
let t: TestApp;
const placed: string[] = [];
beforeAll(async () => {
  t = await testApp();
  await makeLocation(t, { code: 'WH' });
  await makeProduct(t, { sku: 'P1', price: { amount: 2500, currency: 'EUR' } });
  await makeProduct(t, { sku: 'P2', price: { amount: 40000, currency: 'EUR' } });
  await receiveStock(t, 'P1', 'WH', 10_000);
  await receiveStock(t, 'P2', 'WH', 10_000);
  await t.api('POST', '/api/v1/risk/blocklist', { kind: 'email', value: 'bad@example.com', reason: 'fraud' });
  await t.api('POST', '/api/v1/risk/blocklist', { kind: 'address', address: { line1: 'Blockweg 1', postalCode: '20095', country: 'DE' }, reason: 'reshipper' });
});
afterAll(() => t.close());

const orderArb = fc.record({
  email: fc.constantFrom('a@example.com', 'b@example.com', 'bad@example.com', 'x@yopmail.com', 'y@mailinator.com'),
  ip: fc.constantFrom('203.0.113.1', '203.0.113.2', '127.0.0.1'),
  line1: fc.constantFrom('Hauptstraße 1', 'BLOCKWEG 1'),
  billingCountry: fc.constantFrom(undefined, 'DE', 'FR'),
  lines: fc.array(fc.record({ sku: fc.constantFrom('P1', 'P2'), quantity: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 2 }),
});

describe('fraud holds and allocation', () => {
  it('held ⇔ assessed hold; held orders reserve nothing; reserved stock = accepted allocations', async () => {
    // One order of each outcome for sure, so the checks below always cover both.
    const base = { channel: 'web', shippingAddress: { line1: 'Alsterufer 3', city: 'Hamburg', postalCode: '20095', country: 'DE' }, lines: [{ sku: 'P1', quantity: 1 }] };
    const clean = await t.api('POST', '/api/v1/orders', { ...base, customer: { email: 'clean@example.com', name: 'C' } });
    const risky = await t.api('POST', '/api/v1/orders', { ...base, customer: { email: 'bad@example.com', name: 'B' } });
    expect([clean.body.holds.length, risky.body.holds.length]).toEqual([0, 1]);
    placed.push(clean.body.id, risky.body.id);
    await fc.assert(
      fc.asyncProperty(fc.array(orderArb, { minLength: 1, maxLength: 4 }), async (batch) => {
        for (const o of batch) {
          const res = await t.api(
            'POST',
            '/api/v1/orders',
            {
              channel: 'web',
              customer: { email: o.email, name: 'Prop' },
              shippingAddress: { line1: o.line1, city: 'Hamburg', postalCode: '20095', country: 'DE' },
              ...(o.billingCountry ? { billingAddress: { line1: 'Rue 2', city: 'X', postalCode: o.billingCountry === 'FR' ? '75001' : '10115', country: o.billingCountry } } : {}),
              lines: o.lines,
            },
            { remoteAddress: o.ip },
          );
          expect(res.status, JSON.stringify(res.body)).toBe(201);
          placed.push(res.body.id);
        }
        let allocated = { P1: 0, P2: 0 };
        for (const id of placed) {
          const order = (await t.api('GET', `/api/v1/orders/${id}`)).body;
          const risk = (await t.api('GET', `/api/v1/orders/${id}/risk`)).body;
          const held = order.holds.some((h: { type: string; releasedAt: null }) => h.type === 'fraud' && h.releasedAt === null);
          expect(held).toBe(risk.latest.decision === 'hold');
          expect(risk.latest.score).toBeGreaterThanOrEqual(0);
          expect(risk.latest.score).toBeLessThanOrEqual(100);
          for (const l of order.lines) {
            if (held) expect(l.quantities).toMatchObject({ pending: l.quantity, allocated: 0 });
            else {
              expect(l.quantities.pending).toBe(0);
              allocated = { ...allocated, [l.sku]: allocated[l.sku as 'P1'] + l.quantities.allocated };
            }
          }
        }
        expect((await level(t, 'P1', 'WH')).reserved).toBe(allocated.P1);
        expect((await level(t, 'P2', 'WH')).reserved).toBe(allocated.P2);
      }),
      { numRuns: 8 },
    );
  }, 120_000);
});
