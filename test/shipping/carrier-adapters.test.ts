import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractText } from 'unpdf';
import { testApp, type TestApp } from '../support/app.js';
import { ok, packedOrder, shippingWorld } from './support.js';
import { EASYPOST_KEY, easypostTracker, fakeEasypost, fakeShippo, SHIPPO_KEY, shippoTrack, type Fake } from './carrier-fakes.js';
import { CarrierApiError, type CarrierAdapter, type CarrierShipment, type RateOffer } from '../../src/modules/shipping/carriers/adapter.js';
import { easypostAdapter } from '../../src/modules/shipping/carriers/easypost-adapter.js';
import { shippoAdapter } from '../../src/modules/shipping/carriers/shippo-adapter.js';
import { tableRateAdapter } from '../../src/modules/shipping/carriers/table-rate-adapter.js';
import { carriers } from '../../src/platform/db/schema/index.js';
import { trackingStatuses } from '../../src/domain/shipping/tracking-events.js';
import { isValidS10 } from '../../src/domain/shipping/tracking-numbers.js';

let t: TestApp;
let ep: Fake & { purchases: () => number };
let shippo: Fake;
beforeAll(async () => {
  ep = await fakeEasypost();
  shippo = await fakeShippo();
  t = await testApp();
  await shippingWorld(t);
});
afterAll(async () => {
  await t.close();
  await ep.close();
  await shippo.close();
});

const shipment: CarrierShipment = {
  reference: 'ORD-000001 SH-000001',
  from: { name: 'Berlin warehouse', line1: 'Lagerstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
  to: { name: 'Ada Lovelace', line1: 'Unter den Linden 5', city: 'Berlin', postalCode: '10117', country: 'DE', latitude: 52.517, longitude: 13.389 },
  // 1200 g, 300 × 200 × 100 mm = 42.3 oz, 11.8 × 7.9 × 3.9 in
  parcels: [{ weightGrams: 1200, lengthMm: 300, widthMm: 200, heightMm: 100 }],
};

interface Harness {
  adapter: () => Promise<CarrierAdapter>;
  /** A parcel the provider knows, and what its tracking says (from the real sample payloads). */
  known: () => Promise<{ trackingNumber: string; carrier: string; current: string; events: number }>;
}

const harnesses: Record<'table_rate' | 'easypost' | 'shippo', Harness> = {
  table_rate: {
    adapter: async () => {
      const rows = await t.database.db.select().from(carriers);
      return tableRateAdapter({ tx: t.database.db, now: t.deps.clock.now(), locationCode: 'BER', carriers: new Map(rows.map((r) => [r.code, r])) });
    },
    known: async () => {
      const { fo } = await packedOrder(t, [{ sku: 'PEN-1', quantity: 1 }]);
      const s = await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/shipments`, {}, { as: 'warehouse' }), 201);
      return { trackingNumber: s.trackingNumbers[0], carrier: s.carrier, current: 'label_created', events: 0 };
    },
  },
  easypost: {
    adapter: async () => easypostAdapter({ apiKey: EASYPOST_KEY, apiBase: ep.url }),
    known: async () => ({ trackingNumber: easypostTracker.tracking_code, carrier: 'USPS', current: 'label_created', events: easypostTracker.tracking_details.length }),
  },
  shippo: {
    adapter: async () => shippoAdapter({ apiKey: SHIPPO_KEY, apiBase: shippo.url }),
    // The sample's current status is not in its history: the history and the current status.
    known: async () => ({
      trackingNumber: shippoTrack.tracking_number,
      carrier: 'usps',
      current: 'delivered',
      events: shippoTrack.tracking_history.length + (shippoTrack.tracking_history.some((h: any) => h.object_id === shippoTrack.tracking_status.object_id) ? 0 : 1),
    }),
  },
};

describe.each(Object.entries(harnesses))('carrier adapter contract: %s', (kind, h) => {
  let adapter: CarrierAdapter;
  let offers: RateOffer[];
  beforeAll(async () => {
    adapter = await h.adapter();
  });

  it('rates: offers with an integer price in minor units, a currency, a service and days in transit', async () => {
    expect(adapter.kind).toBe(kind);
    offers = await adapter.rates(shipment);
    expect(offers.length).toBeGreaterThanOrEqual(2);
    for (const o of offers) {
      expect(typeof o.price.amount).toBe('bigint');
      expect(o.price.amount).toBeGreaterThan(0n);
      expect(o.price.currency).toMatch(/^[A-Z]{3}$/);
      expect(o.service).not.toBe('');
      expect(o.rateId).not.toBe('');
      expect(o.estimatedDays === null || (Number.isInteger(o.estimatedDays) && o.estimatedDays >= 0)).toBe(true);
    }
  });

  it('buyLabel: a tracking number, the label as PDF bytes, the cost of the rate bought', async () => {
    const cheapest = [...offers].sort((a, b) => Number(a.price.amount - b.price.amount))[0]!;
    const label = await adapter.buyLabel(cheapest, shipment);
    expect(label.trackingNumbers).toHaveLength(1);
    expect(label.trackingNumbers[0]).toMatch(/^[A-Z0-9]{8,40}$/);
    expect(label.labelPdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await extractText(new Uint8Array(label.labelPdf), { mergePages: true })).text.length).toBeGreaterThan(0);
    expect(label.cost).toEqual(cheapest.price);
    expect(label.providerLabelId).not.toBe('');

    const voided = await adapter.voidLabel({ providerLabelId: label.providerLabelId, trackingNumber: label.trackingNumbers[0]! });
    expect(voided.accepted).toBe(true);
  });

  it('track: the carrier’s view of a known parcel, normalised', async () => {
    const k = await h.known();
    const u = await adapter.track(k.trackingNumber, k.carrier);
    expect(u).not.toBeNull();
    expect(u!.trackingNumber).toBe(k.trackingNumber);
    expect(u!.current).toBe(k.current);
    expect(u!.events).toHaveLength(k.events);
    for (const e of u!.events) expect(trackingStatuses).toContain(e.status);
  });
});

describe('what Ordo sends the aggregators', () => {
  it('EasyPost: Basic auth with the key as user, parcel in ounces and inches, addresses in its field names', async () => {
    const sent = ep.requests.find((r) => r.method === 'POST' && r.path === '/v2/shipments')!;
    expect(sent.headers.authorization).toBe(`Basic ${Buffer.from(`${EASYPOST_KEY}:`).toString('base64')}`);
    expect(sent.body.shipment.parcel).toEqual({ length: 11.8, width: 7.9, height: 3.9, weight: 42.3 });
    expect(sent.body.shipment.to_address).toMatchObject({ name: 'Ada Lovelace', street1: 'Unter den Linden 5', city: 'Berlin', zip: '10117', country: 'DE' });
    expect(sent.body.shipment.options.label_format).toBe('PDF');
    const buy = ep.requests.find((r) => r.path.endsWith('/buy'))!;
    expect(buy.body).toEqual({ rate: { id: expect.stringMatching(/^rate_shp_/) } });
    expect(ep.requests.find((r) => r.path === '/v2/trackers')!.body).toEqual({ tracker: { tracking_code: easypostTracker.tracking_code, carrier: 'USPS' } });
  });

  it('EasyPost: buying the same rate again returns the label already bought (one purchase)', async () => {
    const a = easypostAdapter({ apiKey: EASYPOST_KEY, apiBase: ep.url });
    const before = ep.purchases();
    const [offer] = await a.rates(shipment);
    const first = await a.buyLabel(offer!, shipment);
    const again = await a.buyLabel(offer!, shipment);
    expect(again.trackingNumbers).toEqual(first.trackingNumbers);
    expect(again.providerLabelId).toBe(first.providerLabelId);
    expect(ep.purchases()).toBe(before + 1);
  });

  it('Shippo: ShippoToken header, metric parcel with units, synchronous calls, PDF labels', async () => {
    const sent = shippo.requests.find((r) => r.path === '/shipments/')!;
    expect(sent.headers.authorization).toBe(`ShippoToken ${SHIPPO_KEY}`);
    expect(sent.body).toMatchObject({ async: false, address_to: { street1: 'Unter den Linden 5', zip: '10117', country: 'DE' } });
    expect(sent.body.parcels).toEqual([{ length: '30.0', width: '20.0', height: '10.0', distance_unit: 'cm', weight: '1200', mass_unit: 'g' }]);
    const tx = shippo.requests.find((r) => r.path === '/transactions/')!;
    expect(tx.body).toMatchObject({ rate: 'shp1rate1', label_file_type: 'PDF', async: false });
    expect(shippo.requests.find((r) => r.path === '/refunds/')!.body).toMatchObject({ transaction: expect.stringMatching(/^tx/) });
    expect(shippo.requests.some((r) => r.method === 'GET' && r.path === `/tracks/usps/${shippoTrack.tracking_number}`)).toBe(true);
  });

  it('a wrong key is a CarrierApiError with the provider’s message', async () => {
    const bad = easypostAdapter({ apiKey: 'EZTKwrongwrongwrong', apiBase: ep.url });
    await expect(bad.rates(shipment)).rejects.toThrow(CarrierApiError);
    await expect(shippoAdapter({ apiKey: 'shippo_test_wrong', apiBase: shippo.url }).rates(shipment)).rejects.toThrow(/Invalid token/);
  });

  it('table rate: the tracking numbers it makes carry a valid S10 check digit', async () => {
    const a = await harnesses.table_rate.adapter();
    const [offer] = await a.rates(shipment);
    const label = await a.buyLabel(offer!, shipment);
    expect(isValidS10(label.trackingNumbers[0]!)).toBe(true);
  });
});
