import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../cli/seed/seed-demo.js';
import { demoBoxes, demoProducts } from '../../cli/seed/demo-data.js';
import { testApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await seedDemo(t, { orders: 12 });
  await t.drain();
}, 600_000);
afterAll(() => t.close());

describe('seed --demo: the console walkthrough works on the demo data', () => {
  it('every demo product fits a box of the demo catalog (sorted dimensions and weight)', () => {
    const sorted = (d: number[]) => [...d].sort((a, b) => b - a);
    const unpackable = demoProducts
      .filter(([, , , weight, l, w, h]) => !demoBoxes.some((b) => {
        const inner = sorted([b.dimensionsMm.length, b.dimensionsMm.width, b.dimensionsMm.height]);
        return sorted([l, w, h]).every((d, i) => d <= inner[i]!) && weight <= b.maxWeightGrams;
      }))
      .map(([sku]) => sku);
    expect(unpackable).toEqual([]);
  });

  it('a released fulfillment order can be picked, packed into a suggested box and labelled', async () => {
    const boxes = await t.api('GET', '/api/v1/boxes');
    expect(boxes.body.items.length).toBeGreaterThan(0);
    const carriers = await t.api('GET', '/api/v1/carriers');
    expect(carriers.body.items.map((c: any) => c.adapter)).toContain('table_rate');

    const open = await t.api('GET', '/api/v1/fulfillment-orders?status=open&type=ship&limit=1');
    const fo = open.body.items[0];
    expect(fo).toBeDefined();
    const started = await t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/start-picking`, {}, { as: 'warehouse' });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    for (const line of started.body.lines) {
      const scan = await t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/scan`, { code: line.gtin ?? line.sku, quantity: line.quantity }, { as: 'warehouse' });
      expect(scan.status, JSON.stringify(scan.body)).toBe(200);
    }
    const packed = await t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/pack`, {}, { as: 'warehouse' });
    expect(packed.status, JSON.stringify(packed.body)).toBe(200);
    expect(demoBoxes.map((b) => b.code)).toContain(packed.body.package.boxCode);

    const label = await t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/shipments`, {}, { as: 'warehouse' });
    expect(label.status, JSON.stringify(label.body)).toBe(201);
    expect(label.body).toMatchObject({ carrier: 'ordo-post', status: 'label_purchased' });
    expect(label.body.trackingNumbers[0]).toMatch(/^LX\d{9}DE$/);
  });
});
