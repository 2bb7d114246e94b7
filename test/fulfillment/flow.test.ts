import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractText } from 'unpdf';
import { testApp, type TestApp } from '../support/app.js';
import { level } from '../support/factories.js';
import { reconcileInventory } from '../../src/modules/inventory/index.js';
import { boxCatalog, fo, fulfillmentsOf, GTIN, ok, order, placeOrder, warehouse } from './support.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await warehouse(t);
  await boxCatalog(t);
});
afterAll(() => t.close());

const pdfText = async (url: string) => {
  const res = await t.http.inject({ method: 'GET', url, headers: { authorization: `Bearer ${t.keys.warehouse}` } });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect(res.headers['content-type']).toContain('application/pdf');
  expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  const { text } = await extractText(new Uint8Array(res.rawPayload), { mergePages: true });
  return { text, bytes: res.rawPayload };
};

describe('pick → scan → pack → hand-off', () => {
  it('runs the whole flow through the API with refusals that count nothing', async () => {
    const o = await placeOrder(t, [
      { sku: 'MUG-1', quantity: 2, customization: { engraving: 'For Ada' } },
      { sku: 'PEN-1', quantity: 1 },
    ]);
    expect(o.status).toBe('confirmed');
    await t.drain();
    const [f, ...rest] = await fulfillmentsOf(t, o.id);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ locationCode: 'BER', status: 'open', type: 'ship' });
    expect(f!.number).toMatch(/^FO-\d{6}$/);
    const detail = await fo(t, f!.id);
    expect(detail.lines.map((l: any) => [l.sku, l.quantity, l.bin, l.gtin])).toEqual([
      ['MUG-1', 2, 'B-02-10', GTIN.MUG],
      ['PEN-1', 1, 'A-01-3', GTIN.PEN],
    ]);
    expect(detail.workSteps).toHaveLength(1);
    expect(detail.workSteps[0]).toMatchObject({ kind: 'engraving', label: 'Engraving', values: { engraving: 'For Ada' }, confirmed: false });

    // Scanning before picking has started is refused.
    const early = await t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/scan`, { code: GTIN.MUG }, { as: 'warehouse' });
    expect(early.status).toBe(409);

    const started = await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/start-picking`, undefined, { as: 'warehouse' }));
    expect(started.status).toBe('picking');
    expect((await order(t, o.id)).status).toBe('processing');

    const scan = (code: string, quantity?: number) => t.api('POST', `/api/v1/fulfillment-orders/${f!.number}/scan`, { code, ...(quantity ? { quantity } : {}) }, { as: 'warehouse' });
    // Wrong item: a real product that is not on this pick list.
    const wrong = await scan(GTIN.BOOK);
    expect(wrong.status).toBe(422);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    expect(wrong.body.detail).toBe(`Wrong item: scanned ${GTIN.BOOK} (SKU BOOK-1, Field notes) is not on this pick list`);
    expect(wrong.body.reason).toBe('wrong_item');
    // A bad check digit.
    const bad = await scan('4006381333932');
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toMatch(/^Not a valid barcode: check digit/);
    expect(bad.body.errors).toEqual([{ path: 'code', message: 'check digit is wrong' }]);
    // Unknown code.
    const unknown = await scan('NOPE-9');
    expect(unknown.status).toBe(422);
    expect(unknown.body.detail).toContain('matches no product');
    expect((await fo(t, f!.id)).lines.map((l: any) => l.picked)).toEqual([0, 0]);

    // UPC-A of the pen (12 digits) and the mug by SKU and by EAN-13 with an AIM prefix.
    const p1 = await scan(GTIN.PEN);
    expect(p1.status, JSON.stringify(p1.body)).toBe(200);
    expect(p1.body.line).toMatchObject({ sku: 'PEN-1', picked: 1, remaining: 0 });
    const over = await scan(`0${GTIN.PEN}`);
    expect(over.status).toBe(409);
    expect(over.body.detail).toBe('Over-pick: line PEN-1 needs 1, 1 already picked');
    const tooMany = await scan('MUG-1', 3);
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.detail).toBe('Over-pick: line MUG-1 needs 2, 0 already picked (scanned 3)');
    expect((await scan('MUG-1')).status).toBe(200);

    // Packing is refused while picking is incomplete.
    const early2 = await t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/pack`, {}, { as: 'warehouse' });
    expect(early2.status).toBe(409);
    expect(early2.body.detail).toContain('MUG-1 (1 left)');

    const last = await scan(`]E0${GTIN.MUG}`);
    expect(last.status).toBe(200);
    expect(last.body.pickingComplete).toBe(true);
    expect(last.body.fulfillmentOrder.status).toBe('picked');

    // The customization step blocks packing until it is confirmed.
    const blocked = await t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/pack`, {}, { as: 'warehouse' });
    expect(blocked.status).toBe(422);
    expect(blocked.body.detail).toBe('Complete the work steps before packing: Engraving');
    const stepId = detail.workSteps[0].id;
    const done = await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/work-steps/${stepId}/complete`, {}, { as: 'warehouse' }));
    expect(done.status).toBe('packing');
    expect(done.workSteps[0]).toMatchObject({ confirmed: true, completedBy: expect.stringMatching(/^api_key:/) });
    expect((await t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/work-steps/${stepId}/complete`, {}, { as: 'warehouse' })).status).toBe(409);

    // Suggested box: 2 mugs + 1 pen fit in S (200×150×100) by volume? 2×1.08 L + 0.06 L = 2.22 L of 3 L; 640 g.
    const suggestion = await ok(t.api('GET', `/api/v1/fulfillment-orders/${f!.id}/box-suggestion`, undefined, { as: 'warehouse' }));
    expect(suggestion).toEqual({ boxCode: 'S', grossWeightGrams: 720, contentWeightGrams: 640, reason: null });
    const packed = await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/pack`, {}, { as: 'warehouse' }));
    expect(packed.status).toBe('packed');
    expect(packed.package).toEqual({ boxCode: 'S', weightGrams: 720, dimensionsMm: { length: 200, width: 150, height: 100 } });

    const slip = await pdfText(`/api/v1/fulfillment-orders/${f!.id}/packing-slip.pdf`);
    expect(slip.text).toContain(f!.number);
    expect(slip.text).toContain(o.number);
    expect(slip.text).toContain('MUG-1');
    expect(slip.text).toContain('PEN-1');
    expect(slip.text).toContain('engraving: For Ada');
    expect(slip.text).toContain('Unter den Linden 5');
    expect(slip.text).not.toMatch(/49[.,]90|EUR/);
    expect(slip.bytes.includes(Buffer.from('/Subtype /Image'))).toBe(true); // the barcode image

    const before = await level(t, 'MUG-1', 'BER');
    const handed = await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/hand-off`, undefined, { as: 'warehouse' }));
    expect(handed.status).toBe('handed_off');
    const after = await level(t, 'MUG-1', 'BER');
    expect(after.onHand).toBe(before.onHand - 2);
    expect(after.reserved).toBe(before.reserved - 2);
    const shippedOrder = await order(t, o.id);
    expect(shippedOrder.status).toBe('shipped');
    expect(shippedOrder.lines.map((l: any) => [l.quantities.allocated, l.quantities.shipped])).toEqual([[0, 2], [0, 1]]);
    const ledger = await t.api('GET', `/api/v1/inventory/movements?sku=MUG-1&locationCode=BER`);
    expect(ledger.status).toBe(200);
    expect(ledger.body.items.find((m: any) => m.reason === 'shipment')).toMatchObject({ delta: -2, referenceType: 'fulfillment_order', referenceId: f!.id });
    const report = await reconcileInventory(t.database.db);
    expect(report.mismatches).toEqual([]);
    expect(report.reservedMismatches).toEqual([]);
    const events = (await t.api('GET', `/api/v1/orders/${o.id}/events`)).body.items.map((e: any) => e.type);
    expect(events).toContain('order.shipped');
    expect((await t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/hand-off`, undefined, { as: 'warehouse' })).status).toBe(409);
  });

  it('single pick list PDF lists lines in bin order', async () => {
    const o = await placeOrder(t, [{ sku: 'MUG-1', quantity: 1 }, { sku: 'BOOK-1', quantity: 1 }, { sku: 'PEN-1', quantity: 1 }]);
    await t.drain();
    const [f] = await fulfillmentsOf(t, o.id);
    const { text } = await pdfText(`/api/v1/fulfillment-orders/${f!.id}/pick-list.pdf`);
    const at = (s: string) => text.indexOf(s);
    expect(at('PEN-1')).toBeGreaterThan(-1);
    expect(at('PEN-1')).toBeLessThan(at('BOOK-1')); // A-01-3 < B-02-9
    expect(at('BOOK-1')).toBeLessThan(at('MUG-1')); // B-02-9 < B-02-10 (natural order)
  });
});
