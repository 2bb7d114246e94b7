import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractText } from 'unpdf';
import { testApp, type TestApp } from '../support/app.js';
import { isValidS10 } from '../../src/domain/shipping/tracking-numbers.js';
import { shippingWorld } from '../shipping/support.js';
import { makeProduct, receiveStock } from '../support/factories.js';
import { fo, fulfillmentsOf, ok, placeOrder } from './support.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await shippingWorld(t); // warehouse BER (MUG-1 300 g, PEN-1 40 g, BOOK-1 500 g), boxes S/M/L, Ordo Post
});
afterAll(() => t.close());

const pack = (id: string, body: unknown) => t.api('POST', `/api/v1/fulfillment-orders/${id}/pack`, body, { as: 'warehouse' });

/** An order picked completely (scanned by SKU); returns the fulfillment order with line ids by SKU. */
async function pickedOrder(lines: Array<{ sku: string; quantity: number }>) {
  const o = await placeOrder(t, lines);
  await t.drain();
  const [f] = await fulfillmentsOf(t, o.id);
  await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/start-picking`, undefined, { as: 'warehouse' }));
  for (const l of lines) await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/scan`, { code: l.sku, quantity: l.quantity }, { as: 'warehouse' }));
  const detail = await fo(t, f!.id);
  expect(detail.status).toBe('picked');
  const line = Object.fromEntries(detail.lines.map((l: any) => [l.sku, l.id as string])) as Record<string, string>;
  return { order: o, id: f!.id as string, line };
}

describe('packing into several cartons', () => {
  it('two packages with contents: stored in order, on the packing slip, and a label purchase gives two parcels and two tracking numbers', async () => {
    const { id, line } = await pickedOrder([{ sku: 'MUG-1', quantity: 2 }, { sku: 'BOOK-1', quantity: 1 }]);
    const packed = await ok(pack(id, {
      packages: [
        { boxCode: 'S', contents: [{ lineId: line['MUG-1'], quantity: 2 }] },
        { boxCode: 'M', contents: [{ lineId: line['BOOK-1'], quantity: 1 }] },
      ],
    }));
    expect(packed.status).toBe('packed');
    // S: 2 × 300 g + 80 g tare; M: 500 g + 150 g tare.
    expect(packed.packages).toEqual([
      { seq: 1, boxCode: 'S', weightGrams: 680, dimensionsMm: { length: 200, width: 150, height: 100 }, contents: [{ lineId: line['MUG-1'], sku: 'MUG-1', quantity: 2 }] },
      { seq: 2, boxCode: 'M', weightGrams: 650, dimensionsMm: { length: 300, width: 250, height: 150 }, contents: [{ lineId: line['BOOK-1'], sku: 'BOOK-1', quantity: 1 }] },
    ]);
    expect(packed.package).toEqual({ boxCode: 'S', weightGrams: 680, dimensionsMm: { length: 200, width: 150, height: 100 } });

    const res = await t.http.inject({ method: 'GET', url: `/api/v1/fulfillment-orders/${id}/packing-slip.pdf`, headers: { authorization: `Bearer ${t.keys.warehouse}` } });
    expect(res.statusCode).toBe(200);
    const { text } = await extractText(new Uint8Array(res.rawPayload), { mergePages: true });
    expect(text).toContain('Package 1 of 2: box S, 0.68 kg, 200×150×100 mm — 2 × MUG-1');
    expect(text).toContain('Package 2 of 2: box M, 0.65 kg, 300×250×150 mm — 1 × BOOK-1');

    const s = await ok(t.api('POST', `/api/v1/fulfillment-orders/${id}/shipments`, {}, { as: 'warehouse' }), 201);
    expect(s.parcels.map((p: any) => [p.weightGrams, p.dimensionsMm])).toEqual([
      [680, { length: 200, width: 150, height: 100 }],
      [650, { length: 300, width: 250, height: 150 }],
    ]);
    const numbers = s.parcels.map((p: any) => p.trackingNumber as string);
    expect(new Set(numbers).size).toBe(2);
    expect(numbers.every(isValidS10)).toBe(true);
    expect(s.trackingNumbers).toEqual(numbers);
  });

  it('one package keeps today\'s automatic box, now with its contents', async () => {
    const { id, line } = await pickedOrder([{ sku: 'PEN-1', quantity: 2 }]);
    const packed = await ok(pack(id, {}));
    expect(packed.packages).toEqual([{ seq: 1, boxCode: 'S', weightGrams: 160, dimensionsMm: { length: 200, width: 150, height: 100 }, contents: [{ lineId: line['PEN-1'], sku: 'PEN-1', quantity: 2 }] }]);
    expect(packed.package).toEqual({ boxCode: 'S', weightGrams: 160, dimensionsMm: { length: 200, width: 150, height: 100 } });
  });

  it('packages without contents: one holds everything, several need a measured weight; dimensions may replace the box', async () => {
    const { id } = await pickedOrder([{ sku: 'MUG-1', quantity: 1 }, { sku: 'PEN-1', quantity: 1 }]);
    const missing = await pack(id, { packages: [{ boxCode: 'S' }, { dimensions: { length: 300, width: 200, height: 100 } }] });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ path: 'packages.0.weightGrams', message: 'is required when the contents of several packages are not given' }]);
    const packed = await ok(pack(id, { packages: [{ boxCode: 'S', weightGrams: 400 }, { dimensions: { length: 300, width: 200, height: 100 }, weightGrams: 120 }] }));
    expect(packed.packages.map((p: any) => [p.seq, p.boxCode, p.weightGrams, p.dimensionsMm.length, p.contents])).toEqual([
      [1, 'S', 400, 200, null],
      [2, null, 120, 300, null],
    ]);
    expect(packed.package.boxCode).toBe('S');
  });

  it('validation names packages.N…; nothing is written on a refusal', async () => {
    const { id, line } = await pickedOrder([{ sku: 'MUG-1', quantity: 2 }, { sku: 'PEN-1', quantity: 1 }]);
    const mug = line['MUG-1']!;
    const pen = line['PEN-1']!;
    const cases: Array<[unknown, number, string]> = [
      [{ packages: [{ contents: [{ lineId: mug, quantity: 2 }] }] }, 400, 'packages.0.boxCode'],
      [{ packages: [{ boxCode: 'S', dimensions: { length: 0, width: 10, height: 10 } }] }, 400, 'packages.0.dimensions.length'],
      [{ packages: [{ boxCode: 'S', contents: [{ lineId: mug, quantity: 0 }] }] }, 400, 'packages.0.contents.0.quantity'],
      [{ packages: [{ boxCode: 'NOPE', contents: [{ lineId: mug, quantity: 2 }, { lineId: pen, quantity: 1 }] }] }, 400, 'packages.0.boxCode'],
      [{ packages: [{ boxCode: 'S', contents: [{ lineId: mug, quantity: 2 }] }, { boxCode: 'S' }] }, 400, 'packages.1.contents'],
      [{ packages: [{ boxCode: 'S', contents: [{ lineId: mug, quantity: 2 }] }, { boxCode: 'S', contents: [{ lineId: t.deps.newId(), quantity: 1 }] }] }, 400, 'packages.1.contents.0.lineId'],
      [{ boxCode: 'S', packages: [{ boxCode: 'S' }] }, 400, 'packages'],
      // A unit packed twice (the second package holds a mug the first already took).
      [{ packages: [{ boxCode: 'S', contents: [{ lineId: mug, quantity: 2 }, { lineId: pen, quantity: 1 }] }, { boxCode: 'S', contents: [{ lineId: mug, quantity: 1 }] }] }, 422, 'packages.1.contents.0.quantity'],
      // A picked unit in no package.
      [{ packages: [{ boxCode: 'S', contents: [{ lineId: mug, quantity: 1 }] }, { boxCode: 'S', contents: [{ lineId: pen, quantity: 1 }] }] }, 422, 'packages'],
    ];
    for (const [body, status, path] of cases) {
      const res = await pack(id, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors?.map((e: any) => e.path), JSON.stringify(res.body)).toContain(path);
    }
    const twice = await pack(id, cases[7]![0]);
    expect(twice.body).toMatchObject({ reason: 'packed_twice', detail: 'MUG-1 is packed more than once: 2 picked, 3 in packages' });
    const left = await pack(id, cases[8]![0]);
    expect(left.body).toMatchObject({ reason: 'units_unpacked', detail: 'Picked units in no package: MUG-1 (1 of 2)' });

    // A named box must take its own contents: three mugs do not fit in S by volume, one does.
    const { id: id2, line: l2 } = await pickedOrder([{ sku: 'MUG-1', quantity: 4 }]);
    const small = await pack(id2, { packages: [{ boxCode: 'S', contents: [{ lineId: l2['MUG-1'], quantity: 3 }] }, { boxCode: 'S', contents: [{ lineId: l2['MUG-1'], quantity: 1 }] }] });
    expect(small.status).toBe(422);
    expect(small.body.reason).toBe('box_too_small');
    expect(small.body.errors[0].path).toBe('packages.0.boxCode');

    for (const f of [id, id2]) expect(await fo(t, f)).toMatchObject({ status: 'picked', packages: [], package: null });
    const fine = await ok(pack(id2, { packages: [{ boxCode: 'S', contents: [{ lineId: l2['MUG-1'], quantity: 2 }] }, { boxCode: 'S', contents: [{ lineId: l2['MUG-1'], quantity: 2 }] }] }));
    expect(fine.packages.map((p: any) => p.contents[0].quantity)).toEqual([2, 2]);
  });

  it('without a box, when no single box takes everything, pack splits the units over several cartons', async () => {
    await makeProduct(t, { sku: 'ANVIL-8', name: 'Anvil', weightGrams: 8000, dimensionsMm: { length: 100, width: 100, height: 100 } });
    await receiveStock(t, 'ANVIL-8', 'BER', 6);
    const { id, line } = await pickedOrder([{ sku: 'ANVIL-8', quantity: 3 }, { sku: 'PEN-1', quantity: 1 }]);
    // 24 kg: more than L (20 kg) may hold.
    const suggestion = await ok(t.api('GET', `/api/v1/fulfillment-orders/${id}/box-suggestion`, undefined, { as: 'warehouse' }));
    expect(suggestion).toMatchObject({ boxCode: null, reason: 'No box in the catalog fits: items weigh 24040 g, more than the 20000 g L may hold. Pack splits it into 2 cartons: L, L' });
    // A measured weight is for one box: no split then.
    const measured = await pack(id, { weightGrams: 24500 });
    expect(measured.status).toBe(422);
    expect(measured.body.reason).toBe('no_box_fits');
    const packed = await ok(pack(id, {}));
    expect(packed.packages.map((p: any) => [p.seq, p.boxCode, p.weightGrams, p.contents])).toEqual([
      [1, 'L', 16440, [{ lineId: line['ANVIL-8'], sku: 'ANVIL-8', quantity: 2 }, { lineId: line['PEN-1'], sku: 'PEN-1', quantity: 1 }]],
      [2, 'L', 8400, [{ lineId: line['ANVIL-8'], sku: 'ANVIL-8', quantity: 1 }]],
    ]);
  });
});
