import { describe, expect, it } from 'vitest';
import { mondayToFriday } from '../../../src/domain/shipping/calendar.js';
import { dimensionalGrams, rateParcel, type RateTable, type Route } from '../../../src/domain/shipping/rates.js';
import { rateShop, type ServiceOffer } from '../../../src/domain/shipping/rate-shop.js';

const table: RateTable = {
  currency: 'EUR',
  countryZones: { AT: 'EU1', FR: 'EU2' },
  distanceZones: [{ maxKm: 100, zone: 'LOCAL' }, { maxKm: 1000, zone: 'NATIONAL' }],
  weightBreaks: [
    { maxGrams: 1000, prices: { LOCAL: 450, NATIONAL: 590, EU1: 1290, EU2: 1490 } },
    { maxGrams: 5000, prices: { LOCAL: 650, NATIONAL: 790, EU1: 1890, EU2: 2190 } },
    { maxGrams: 10000, prices: { LOCAL: 990, NATIONAL: 1190, EU1: 2890, EU2: 3290 } },
  ],
  perExtraKg: { LOCAL: 50, NATIONAL: 80 },
  dimDivisor: 5000,
  fuelSurchargeBp: 1250,
  residentialSurcharge: 120,
  maxWeightGrams: 31500,
};
const berlin = { latitude: 52.52, longitude: 13.405, country: 'DE' };
const route = (to: Route['to'], residential = false): Route => ({ from: berlin, to, residential });
const potsdam = { latitude: 52.39, longitude: 13.06, country: 'DE' };
const munich = { latitude: 48.137, longitude: 11.575, country: 'DE' };
const parcel = (weightGrams: number, l = 200, w = 150, h = 100) => ({ weightGrams, lengthMm: l, widthMm: w, heightMm: h });

describe('rating a parcel (table)', () => {
  const cases: Array<{ name: string; p: ReturnType<typeof parcel>; r: Route; expect: Record<string, unknown> | string }> = [
    { name: 'light parcel, local zone by distance', p: parcel(800), r: route(potsdam), expect: { zone: 'LOCAL', billableGrams: 800, base: 450, fuel: 56, residential: 0, total: 506 } },
    { name: 'exactly on a weight break stays in it', p: parcel(1000), r: route(munich), expect: { zone: 'NATIONAL', billableGrams: 1000, base: 590, fuel: 74, total: 664 } },
    { name: 'one gram over moves to the next break', p: parcel(1001), r: route(munich), expect: { zone: 'NATIONAL', base: 790 } },
    { name: 'a big light box pays its dimensional weight', p: parcel(1000, 400, 300, 200), r: route(munich), expect: { dimensionalGrams: 4800, billableGrams: 4800, base: 790 } },
    { name: 'a small dense box pays its actual weight', p: parcel(2000, 200, 150, 100), r: route(munich), expect: { dimensionalGrams: 600, billableGrams: 2000, base: 790 } },
    { name: 'beyond the last break: per started extra kilogram', p: parcel(12_300), r: route(munich), expect: { base: 1190 + 3 * 80, billableGrams: 12_300 } },
    { name: 'country zones win over distance', p: parcel(500), r: route({ country: 'AT', latitude: 48.2, longitude: 16.37 }), expect: { zone: 'EU1', base: 1290 } },
    { name: 'residential delivery adds its surcharge', p: parcel(500), r: route(potsdam, true), expect: { residential: 120, total: 450 + 56 + 120 } },
    { name: 'a country without a zone is not served', p: parcel(500), r: route({ country: 'US', latitude: 40.7, longitude: -74 }), expect: 'no zone for US' },
    { name: 'no extra-kg price for the zone: too heavy', p: parcel(12_000), r: route({ country: 'FR' }), expect: 'no price for zone EU2 at 12000 g' },
    { name: 'over the service’s weight limit', p: parcel(32_000), r: route(munich), expect: 'billable weight 32000 g is over the 31500 g limit' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = rateParcel(table, c.p, c.r);
      if (typeof c.expect === 'string') expect(r).toEqual({ ok: false, reason: c.expect });
      else {
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.rate).toMatchObject(c.expect);
      }
    });
  }

  it('rounds the fuel surcharge half up in minor units, and dim weight up to the gram', () => {
    const r = rateParcel({ ...table, weightBreaks: [{ maxGrams: 1000, prices: { LOCAL: 999 } }] }, parcel(100), route(potsdam));
    expect(r.ok && r.rate.fuel).toBe(125); // 124.875 → 125
    expect(dimensionalGrams(parcel(1, 101, 101, 100), 5000)).toBe(205); // 1,020,100 mm³ / 5000 = 204.02 g → 205
    expect(dimensionalGrams(parcel(1, 100, 100, 100), 5000)).toBe(200); // exact stays exact
  });
});

const cal = { timeZone: 'Europe/Berlin', workdays: mondayToFriday, holidays: [] };
const ground: ServiceOffer = { carrier: 'ordo', service: 'ground', level: 'standard', rates: table, transit: { calendar: cal, transitDays: 3 } };
const express: ServiceOffer = {
  carrier: 'ordo',
  service: 'express',
  level: 'express',
  rates: { ...table, weightBreaks: table.weightBreaks.map((b) => ({ ...b, prices: Object.fromEntries(Object.entries(b.prices).map(([z, p]) => [z, p * 2])) })) },
  transit: { calendar: cal, transitDays: 1 },
};
const economy: ServiceOffer = { ...ground, carrier: 'other', service: 'economy', transit: { calendar: cal, transitDays: 5 }, rates: { ...table, fuelSurchargeBp: 0 } };
const dollar: ServiceOffer = { ...ground, carrier: 'usco', service: 'intl', rates: { ...table, currency: 'USD' } };

describe('rate shopping (table)', () => {
  const base = { parcels: [parcel(800)], route: route(munich), shipDate: '2026-11-26' };
  it('no promise: the cheapest service', () => {
    const r = rateShop({ ...base, offers: [ground, express, economy] });
    expect(r.chosen).toMatchObject({ carrier: 'other', service: 'economy', total: 590, deliveryDate: '2026-12-03' });
    expect(r.options.map((o) => o.service)).toEqual(['economy', 'ground', 'express']);
  });
  it('the cheapest service that still meets the promised date', () => {
    const r = rateShop({ ...base, offers: [ground, express, economy], promisedDate: '2026-12-01' });
    expect(r.chosen).toMatchObject({ service: 'ground', deliveryDate: '2026-12-01', meetsPromise: true });
    expect(r.options.find((o) => o.service === 'economy')?.meetsPromise).toBe(false);
    expect(r.reason).toBe('cheapest of 2 service(s) delivering by 2026-12-01');
  });
  it('a tight promise buys express', () => {
    const r = rateShop({ ...base, offers: [ground, express, economy], promisedDate: '2026-11-27' });
    expect(r.chosen).toMatchObject({ service: 'express', total: 1180 + 148 });
  });
  it('nothing meets the promise: the earliest delivery, flagged late', () => {
    const r = rateShop({ ...base, offers: [ground, economy], promisedDate: '2026-11-27' });
    expect(r.chosen).toMatchObject({ service: 'ground', meetsPromise: false });
    expect(r.reason).toMatch(/no service delivers by 2026-11-27; earliest delivery 2026-12-01/);
  });
  it('the level the customer paid for limits the choice', () => {
    const r = rateShop({ ...base, offers: [ground, express, economy], level: 'express' });
    expect(r.chosen?.service).toBe('express');
    expect(r.ineligible.map((i) => i.service)).toEqual(['ground', 'economy']);
  });
  it('multi-package shipments sum the parcels; a parcel a service cannot take rules it out', () => {
    const r = rateShop({ ...base, parcels: [parcel(800), parcel(4000), parcel(31_000)], offers: [ground, { ...express, rates: { ...express.rates, maxWeightGrams: 20_000 } }] });
    // 800 g: 590 + 74 fuel; 4000 g: 790 + 99; 31,000 g: 1190 + 21 started kg × 80 = 2870 + 359 fuel.
    expect(r.chosen).toMatchObject({ service: 'ground', total: 664 + 889 + 3229 });
    expect(r.chosen?.parcels.map((p) => p.total)).toEqual([664, 889, 3229]);
    expect(r.ineligible).toEqual([{ carrier: 'ordo', service: 'express', reason: 'billable weight 31000 g is over the 20000 g limit' }]);
  });
  it('offers in another currency are not compared', () => {
    const r = rateShop({ ...base, offers: [ground, dollar] });
    expect(r.ineligible).toEqual([{ carrier: 'usco', service: 'intl', reason: 'priced in USD, not EUR' }]);
  });
});
