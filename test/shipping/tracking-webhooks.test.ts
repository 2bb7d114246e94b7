import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { payloadsDir, payloadText } from '../support/payloads.js';
import { level } from '../support/factories.js';
import { easypostSignature } from '../../src/modules/shipping/carriers/webhook-signatures.js';
import { level as stockLevel, makeLocation, makeProduct, receiveStock } from '../support/factories.js';
import { ok, outboxOf, packedOrder, placeOrder, shippingWorld } from './support.js';

const easypostRaw = readFileSync(`${payloadsDir}easypost/guides__tracking-guide__json__tracking-webhook.json`);
const shippoTrack = JSON.parse(payloadText('shippo/track_test_get_status_response.json'));
const secret = 'easypost-webhook-secret-for-tests';
const token = 'shippo_token_0123456789abcdef';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ app: { shippingWebhooks: { easypostSecret: secret, shippoToken: token } } });
  await shippingWorld(t);
});
afterAll(() => t.close());

const postEasypost = async (raw: Buffer, signature = easypostSignature(raw, secret)) => {
  const res = await t.http.inject({ method: 'POST', url: '/api/v1/shipping/webhooks/easypost', headers: { 'content-type': 'application/json', 'x-hmac-signature': signature }, payload: raw });
  return { status: res.statusCode, body: JSON.parse(res.body), type: String(res.headers['content-type']) };
};
const postShippo = async (body: unknown, tok = token) => {
  const res = await t.http.inject({ method: 'POST', url: `/api/v1/shipping/webhooks/shippo?token=${encodeURIComponent(tok)}`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  return { status: res.statusCode, body: JSON.parse(res.body), type: String(res.headers['content-type']) };
};
const shipment = (id: string) => ok(t.api('GET', `/api/v1/shipments/${id}`));
const record = (foId: string, carrier: string, service: string, trackingNumber: string) =>
  ok(t.api('POST', `/api/v1/fulfillment-orders/${foId}/shipments`, { carrier, service, trackingNumber }, { as: 'warehouse' }), 201);

describe('EasyPost tracker webhook (real payload)', () => {
  it('drives a recorded shipment of a packed order to delivered; bad signature refused; duplicate ignored', async () => {
    const { order, fo } = await packedOrder(t, [{ sku: 'MUG-1', quantity: 2 }]);
    const s = await record(fo.id, 'ep-ups', 'ground', 'EZ4000000004');
    const stockBefore = await level(t, 'MUG-1', 'BER');

    const forged = await postEasypost(easypostRaw, easypostSignature(easypostRaw, 'not-the-secret'));
    expect(forged.status).toBe(400);
    expect(forged.type).toContain('application/problem+json');
    expect(forged.body.errors).toEqual([{ path: 'header.x-hmac-signature', message: 'does not verify' }]);
    const tampered = await postEasypost(Buffer.from(easypostRaw.toString().replace('John Tester', 'Mallory')), easypostSignature(easypostRaw, secret));
    expect(tampered.status).toBe(400);
    expect((await shipment(s.id)).status).toBe('label_purchased');

    const res = await postEasypost(easypostRaw);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ received: true, outcome: 'applied', shipment: s.number });
    const done = await shipment(s.id);
    expect(done.status).toBe('delivered');
    expect(done.carrierStatus).toBe('delivered');
    expect(done.proofOfDelivery).toMatchObject({ signedBy: 'John Tester' });
    expect(done.estimatedDelivery).toBe('2014-11-27');
    const details = JSON.parse(easypostRaw.toString()).result.tracking_details as unknown[];
    expect(done.timeline).toHaveLength(details.length);
    expect(done.timeline.map((e: any) => e.message)).toContain('ORIGIN SCAN');
    expect(done.timeline.find((e: any) => e.message === 'ORIGIN SCAN')).toMatchObject({ status: 'in_transit', carrierStatus: 'in_transit', location: 'SOUTH SAN FRANCISCO, CA, US' });
    expect(done.handedOffAt).not.toBeNull();

    // The carrier scan proved the parcel left: the fulfillment hand-off ran (stock consumed, lines shipped).
    expect((await ok(t.api('GET', `/api/v1/fulfillment-orders/${fo.id}`))).status).toBe('handed_off');
    const after = await level(t, 'MUG-1', 'BER');
    expect(after.onHand).toBe(stockBefore.onHand - 2);
    const o = await ok(t.api('GET', `/api/v1/orders/${order.id}`));
    expect(o.status).toBe('delivered');
    expect(o.lines[0].quantities).toMatchObject({ shipped: 2, delivered: 2, allocated: 0 });
    expect((await outboxOf(t, 'shipment.delivered')).filter((p) => p.shipmentId === s.id)).toHaveLength(1);
    expect((await outboxOf(t, 'order.delivered')).filter((p) => p.orderId === order.id)).toHaveLength(1);
    expect((await outboxOf(t, 'order.shipped')).filter((p) => p.orderId === order.id)).toHaveLength(1);

    const dup = await postEasypost(easypostRaw);
    expect(dup.status).toBe(200);
    expect(dup.body.outcome).toBe('duplicate');
    const again = await shipment(s.id);
    expect(again.timeline).toEqual(done.timeline);
    expect(again.status).toBe('delivered');
    expect((await outboxOf(t, 'order.delivered')).filter((p) => p.orderId === order.id)).toHaveLength(1);
    await t.drain();
    expect((await shipment(s.id)).status).toBe('delivered');
  });

  it('unknown tracking number: 202, nothing recorded', async () => {
    const body = JSON.parse(easypostRaw.toString());
    body.id = 'evt_unknown_1';
    body.result.tracking_code = 'EZ9999999999';
    const raw = Buffer.from(JSON.stringify(body));
    const res = await postEasypost(raw);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ received: true, outcome: 'unknown' });
  });

  it('a late estimate flags the shipment delayed once; a failure is an exception', async () => {
    const { fo } = await packedOrder(t, [{ sku: 'PEN-1', quantity: 1 }]);
    const s = await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/shipments`, { promisedDate: '2030-01-10' }, { as: 'warehouse' }), 201);
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/hand-off`, undefined, { as: 'warehouse' }));
    await t.drain();
    expect((await shipment(s.id)).status).toBe('handed_off');
    const body = JSON.parse(easypostRaw.toString());
    const tn = s.parcels[0].trackingNumber;
    const update = (id: string, status: string, est: string, n: number) => {
      const b = structuredClone(body);
      Object.assign(b, { id });
      Object.assign(b.result, { tracking_code: tn, status, est_delivery_date: est, tracking_details: b.result.tracking_details.slice(0, n), signed_by: null });
      if (status === 'failure') b.result.tracking_details.push({ object: 'TrackingDetail', message: 'DAMAGED IN TRANSIT', status: 'failure', datetime: '2014-11-24T10:00:00Z', tracking_location: { city: 'LEIPZIG', state: null, country: 'DE', zip: null } });
      return Buffer.from(JSON.stringify(b));
    };
    const r1 = await postEasypost(update('evt_late_1', 'in_transit', '2030-01-14T00:00:00Z', 3));
    expect(r1.body.outcome).toBe('applied');
    const mid = await shipment(s.id);
    expect(mid).toMatchObject({ status: 'in_transit', estimatedDelivery: '2030-01-14', promisedDate: '2030-01-10' });
    expect(mid.timeline).toHaveLength(3);
    const r2 = await postEasypost(update('evt_late_2', 'failure', '2030-01-15T00:00:00Z', 4));
    expect(r2.body.outcome).toBe('applied');
    const ex = await shipment(s.id);
    expect(ex.status).toBe('exception');
    expect(ex.timeline).toHaveLength(5); // 3 kept once + 1 new scan + the failure
    expect((await outboxOf(t, 'shipment.delayed')).filter((p) => p.shipmentId === s.id)).toEqual([expect.objectContaining({ promisedDate: '2030-01-10', estimatedDelivery: '2030-01-14' })]);
    expect((await outboxOf(t, 'shipment.exception')).filter((p) => p.shipmentId === s.id)).toEqual([expect.objectContaining({ message: 'DAMAGED IN TRANSIT' })]);
  });
});

describe('Shippo track_updated webhook (real Track object)', () => {
  it('drives a handed-off shipment to delivered; bad token refused; duplicate ignored', async () => {
    const { order, fo } = await packedOrder(t, [{ sku: 'BOOK-1', quantity: 1 }]);
    const s = await record(fo.id, 'shippo-usps', 'usps_priority', '9205590164917337534322');
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/hand-off`, undefined, { as: 'warehouse' }));
    await t.drain();
    expect((await shipment(s.id)).status).toBe('handed_off');
    const body = { event: 'track_updated', test: true, data: shippoTrack };

    const bad = await postShippo(body, 'wrong_token_0123456789abcdef');
    expect(bad.status).toBe(400);
    expect(bad.type).toContain('application/problem+json');
    expect(bad.body.errors).toEqual([{ path: 'query.token', message: 'does not verify' }]);
    const none = await t.http.inject({ method: 'POST', url: '/api/v1/shipping/webhooks/shippo', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    expect(none.statusCode).toBe(400);
    expect((await shipment(s.id)).timeline).toEqual([]);

    const res = await postShippo(body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.outcome).toBe('applied');
    const done = await shipment(s.id);
    expect(done.status).toBe('delivered');
    expect(done.proofOfDelivery).toMatchObject({ signedBy: null, reference: shippoTrack.tracking_status.object_id });
    expect(done.timeline.at(-1)).toMatchObject({ status: 'delivered', carrierStatus: 'DELIVERED', location: 'Berkeley, CA, US' });
    expect(done.timeline.length).toBeGreaterThanOrEqual(shippoTrack.tracking_history.length);
    const o = await ok(t.api('GET', `/api/v1/orders/${order.id}`));
    expect(o.status).toBe('delivered');
    expect(o.lines[0].quantities).toMatchObject({ shipped: 1, delivered: 1 });

    const dup = await postShippo(body);
    expect(dup.body.outcome).toBe('duplicate');
    expect((await shipment(s.id)).timeline).toEqual(done.timeline);
  });

  it('is refused with 503 when the provider is not configured', async () => {
    const bare = await testApp({ database: t.database });
    try {
      const res = await bare.http.inject({ method: 'POST', url: '/api/v1/shipping/webhooks/shippo?token=x', headers: { 'content-type': 'application/json' }, payload: '{}' });
      expect(res.statusCode).toBe(503);
    } finally {
      await bare.close();
    }
  });
});

describe('an order shipped from two locations', () => {
  it('becomes delivered only when both shipments are', async () => {
    await makeLocation(t, { code: 'HAM', name: 'Hamburg warehouse', latitude: 53.55, longitude: 9.99, address: { line1: 'Kai 1', city: 'Hamburg', postalCode: '20457', country: 'DE' } });
    await makeProduct(t, { sku: 'LAMP-1', name: 'Desk lamp', weightGrams: 900, dimensionsMm: { length: 180, width: 140, height: 90 } });
    await receiveStock(t, 'LAMP-1', 'HAM', 3);
    expect((await stockLevel(t, 'LAMP-1', 'BER')).onHand).toBe(0);
    const order = await placeOrder(t, [{ sku: 'MUG-1', quantity: 1 }, { sku: 'LAMP-1', quantity: 1 }]);
    await t.drain();
    const fos = (await ok(t.api('GET', `/api/v1/fulfillment-orders?orderId=${order.id}`))).items as Array<{ id: string; locationCode: string }>;
    expect(fos.map((f) => f.locationCode).sort()).toEqual(['BER', 'HAM']);
    const shipped: Array<{ tn: string; id: string }> = [];
    for (const f of fos) {
      const detail = await ok(t.api('GET', `/api/v1/fulfillment-orders/${f.id}`));
      await ok(t.api('POST', `/api/v1/fulfillment-orders/${f.id}/start-picking`, undefined, { as: 'warehouse' }));
      for (const l of detail.lines) await ok(t.api('POST', `/api/v1/fulfillment-orders/${f.id}/scan`, { code: l.sku, quantity: l.quantity }, { as: 'warehouse' }));
      await ok(t.api('POST', `/api/v1/fulfillment-orders/${f.id}/pack`, {}, { as: 'warehouse' }));
      const s = await ok(t.api('POST', `/api/v1/fulfillment-orders/${f.id}/shipments`, {}, { as: 'warehouse' }), 201);
      await ok(t.api('POST', `/api/v1/fulfillment-orders/${f.id}/hand-off`, undefined, { as: 'warehouse' }));
      shipped.push({ tn: s.parcels[0].trackingNumber, id: s.id });
    }
    await t.drain();
    expect((await ok(t.api('GET', `/api/v1/orders/${order.id}`))).status).toBe('shipped');
    const delivered = (tn: string, id: string) => {
      const b = JSON.parse(easypostRaw.toString());
      b.id = id;
      b.result.tracking_code = tn;
      return Buffer.from(JSON.stringify(b));
    };
    expect((await postEasypost(delivered(shipped[0]!.tn, 'evt_two_1'))).body.outcome).toBe('applied');
    const half = await ok(t.api('GET', `/api/v1/orders/${order.id}`));
    expect(half.status).toBe('shipped');
    expect(half.lines.map((l: any) => l.quantities.delivered).sort()).toEqual([0, 1]);
    expect((await outboxOf(t, 'order.delivered')).filter((p) => p.orderId === order.id)).toEqual([]);
    expect((await postEasypost(delivered(shipped[1]!.tn, 'evt_two_2'))).body.outcome).toBe('applied');
    const all = await ok(t.api('GET', `/api/v1/orders/${order.id}`));
    expect(all.status).toBe('delivered');
    expect(all.lines.map((l: any) => l.quantities.delivered)).toEqual([1, 1]);
    expect((await outboxOf(t, 'order.delivered')).filter((p) => p.orderId === order.id)).toHaveLength(1);
  });
});
