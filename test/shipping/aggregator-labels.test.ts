import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { fileOf, ok, outboxOf, packedOrder, shippingWorld } from './support.js';
import { EASYPOST_KEY, easypostTracker, fakeEasypost, type Fake } from './carrier-fakes.js';

let t: TestApp;
let ep: Fake & { purchases: () => number };
beforeAll(async () => {
  ep = await fakeEasypost();
  t = await testApp({ app: { carrierApis: { easypost: { apiKey: EASYPOST_KEY, apiBase: ep.url } } } });
  await shippingWorld(t);
});
afterAll(async () => {
  await t.close();
  await ep.close();
});

describe('label purchase through EasyPost', () => {
  it('rate-shops EasyPost’s rates, buys the cheapest, stores its PDF; a retry with the same key buys nothing; void refunds it there', async () => {
    const { order, fo } = await packedOrder(t, [{ sku: 'MUG-1', quantity: 1 }]);
    const key = `buy-${fo.id}`;
    const res = await t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/shipments`, { carrier: 'ep-ups' }, { as: 'warehouse', headers: { 'idempotency-key': key } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const s = res.body;
    expect(s).toMatchObject({ carrier: 'ep-ups', service: 'Priority', labelSource: 'ordo', status: 'label_purchased', orderId: order.id, trackingNumbers: [easypostTracker.tracking_code] });
    // EasyPost's "7.58" USD is 758 minor units; every offer is kept as an alternative, cheapest first.
    expect(s.cost).toEqual({ amount: 758, currency: 'USD' });
    expect(s.alternatives.map((a: any) => [a.service, a.total.amount])).toEqual([['Priority', 758], ['Ground', 910], ['Express', 2490]]);
    expect(s.rateReason).toContain('USPS via easypost');
    // The packed box S (200 × 150 × 100 mm, 380 g) went to EasyPost in inches and ounces.
    const created = ep.requests.find((r) => r.path === '/v2/shipments')!;
    expect(created.body.shipment.parcel).toEqual({ length: 7.9, width: 5.9, height: 3.9, weight: 13.4 });
    expect(created.body.shipment.reference).toBe(`${order.number} ${s.number}`);
    expect(ep.purchases()).toBe(1);

    const label = await fileOf(t, `/api/v1/shipments/${s.id}/label.pdf`);
    expect(label.status).toBe(200);
    expect(label.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const again = await t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/shipments`, { carrier: 'ep-ups' }, { as: 'warehouse', headers: { 'idempotency-key': key } });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(s.id);
    expect(ep.purchases()).toBe(1);
    expect((await outboxOf(t, 'shipment.label_purchased')).filter((p) => p.shipmentId === s.id)).toHaveLength(1);

    const voided = await t.api('POST', `/api/v1/shipments/${s.id}/void`, { reason: 'wrong box' }, { as: 'warehouse' });
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    expect(voided.body.status).toBe('voided');
    const refund = ep.requests.filter((r) => r.path.endsWith('/refund'));
    expect(refund).toHaveLength(1);
    const bought = ep.requests.find((r) => r.path.endsWith('/buy'))!;
    expect(refund[0]!.path).toBe(bought.path.replace(/\/buy$/, '/refund'));
    const [ev] = (await outboxOf(t, 'shipment.voided')).filter((p) => p.shipmentId === s.id);
    expect(ev.refund).toEqual({ status: 'submitted' });

    // The fulfillment order is free again: a fixed service can be bought.
    const relabel = await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/shipments`, { carrier: 'ep-ups', service: 'ground' }, { as: 'warehouse' }), 201);
    expect(relabel).toMatchObject({ service: 'Ground', cost: { amount: 910, currency: 'USD' } });
    expect(ep.purchases()).toBe(2);
  });

  it('a provider failure is a 502 naming EasyPost and writes nothing', async () => {
    const bad = await testApp({ database: t.database, app: { carrierApis: { easypost: { apiKey: 'EZTKwrongwrongwrong', apiBase: ep.url } } } });
    try {
      const { fo } = await packedOrder(bad, [{ sku: 'PEN-1', quantity: 1 }]);
      const res = await bad.api('POST', `/api/v1/fulfillment-orders/${fo.id}/shipments`, { carrier: 'ep-ups' }, { as: 'warehouse' });
      expect(res.status).toBe(502);
      expect(res.body.detail).toContain('EasyPost');
      expect((await bad.api('GET', `/api/v1/shipments?locationCode=BER`)).body.items.filter((x: any) => x.fulfillmentOrderId === fo.id)).toEqual([]);
    } finally {
      await bad.close();
    }
  });
});
