import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/platform/db/query.js';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation, makeProduct, receiveStock } from '../support/factories.js';
import { riskyBody } from './support.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await makeLocation(t, { code: 'WH' });
  await makeProduct(t, { sku: 'VASE', price: { amount: 4990, currency: 'EUR' } });
  await receiveStock(t, 'VASE', 'WH', 100);
});
afterAll(() => t.close());

const audits = async (action: string) => (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from audit_log where action = ${action}`))[0]!.n;

describe('blocklist', () => {
  it('adds (normalised), lists, refuses duplicates, removes; each mutation audited', async () => {
    const add = await t.api('POST', '/api/v1/risk/blocklist', { kind: 'payment_fingerprint', value: ' fp_abc ', reason: 'chargeback' }, { as: 'support' });
    expect(add.status, JSON.stringify(add.body)).toBe(201);
    expect(add.body).toMatchObject({ kind: 'payment_fingerprint', value: 'fp_abc', reason: 'chargeback', createdBy: expect.stringMatching(/^api_key:/) });
    const dup = await t.api('POST', '/api/v1/risk/blocklist', { kind: 'payment_fingerprint', value: 'fp_abc', reason: 'again' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('duplicate');
    const addr = await t.api('POST', '/api/v1/risk/blocklist', { kind: 'address', address: { line1: 'Hauptstraße 1', postalCode: '10 115', country: 'DE' }, reason: 'reshipper' });
    expect(addr.body.value).toBe('DE|10115|hauptstrasse1');
    const list = await t.api('GET', '/api/v1/risk/blocklist?kind=payment_fingerprint');
    expect(list.body.items.map((i: { value: string }) => i.value)).toEqual(['fp_abc']);
    const del = await t.api('DELETE', `/api/v1/risk/blocklist/${add.body.id}`);
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ id: add.body.id, value: 'fp_abc' });
    expect((await t.api('DELETE', `/api/v1/risk/blocklist/${add.body.id}`)).status).toBe(404);
    expect((await t.api('GET', '/api/v1/risk/blocklist?kind=payment_fingerprint')).body.items).toEqual([]);
    expect(await audits('risk_blocklist.entry_added')).toBe(2);
    expect(await audits('risk_blocklist.entry_removed')).toBe(1);
  });

  it('validates entries, naming the field', async () => {
    const noAddr = await t.api('POST', '/api/v1/risk/blocklist', { kind: 'address', reason: 'x' });
    expect(noAddr.status).toBe(400);
    expect(noAddr.body.errors).toEqual([{ path: 'address', message: expect.any(String) }]);
    const badEmail = await t.api('POST', '/api/v1/risk/blocklist', { kind: 'email', value: 'not-an-email', reason: 'x' });
    expect(badEmail.body.errors).toEqual([{ path: 'value', message: 'must be an email address' }]);
    const badKind = await t.api('POST', '/api/v1/risk/blocklist', { kind: 'phone', value: '1', reason: 'x' });
    expect(badKind.status).toBe(400);
    expect(badKind.body.errors[0].path).toBe('kind');
  });

  it('takes effect on the next order and stops when removed', async () => {
    const email = 'blocked-later@example.com';
    const first = await t.api('POST', '/api/v1/orders', riskyBody('VASE', { customer: { email, name: 'B' } }));
    expect(first.body.holds).toEqual([]);
    const add = await t.api('POST', '/api/v1/risk/blocklist', { kind: 'email', value: email, reason: 'fraud ring' });
    const second = await t.api('POST', '/api/v1/orders', riskyBody('VASE', { customer: { email: 'BLOCKED-LATER@example.com', name: 'B' } }));
    expect(second.body.holds[0].reason).toMatch(/email address is on the blocklist/);
    expect(second.body.holds[0].reason).not.toContain('blocked-later');
    await t.api('DELETE', `/api/v1/risk/blocklist/${add.body.id}`);
    const third = await t.api('POST', '/api/v1/orders', riskyBody('VASE', { customer: { email, name: 'B' } }));
    expect(third.body.holds).toEqual([]);
  });
});

describe('risk settings', () => {
  it('shows the defaults, then partial updates; stored whole and audited', async () => {
    const get = await t.api('GET', '/api/v1/risk/settings', undefined, { as: 'manager' });
    expect(get.status).toBe(200);
    expect(get.body).toMatchObject({ threshold: 60, updatedAt: null, rules: { disposableEmail: { enabled: true, points: 35 } } });
    const put = await t.api('PUT', '/api/v1/risk/settings', { rules: { countryMismatch: { points: 50 } } }, { as: 'manager' });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.rules.countryMismatch).toEqual({ enabled: true, points: 50 });
    expect(put.body.rules.disposableEmail.points).toBe(35);
    expect(put.body.updatedBy).toMatch(/^api_key:/);
    expect(await audits('risk_settings.updated')).toBe(1);
    await t.api('PUT', '/api/v1/risk/settings', { rules: { countryMismatch: { points: 15 } } });
  });

  it('changes the outcome: raising the threshold accepts the same order; disabling a rule removes it', async () => {
    const body = () => riskyBody('VASE', { customer: { email: `x${Date.now()}@yopmail.com`, name: 'Y' }, billingAddress: { line1: 'Rue 1', city: 'Paris', postalCode: '75001', country: 'FR' } });
    await t.api('PUT', '/api/v1/risk/settings', { threshold: 50 });
    const heldRes = await t.api('POST', '/api/v1/orders', body()); // 35 disposable + 15 country = 50
    expect(heldRes.body.holds).toHaveLength(1);
    expect(heldRes.body.lines[0].quantities).toMatchObject({ pending: 1, allocated: 0 });
    await t.api('PUT', '/api/v1/risk/settings', { threshold: 51 });
    const accepted = await t.api('POST', '/api/v1/orders', body());
    expect(accepted.body.holds).toEqual([]);
    expect(accepted.body.lines[0].quantities).toMatchObject({ pending: 0, allocated: 1 });
    expect((await t.api('GET', `/api/v1/orders/${accepted.body.id}/risk`)).body.latest).toMatchObject({ score: 50, decision: 'accept' });
    await t.api('PUT', '/api/v1/risk/settings', { threshold: 50, rules: { disposableEmail: { enabled: false } } });
    const off = await t.api('POST', '/api/v1/orders', body());
    expect(off.body.holds).toEqual([]);
    expect((await t.api('GET', `/api/v1/orders/${off.body.id}/risk`)).body.latest.reasons.map((r: { rule: string }) => r.rule)).toEqual(['countryMismatch']);
    await t.api('PUT', '/api/v1/risk/settings', { threshold: 60, rules: { disposableEmail: { enabled: true } } });
  });

  it('velocity windows come from the settings', async () => {
    await t.api('PUT', '/api/v1/risk/settings', { rules: { velocityIp: { maxOrders: 1, windowMinutes: 5 } } });
    const a = await t.api('POST', '/api/v1/orders', riskyBody('VASE'), { remoteAddress: '192.0.2.50' });
    const b = await t.api('POST', '/api/v1/orders', riskyBody('VASE'), { remoteAddress: '192.0.2.50' });
    expect(a.body.holds).toEqual([]);
    expect(b.body.holds[0].reason).toMatch(/2 orders from IP 192\.0\.2\.50 within 5 minutes \(more than 1\)/);
    await t.api('PUT', '/api/v1/risk/settings', { rules: { velocityIp: { maxOrders: 5, windowMinutes: 10 } } });
  });

  it('an exempt IP is not counted at all (its stored IP velocity is 0); once it is no longer exempt, its orders count', async () => {
    const ipVelocity = async (orderId: string) =>
      (await queryRows<{ v: number }>(t.database.db, sql`select (facts->'velocity'->>'ip')::int as v from risk_assessments where order_id = ${orderId} and stage = 'placement'`))[0]!.v;
    await t.api('PUT', '/api/v1/risk/settings', { rules: { velocityIp: { maxOrders: 1, windowMinutes: 5, exemptIps: ['192.0.2.60'] } } });
    const a = await t.api('POST', '/api/v1/orders', riskyBody('VASE'), { remoteAddress: '192.0.2.60' });
    const b = await t.api('POST', '/api/v1/orders', riskyBody('VASE'), { remoteAddress: '192.0.2.60' });
    expect([a.body.holds, b.body.holds]).toEqual([[], []]);
    expect(await ipVelocity(b.body.id)).toBe(0);
    await t.api('PUT', '/api/v1/risk/settings', { rules: { velocityIp: { exemptIps: [] } } });
    const c = await t.api('POST', '/api/v1/orders', riskyBody('VASE'), { remoteAddress: '192.0.2.60' });
    expect(await ipVelocity(c.body.id)).toBe(2);
    expect(c.body.holds[0].reason).toMatch(/3 orders from IP 192\.0\.2\.60 within 5 minutes/);
    await t.api('PUT', '/api/v1/risk/settings', { rules: { velocityIp: { maxOrders: 5, windowMinutes: 10, exemptIps: ['127.0.0.1', '::1', '::ffff:127.0.0.1'] } } });
  });

  it('concurrent partial updates both land (the settings row is locked)', async () => {
    const [a, b] = await Promise.all([
      t.api('PUT', '/api/v1/risk/settings', { rules: { cvv: { points: 41 } } }),
      t.api('PUT', '/api/v1/risk/settings', { rules: { avs: { partialPoints: 11 } } }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const now = (await t.api('GET', '/api/v1/risk/settings')).body;
    expect([now.rules.cvv.points, now.rules.avs.partialPoints]).toEqual([41, 11]);
    await t.api('PUT', '/api/v1/risk/settings', { rules: { cvv: { points: 40 }, avs: { partialPoints: 10 } } });
  });

  it('rejects unknown rules and bad values naming the path, changing nothing', async () => {
    const before = (await t.api('GET', '/api/v1/risk/settings')).body;
    const unknown = await t.api('PUT', '/api/v1/risk/settings', { rules: { shoeSize: { points: 5 } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ path: 'rules.shoeSize', message: expect.stringContaining('not a known rule') }]);
    const bad = await t.api('PUT', '/api/v1/risk/settings', { threshold: 0, rules: { avs: { points: 101, colour: 'red' } } });
    expect(bad.status).toBe(400);
    const paths = bad.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toContain('threshold');
    expect(paths).toContain('rules.avs.points');
    expect(paths.some((p: string) => p.startsWith('rules.avs'))).toBe(true);
    expect((await t.api('GET', '/api/v1/risk/settings')).body).toEqual(before);
  });

  it('settings are for admin and manager only; the review group cannot change them', async () => {
    for (const as of ['support', 'warehouse', 'integration', 'read-only'] as const) {
      expect((await t.api('GET', '/api/v1/risk/settings', undefined, { as })).status).toBe(403);
      expect((await t.api('PUT', '/api/v1/risk/settings', { threshold: 99 }, { as })).status).toBe(403);
    }
    expect((await t.api('GET', '/api/v1/risk/blocklist', undefined, { as: 'warehouse' })).status).toBe(403);
    expect((await t.api('POST', '/api/v1/risk/blocklist', { kind: 'email', value: 'a@b.co', reason: 'x' }, { as: 'warehouse' })).status).toBe(403);
    expect((await t.api('GET', '/api/v1/risk/settings')).body.threshold).toBe(60);
  });
});
