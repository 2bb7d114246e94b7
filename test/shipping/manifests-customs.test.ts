import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractText } from 'unpdf';
import { testApp, type TestApp } from '../support/app.js';
import { barcodesInPdf } from '../support/barcodes.js';
import { fileOf, ok, outboxOf, packedOrder, shippingWorld } from './support.js';
import { orderBody } from '../support/factories.js';

let t: TestApp;
const zurich = { shippingAddress: { name: 'Grace Hopper', line1: 'Bahnhofstrasse 1', city: 'Zürich', postalCode: '8001', country: 'CH', latitude: 47.37, longitude: 8.54 } };
beforeAll(async () => {
  t = await testApp();
  await shippingWorld(t);
  await ok(t.api('PATCH', '/api/v1/products/MUG-1', { hsCode: '691200', originCountry: 'DE' }));
  await ok(t.api('PATCH', '/api/v1/products/PEN-1', { hsCode: '960830', originCountry: 'JP' }));
  await ok(t.api('PATCH', '/api/v1/products/BOOK-1', { hsCode: '482010', originCountry: 'DE' }));
  await ok(t.api('PUT', '/api/v1/customs/destinations/CH', { currency: 'CHF', defaultDutyBp: 0, vatBp: 810, cn22MaxValue: 30000, restrictions: [{ sku: 'BOOK-1', reason: 'not sold in Switzerland' }] }));
  await ok(t.api('PUT', '/api/v1/fx-rates/EUR/CHF', { rate: '0.94' }));
});
afterAll(() => t.close());

const buy = (foId: string, body: Record<string, unknown> = {}) => t.api('POST', `/api/v1/fulfillment-orders/${foId}/shipments`, body, { as: 'warehouse' });

describe('international shipments', () => {
  it('declares the goods in the destination currency and makes the commercial invoice', async () => {
    const { order, fo } = await packedOrder(t, [{ sku: 'MUG-1', quantity: 2 }], zurich);
    const s = await ok(buy(fo.id), 201);
    expect(s.cost).toEqual({ amount: 1590, currency: 'EUR' }); // INTL zone, ≤ 1 kg
    expect(s.customs).toMatchObject({ country: 'CH', currency: 'CHF', form: 'CN22', incoterm: 'DAP' });
    // 2 × EUR 49.90 at 0.94 = CHF 46.91 (46.906 rounded half to even) each.
    expect(s.customs.lines).toEqual([expect.objectContaining({ sku: 'MUG-1', quantity: 2, hsCode: '691200', originCountry: 'DE', unitValue: { amount: 4691, currency: 'CHF' }, lineValue: { amount: 9382, currency: 'CHF' } })]);
    expect(s.hasCommercialInvoice).toBe(true);
    const inv = await fileOf(t, `/api/v1/shipments/${s.id}/commercial-invoice.pdf`);
    expect(inv.status).toBe(200);
    const { text } = await extractText(new Uint8Array(inv.bytes), { mergePages: true });
    expect(text).toContain('COMMERCIAL INVOICE');
    expect(text).toContain(`CI-${s.number}`);
    expect(text).toContain(order.number);
    expect(text).toContain('691200');
    expect(text).toContain('Bahnhofstrasse 1');
    expect((await barcodesInPdf(new Uint8Array(inv.bytes))).map((b) => b.text)).toContain(s.parcels[0].trackingNumber);
  });

  it('refuses restricted goods naming the line, and a destination without a customs profile, writing nothing', async () => {
    // Placement refuses it already (docs/shipping.md); the label purchase checks again for a restriction
    // set after the order was placed.
    const placed = await t.api('POST', '/api/v1/orders', orderBody([{ sku: 'PEN-1', quantity: 1 }, { sku: 'BOOK-1', quantity: 1 }], { ...zurich, customer: { email: 'ch@example.com', name: 'Grace' } }));
    expect(placed.status).toBe(422);
    expect(placed.body.errors).toEqual([{ path: 'lines.1.sku', message: 'BOOK-1 cannot be shipped to CH: not sold in Switzerland' }]);
    const profile = (await ok(t.api('GET', '/api/v1/customs/destinations/CH'))) as Record<string, unknown>;
    const { country: _c, updatedAt: _u, ...body } = profile;
    await ok(t.api('PUT', '/api/v1/customs/destinations/CH', { ...body, restrictions: [] }));
    const { order, fo } = await packedOrder(t, [{ sku: 'PEN-1', quantity: 1 }, { sku: 'BOOK-1', quantity: 1 }], zurich);
    await ok(t.api('PUT', '/api/v1/customs/destinations/CH', { ...body, restrictions: profile.restrictions }));
    const before = await outboxOf(t, 'shipment.label_purchased');
    const res = await buy(fo.id);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.detail).toBe('Not allowed to CH: BOOK-1');
    expect(res.body.errors).toEqual([{ path: 'lines.1.sku', message: 'not sold in Switzerland' }]);
    expect((await t.api('GET', `/api/v1/shipments?orderId=${order.id}`)).body.items).toEqual([]);
    expect(await outboxOf(t, 'shipment.label_purchased')).toHaveLength(before.length);

    const tokyo = await packedOrder(t, [{ sku: 'PEN-1', quantity: 1 }], { shippingAddress: { name: 'Ada', line1: '1-1 Chiyoda', city: 'Tokyo', postalCode: '100-0001', country: 'JP' } });
    const jp = await buy(tokyo.fo.id);
    expect(jp.status).toBe(422);
    expect(jp.body.errors).toEqual([{ path: 'shippingAddress.country', message: 'no customs profile for JP' }]);

    // A profile in yen but no EUR→JPY rate: the refusal says what to configure (the request has no currency field to name).
    await ok(t.api('PUT', '/api/v1/customs/destinations/JP', { currency: 'JPY', defaultDutyBp: 0, vatBp: 1000, cn22MaxValue: 30000, restrictions: [] }));
    const noFx = await buy(tokyo.fo.id);
    expect(noFx.status).toBe(422);
    expect(noFx.body.detail).toBe('No exchange rate EUR→JPY for the customs declaration: set one with PUT /fx-rates/EUR/JPY before shipping there');
    expect(noFx.body.errors ?? []).toEqual([]);
    await ok(t.api('PUT', '/api/v1/fx-rates/EUR/JPY', { rate: '160' }));
    expect((await ok(buy(tokyo.fo.id), 201)).customs).toMatchObject({ country: 'JP', currency: 'JPY' });
  });
});

describe('manifests', () => {
  it('lists every handed-off shipment of the carrier and location once, with totals and a scannable number', async () => {
    const a = await packedOrder(t, [{ sku: 'MUG-1', quantity: 1 }]);
    const b = await packedOrder(t, [{ sku: 'PEN-1', quantity: 1 }]);
    const c = await packedOrder(t, [{ sku: 'PEN-1', quantity: 1 }]);
    const sa = await ok(buy(a.fo.id), 201);
    const sb = await ok(buy(b.fo.id, { parcels: [{ weightGrams: 300, lengthMm: 200, widthMm: 150, heightMm: 100 }, { weightGrams: 200, lengthMm: 200, widthMm: 150, heightMm: 100 }] }), 201);
    await ok(buy(c.fo.id), 201); // labelled but not handed off: not on the manifest
    for (const x of [a, b]) await ok(t.api('POST', `/api/v1/fulfillment-orders/${x.fo.id}/hand-off`, undefined, { as: 'warehouse' }));
    await t.drain();

    const m = await ok(t.api('POST', '/api/v1/manifests', { carrierCode: 'ordo-post', locationCode: 'BER' }, { as: 'warehouse' }), 201);
    // Earlier tests in this file handed nothing off, so exactly these two.
    expect(m).toMatchObject({ number: expect.stringMatching(/^MF-\d{6}$/), shipmentCount: 2, parcelCount: 3, weightGrams: sa.parcels[0].weightGrams + 500 });
    expect(m.shipments).toEqual([sa.number, sb.number].sort());
    const pdf = await fileOf(t, `/api/v1/manifests/${m.number}.pdf`);
    expect(pdf.status).toBe(200);
    const { text } = await extractText(new Uint8Array(pdf.bytes), { mergePages: true });
    for (const tn of [...sa.trackingNumbers, ...sb.trackingNumbers]) expect(text).toContain(tn);
    expect(text).toContain('2 shipments, 3 parcels');
    expect((await barcodesInPdf(new Uint8Array(pdf.bytes))).map((x) => x.text)).toContain(m.number);
    expect((await ok(t.api('GET', `/api/v1/shipments/${sa.id}`))).manifestId).toBe(m.id);

    const again = await t.api('POST', '/api/v1/manifests', { carrierCode: 'ordo-post', locationCode: 'BER' }, { as: 'warehouse' });
    expect(again.status).toBe(422);
    expect(again.body.reason).toBe('nothing_to_manifest');
    const unknown = await t.api('POST', '/api/v1/manifests', { carrierCode: 'nope', locationCode: 'BER' }, { as: 'warehouse' });
    expect(unknown.body.errors).toEqual([{ path: 'carrierCode', message: 'unknown carrier nope' }]);
    const list = await ok(t.api('GET', '/api/v1/manifests?carrierCode=ordo-post', undefined, { as: 'read-only' }));
    expect(list.items.map((x: any) => x.number)).toEqual([m.number]);
    expect((await outboxOf(t, 'manifest.created')).map((p) => p.number)).toEqual([m.number]);
  });
});
