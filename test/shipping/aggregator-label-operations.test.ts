import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { testApp, type TestApp } from '../support/app.js';
import { fileOf, ok, packedOrder, shippingWorld } from './support.js';
import { EASYPOST_KEY, fakeEasypost, fakeShippo, SHIPPO_KEY, type EasypostFake, type Fake } from './carrier-fakes.js';
import { labelOperations } from '../../src/platform/db/schema/index.js';
import { abandonStaleLabelOperations } from '../../src/modules/shipping/label-operations.js';

/**
 * Aggregator label purchases keep no database transaction open while EasyPost/Shippo answer, refund
 * what they bought when anything after the purchase fails, and buy multi-parcel shipments.
 */
let t: TestApp;
let ep: EasypostFake;
let shippo: Fake;
let n = 0;
const customer = () => ({ customer: { email: `buyer${++n}@example.com`, name: 'Ada Lovelace' } });
const shipmentsOf = async (foId: string) => (await t.api('GET', '/api/v1/shipments?locationCode=BER&limit=100')).body.items.filter((x: any) => x.fulfillmentOrderId === foId);
const refundsAt = (fake: Fake, path: RegExp) => fake.requests.filter((r) => path.test(r.path));
const operationsOf = (foId: string) => t.database.db.select().from(labelOperations).where(eq(labelOperations.fulfillmentOrderId, foId));
const pagesOf = async (bytes: Buffer) => (await PDFDocument.load(bytes)).getPageCount();
const twoParcels = [
  { weightGrams: 900, lengthMm: 300, widthMm: 200, heightMm: 150 },
  { weightGrams: 400, lengthMm: 200, widthMm: 150, heightMm: 100 },
];

beforeAll(async () => {
  ep = await fakeEasypost();
  shippo = await fakeShippo();
  t = await testApp({ app: { carrierApis: { easypost: { apiKey: EASYPOST_KEY, apiBase: ep.url }, shippo: { apiKey: SHIPPO_KEY, apiBase: shippo.url } } } });
  await shippingWorld(t);
});
afterAll(async () => {
  await t.close();
  await ep.close();
  await shippo.close();
});

describe('an aggregator label purchase in flight', () => {
  it('holds no lock while EasyPost answers: the order can be cancelled meanwhile, a twin purchase gets 409, and the label bought for the cancelled order is refunded', async () => {
    const { order, fo } = await packedOrder(t, [{ sku: 'MUG-1', quantity: 1 }], customer());
    const hold = ep.holdNextBuy();
    const buying = t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/shipments`, { carrier: 'ep-ups' }, { as: 'warehouse' });
    await hold.reached;

    const twin = await t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/shipments`, { carrier: 'ep-ups' }, { as: 'warehouse' });
    expect(twin.status).toBe(409);
    expect(twin.body.detail).toContain('in progress');

    // If the purchase held the order's or fulfillment order's row lock, this would wait for EasyPost (and the test would time out).
    const cancelled = await t.api('POST', `/api/v1/orders/${order.id}/cancel`, { reason: 'customer changed their mind' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    await t.drain();
    const refundsBefore = refundsAt(ep, /\/refund$/).length;

    hold.release();
    const res = await buying;
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.body.detail).toContain('cancelled');
    const bought = ep.requests.filter((r) => /\/v2\/shipments\/[^/]+\/buy$/.test(r.path)).at(-1)!;
    const refunds = refundsAt(ep, /\/refund$/).slice(refundsBefore);
    expect(refunds.map((r) => r.path)).toEqual([bought.path.replace(/\/buy$/, '/refund')]);
    expect(await shipmentsOf(fo.id)).toEqual([]);
    const [op] = await operationsOf(fo.id);
    expect(op).toMatchObject({ kind: 'purchase', status: 'failed', shipmentId: null });
    expect(op!.error!.code).toBe('illegal_transition');
    expect(op!.progress.refunds).toEqual([{ providerLabelId: bought.path.split('/')[3], status: 'submitted', accepted: true }]);
  });

  it('a failure after the purchase (the label download) answers 502, refunds the label and writes no shipment; the next purchase works', async () => {
    const { fo } = await packedOrder(t, [{ sku: 'PEN-1', quantity: 1 }], customer());
    const refundsBefore = refundsAt(ep, /\/refund$/).length;
    ep.failDownloads = true;
    try {
      const res = await t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/shipments`, { carrier: 'ep-ups' }, { as: 'warehouse' });
      expect(res.status).toBe(502);
      expect(res.body.detail).toContain('label download failed');
    } finally {
      ep.failDownloads = false;
    }
    const bought = ep.requests.filter((r) => /\/buy$/.test(r.path)).at(-1)!;
    expect(refundsAt(ep, /\/refund$/).slice(refundsBefore).map((r) => r.path)).toEqual([bought.path.replace(/\/buy$/, '/refund')]);
    expect(await shipmentsOf(fo.id)).toEqual([]);
    expect((await operationsOf(fo.id)).map((o) => o.status)).toEqual(['failed']);

    const again = await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/shipments`, { carrier: 'ep-ups' }, { as: 'warehouse' }), 201);
    expect(again.status).toBe('label_purchased');
  });

  it('the label sweep abandons a purchase cut off mid-way; the label the provider sells afterwards is refunded, not recorded', async () => {
    const { fo } = await packedOrder(t, [{ sku: 'BOOK-1', quantity: 1 }], customer());
    const hold = ep.holdNextBuy();
    const buying = t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/shipments`, { carrier: 'ep-ups' }, { as: 'warehouse' });
    await hold.reached;
    expect(await abandonStaleLabelOperations(t.deps, 0)).toBe(1);
    expect((await operationsOf(fo.id))[0]).toMatchObject({ status: 'failed' });
    const refundsBefore = refundsAt(ep, /\/refund$/).length;

    hold.release();
    const res = await buying;
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain('abandoned');
    expect(refundsAt(ep, /\/refund$/).length).toBe(refundsBefore + 1);
    expect(await shipmentsOf(fo.id)).toEqual([]);
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/shipments`, { carrier: 'ep-ups' }, { as: 'warehouse' }), 201);
  });

  it('the sweep refunds labels a crashed purchase recorded as bought, and leaves fresh operations alone', async () => {
    const { fo } = await packedOrder(t, [{ sku: 'PEN-1', quantity: 2 }], customer());
    // What a process that died right after EasyPost sold the label leaves behind.
    const rates = await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/shipments`, { carrier: 'ep-ups' }, { as: 'warehouse' }), 201);
    const [parcel] = (await t.api('GET', `/api/v1/shipments/${rates.id}`)).body.parcels;
    await ok(t.api('POST', `/api/v1/shipments/${rates.id}/void`, { reason: 'test setup' }, { as: 'warehouse' }));
    const sold = { providerLabelId: ep.requests.filter((r) => /\/buy$/.test(r.path)).at(-1)!.path.split('/')[3]!, trackingNumber: parcel.trackingNumber };
    const id = crypto.randomUUID();
    await t.database.db.insert(labelOperations).values({
      id, kind: 'purchase', fulfillmentOrderId: fo.id, carrierCode: 'ep-ups', status: 'pending', request: { adapter: 'easypost' }, progress: { labels: [sold] }, createdAt: new Date(t.deps.clock.now().getTime() - 60 * 60_000),
    });
    expect(await abandonStaleLabelOperations(t.deps, 10 * 60_000)).toBe(1);
    const [op] = await t.database.db.select().from(labelOperations).where(eq(labelOperations.id, id));
    expect(op).toMatchObject({ status: 'failed', error: { code: 'unavailable' } });
    expect(op!.progress.refunds).toEqual([{ providerLabelId: sold.providerLabelId, status: 'submitted', accepted: true }]);
    expect(await abandonStaleLabelOperations(t.deps, 10 * 60_000)).toBe(0);
  });
});

describe('multi-parcel labels through aggregators', () => {
  it('EasyPost: an Order of one shipment per parcel, bought by carrier + service; one tracking number and label page per parcel; void refunds each', async () => {
    const { order, fo } = await packedOrder(t, [{ sku: 'BOOK-1', quantity: 2 }], customer());
    const s = await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/shipments`, { carrier: 'ep-ups', parcels: twoParcels }, { as: 'warehouse' }), 201);
    const created = ep.requests.filter((r) => r.path === '/v2/orders').at(-1)!;
    expect(created.body.order.reference).toBe(`${order.number} ${s.number}`);
    expect(created.body.order.shipments.map((x: any) => x.parcel.weight)).toEqual([31.7, 14.1]);
    const buy = ep.requests.filter((r) => /^\/v2\/orders\/[^/]+\/buy$/.test(r.path)).at(-1)!;
    expect(buy.body).toEqual({ carrier: 'UPS', service: 'Ground' });
    expect(s.cost).toEqual({ amount: 1820, currency: 'USD' });
    expect(s.parcels.map((p: any) => p.seq)).toEqual([1, 2]);
    const tracking = s.parcels.map((p: any) => p.trackingNumber);
    expect(new Set(tracking).size).toBe(2);
    expect(s.trackingNumbers).toEqual(tracking);
    const label = await fileOf(t, `/api/v1/shipments/${s.id}/label.pdf`);
    expect(await pagesOf(label.bytes)).toBe(2);

    const refundsBefore = refundsAt(ep, /\/refund$/).length;
    await ok(t.api('POST', `/api/v1/shipments/${s.id}/void`, { reason: 'wrong boxes' }, { as: 'warehouse' }));
    const orderId = buy.path.split('/')[3];
    expect(refundsAt(ep, /\/refund$/).slice(refundsBefore).map((r) => r.path)).toEqual([`/v2/shipments/shp_${orderId}_1/refund`, `/v2/shipments/shp_${orderId}_2/refund`]);
  });

  it('Shippo: a multi-piece shipment; the parcels after the first are listed by rate; void refunds every transaction', async () => {
    const { fo } = await packedOrder(t, [{ sku: 'MUG-1', quantity: 2 }], customer());
    const s = await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/shipments`, { carrier: 'shippo-usps', parcels: twoParcels }, { as: 'warehouse' }), 201);
    const created = shippo.requests.filter((r) => r.path === '/shipments/').at(-1)!;
    expect(created.body.parcels.map((p: any) => p.weight)).toEqual(['900', '400']);
    expect(shippo.requests.some((r) => r.method === 'GET' && r.path.startsWith('/transactions/?rate='))).toBe(true);
    expect(s.cost).toEqual({ amount: 620, currency: 'USD' });
    expect(new Set(s.trackingNumbers).size).toBe(2);
    expect(await pagesOf((await fileOf(t, `/api/v1/shipments/${s.id}/label.pdf`)).bytes)).toBe(2);

    await ok(t.api('POST', `/api/v1/shipments/${s.id}/void`, { reason: 'wrong boxes' }, { as: 'warehouse' }));
    const refunds = shippo.requests.filter((r) => r.path === '/refunds/').map((r) => r.body.transaction);
    expect(refunds).toHaveLength(2);
    expect(new Set(refunds).size).toBe(2);
  });
});
