import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { level } from '../support/factories.js';
import { payloadsDir } from '../support/payloads.js';
import { easypostSignature } from '../../src/modules/shipping/carriers/webhook-signatures.js';
import { deliveredOrder, GTIN, ok, returnsWorld } from './support.js';

const secret = 'easypost-webhook-secret-for-portal-tests';
let t: TestApp;
beforeAll(async () => {
  t = await testApp({ app: { shippingWebhooks: { easypostSecret: secret } } });
  await returnsWorld(t);
  await ok(t.api('POST', '/api/v1/carriers', { code: 'ordo-post', name: 'Ordo Post', trackingPrefix: 'LX' }), 201);
  await ok(t.api('PUT', '/api/v1/returns/policy', {
    timeZone: 'Europe/Berlin',
    defaults: { windowDays: 30, restockingFeeBps: 0, returnShippingPaidBy: 'customer', exchangeAllowed: true, condition: null },
    productTypes: [],
    rules: [],
    finalSaleSkus: ['BOOK-1'],
    fraud: { threshold: 1000, highValueAmount: 100000 },
    portal: { autoApprove: true, labelLocationCode: 'BER', labelCarrier: 'ordo-post' },
  }));
});
afterAll(() => t.close());

const outbox = async (type: string, aggregateId: string) => {
  const { sql } = await import('drizzle-orm');
  const { queryRows } = await import('../../src/platform/db/query.js');
  return queryRows<{ payload: any }>(t.database.db, sql`select payload from outbox where type = ${type} and aggregate_id = ${aggregateId} order by id`).then((r) => r.map((x) => x.payload));
};
const movements = async (sku: string, ref: string) => {
  const { sql } = await import('drizzle-orm');
  const { queryRows } = await import('../../src/platform/db/query.js');
  return queryRows<{ delta: number; reason: string; location_code: string }>(t.database.db, sql`select delta, reason, location_code from inventory_movements where sku = ${sku} and reference_id = ${ref} order by id`);
};
/** An anonymous request, as the customer's browser makes it. */
const pub = (method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) =>
  t.http.inject({ method, url, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body ? { payload: JSON.stringify(body) } : {}) });
const json = (r: { body: string }) => JSON.parse(r.body);

/** EasyPost's own tracker webhook sample, re-addressed to a return label's tracking number. */
function easypostUpdate(trackingCode: string, status: string, n: number) {
  const sample = JSON.parse(readFileSync(`${payloadsDir}easypost/guides__tracking-guide__json__tracking-webhook.json`, 'utf8'));
  sample.id = `evt_return_${n}`;
  sample.result = { ...sample.result, tracking_code: trackingCode, status, updated_at: `2026-03-0${n}T10:00:00Z`, tracking_details: sample.result.tracking_details.slice(0, 2) };
  const raw = Buffer.from(JSON.stringify(sample));
  return t.http.inject({ method: 'POST', url: '/api/v1/shipping/webhooks/easypost', headers: { 'content-type': 'application/json', 'x-hmac-signature': easypostSignature(raw, secret) }, payload: raw });
}

describe('customer returns portal', () => {
  it('journey: delivered → portal return of 1 of 2 units → label PDF (barcode = tracking number) → in-transit webhook → received by scan, restocked → pro-rata refund; the order shows it', async () => {
    const { barcodesInPdf } = await import('../support/barcodes.js');
    const email = 'portal-ada@example.com';
    const o = await deliveredOrder(t, [{ sku: 'MUG-1', quantity: 2, amount: 1500 }], {
      customer: { email, name: 'Ada Lovelace' },
      payments: [{ provider: 'sandbox', paymentMethod: 'pm_sandbox_success' }],
      shipping: { amount: 490, currency: 'EUR' },
    });
    const lookup = await pub('POST', '/api/v1/public/order-status/lookup', { orderNumber: o.number, email });
    expect(lookup.statusCode, lookup.body).toBe(200);
    const token = json(lookup).token as string;

    const page = await pub('GET', `/return/${encodeURIComponent(token)}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect((await pub('GET', '/return/forged.token')).statusCode).toBe(404);

    const view = json(await pub('GET', `/api/v1/public/returns/${encodeURIComponent(token)}`));
    expect(view).toMatchObject({ orderNumber: o.number, returns: [] });
    expect(view.lines).toEqual([expect.objectContaining({ lineId: o.lines[0]!.id, sku: 'MUG-1', eligible: true, quantity: 2 })]);
    expect((await pub('GET', `/api/v1/public/returns/${encodeURIComponent(token.slice(0, -2) + 'xx')}`)).statusCode).toBe(404);

    const bad = await pub('POST', `/api/v1/public/returns/${encodeURIComponent(token)}`, { lines: [{ orderLineId: o.lines[0]!.id, quantity: 3, reason: 'wrong_size' }] });
    expect(bad.statusCode).toBe(422);
    const req = await pub('POST', `/api/v1/public/returns/${encodeURIComponent(token)}`, { lines: [{ orderLineId: o.lines[0]!.id, quantity: 1, reason: 'wrong_size' }] }, { 'idempotency-key': 'portal-1' });
    expect(req.statusCode, req.body).toBe(201);
    const ret = json(req);
    expect(ret).toMatchObject({ status: 'label_issued', resolution: 'refund', lines: [{ sku: 'MUG-1', quantity: 1, reason: 'wrong_size' }], refundDue: { amount: 1500, currency: 'EUR' }, labelTrackingNumber: expect.stringMatching(/^LX\d{9}DE$/) });
    const replay = await pub('POST', `/api/v1/public/returns/${encodeURIComponent(token)}`, { lines: [{ orderLineId: o.lines[0]!.id, quantity: 1, reason: 'wrong_size' }] }, { 'idempotency-key': 'portal-1' });
    expect(json(replay).id).toBe(ret.id);
    const full = await ok(t.api('GET', `/api/v1/returns/${ret.id}`));
    expect(full).toMatchObject({ source: 'portal', status: 'label_issued' });
    expect(full.history.map((h: any) => [h.to, h.actor])).toEqual([['requested', 'system:returns-portal'], ['approved', 'system:returns-portal'], ['label_issued', 'system:returns-portal']]);

    const pdf = await pub('GET', ret.labelUrl);
    expect(pdf.statusCode).toBe(200);
    expect(String(pdf.headers['content-type'])).toContain('application/pdf');
    expect((await barcodesInPdf(pdf.rawPayload)).map((c) => c.text)).toContain(ret.labelTrackingNumber);

    // the customer's parcel is scanned by the carrier: the return is in transit (once)
    const moving = await easypostUpdate(ret.labelTrackingNumber, 'in_transit', 1);
    expect(moving.statusCode, moving.body).toBe(200);
    expect(json(moving)).toEqual({ received: true, outcome: 'applied', shipment: full.number });
    expect(json(await easypostUpdate(ret.labelTrackingNumber, 'out_for_delivery', 2))).toMatchObject({ outcome: 'ignored' });
    expect((await easypostUpdate('LX000000000XX', 'in_transit', 3)).statusCode).toBe(202);
    expect((await ok(t.api('GET', `/api/v1/returns/${ret.id}`))).status).toBe('in_transit');

    const before = await level(t, 'MUG-1', 'BER');
    const done = await ok(t.api('POST', `/api/v1/returns/${ret.id}/receive`, { locationCode: 'BER', items: [{ code: GTIN.MUG, condition: 'like_new', disposition: 'restock' }] }, { as: 'warehouse' }));
    expect(done).toMatchObject({ refunded: { amount: 1500, currency: 'EUR' }, return: { status: 'completed' } });
    expect(done.return.history.map((h: any) => h.to)).toEqual(['requested', 'approved', 'label_issued', 'in_transit', 'received', 'inspected', 'completed']);
    expect(await level(t, 'MUG-1', 'BER')).toMatchObject({ onHand: before.onHand + 1 });
    expect(await movements('MUG-1', ret.id)).toEqual([{ delta: 1, reason: 'return', location_code: 'BER' }]);
    const order = await ok(t.api('GET', `/api/v1/orders/${o.id}`));
    expect(order.lines[0].quantities).toMatchObject({ delivered: 2, returned: 1 });
    expect(order.totals).toMatchObject({ total: { amount: 3490 }, returned: { amount: 1500 }, refunded: { amount: 1500 }, net: { amount: 1990 } });
    expect((await outbox('return.status_changed', ret.id)).map((p) => p.to)).toEqual(['approved', 'label_issued', 'in_transit', 'received', 'inspected', 'completed']);
    expect(await outbox('return.requested', ret.id)).toEqual([expect.objectContaining({ source: 'portal' })]);
    expect(await outbox('return.completed', ret.id)).toEqual([expect.objectContaining({ refunded: { amount: 1500, currency: 'EUR' } })]);

    // the portal lists it; another order's token cannot fetch its label
    const after = json(await pub('GET', `/api/v1/public/returns/${encodeURIComponent(token)}`));
    expect(after.returns).toEqual([expect.objectContaining({ number: full.number, status: 'completed' })]);
    const other = await deliveredOrder(t, [{ sku: 'PEN-1', quantity: 1 }], { customer: { email: 'someone-else@example.com', name: 'Eve' } });
    const otherToken = json(await pub('POST', '/api/v1/public/order-status/lookup', { orderNumber: other.number, email: 'someone-else@example.com' })).token;
    expect((await pub('GET', `/api/v1/public/returns/${encodeURIComponent(otherToken)}/labels/${ret.id}`)).statusCode).toBe(404);
  });

  it('without auto-approval the request waits for an agent and has no label', async () => {
    const policy = await ok(t.api('GET', '/api/v1/returns/policy'));
    const { updatedAt: _u, updatedBy: _b, ...body } = policy;
    await ok(t.api('PUT', '/api/v1/returns/policy', { ...body, portal: { autoApprove: false, labelLocationCode: null, labelCarrier: 'ordo-post' } }));
    const email = 'portal-bob@example.com';
    const o = await deliveredOrder(t, [{ sku: 'PEN-1', quantity: 1 }], { customer: { email, name: 'Bob' } });
    const token = json(await pub('POST', '/api/v1/public/order-status/lookup', { orderNumber: o.number, email })).token;
    const res = await pub('POST', `/api/v1/public/returns/${encodeURIComponent(token)}`, { resolution: 'store_credit', lines: [{ orderLineId: o.lines[0]!.id, quantity: 1, reason: 'changed_mind' }] });
    expect(res.statusCode, res.body).toBe(201);
    expect(json(res)).toMatchObject({ status: 'requested', resolution: 'store_credit', labelUrl: null, labelTrackingNumber: null });
  });
});
