import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation } from '../support/factories.js';

let t: TestApp;
const calendar = { timeZone: 'Europe/Berlin', workdays: [1, 2, 3, 4, 5], holidays: ['2026-12-25'] };
const rates = (factor: number) => ({
  currency: 'EUR',
  countryZones: { AT: 'EU1' },
  distanceZones: [{ maxKm: 100, zone: 'LOCAL' }, { maxKm: 1000, zone: 'NATIONAL' }],
  weightBreaks: [
    { maxGrams: 1000, prices: { LOCAL: 450 * factor, NATIONAL: 590 * factor, EU1: 1290 * factor } },
    { maxGrams: 5000, prices: { LOCAL: 650 * factor, NATIONAL: 790 * factor, EU1: 1890 * factor } },
  ],
  dimDivisor: 5000,
  fuelSurchargeBp: 1000,
  residentialSurcharge: 100,
});
const munich = { country: 'DE', latitude: 48.137, longitude: 11.575, residential: false };
const box = { weightGrams: 800, lengthMm: 200, widthMm: 150, heightMm: 100 };

beforeAll(async () => {
  t = await testApp();
  await makeLocation(t, { code: 'BER' });
  expect((await t.api('POST', '/api/v1/carriers', { code: 'ordo-post', name: 'Ordo Post' })).status).toBe(201);
  for (const s of [
    { code: 'ground', name: 'Ground', level: 'standard', rates: rates(1), transitDays: 3, calendar },
    { code: 'express', name: 'Express', level: 'express', rates: rates(2), transitDays: 1, calendar },
  ]) {
    const res = await t.api('POST', '/api/v1/carriers/ordo-post/services', s);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  const profile = await t.api('PUT', '/api/v1/locations/BER/shipping-profile', { timeZone: 'Europe/Berlin', cutoff: '14:00', processingDays: 0, workdays: [1, 2, 3, 4, 5], holidays: ['2026-12-24'] });
  expect(profile.status, JSON.stringify(profile.body)).toBe(200);
});
afterAll(() => t.close());

describe('POST /shipping/quote', () => {
  it('before the cut-off: ships today, cheapest service that meets the promise', async () => {
    const res = await t.api('POST', '/api/v1/shipping/quote', { locationCode: 'BER', shipTo: munich, parcels: [box], releasedAt: '2026-11-26T09:00:00Z', promisedDate: '2026-12-01' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ shipDate: '2026-11-26', shifted: null, reason: 'cheapest of 2 service(s) delivering by 2026-12-01' });
    expect(res.body.chosen).toMatchObject({ service: 'ground', deliveryDate: '2026-12-01', total: { amount: 590 + 59, currency: 'EUR' } });
    expect(res.body.options.map((o: any) => [o.service, o.deliveryDate, o.total.amount])).toEqual([['ground', '2026-12-01', 649], ['express', '2026-11-27', 1298]]);
  });

  it('after the cut-off on Friday: ships Monday, and a Tuesday promise needs express', async () => {
    const res = await t.api('POST', '/api/v1/shipping/quote', { locationCode: 'BER', shipTo: munich, parcels: [box], releasedAt: '2026-11-27T13:30:00Z', promisedDate: '2026-12-01' });
    expect(res.body).toMatchObject({ startDate: '2026-11-30', shipDate: '2026-11-30', shifted: 'after_cutoff' });
    expect(res.body.chosen).toMatchObject({ service: 'express', deliveryDate: '2026-12-01', meetsPromise: true });
  });

  it('a location holiday and a carrier holiday push the dates', async () => {
    const res = await t.api('POST', '/api/v1/shipping/quote', { locationCode: 'BER', shipTo: munich, parcels: [box], releasedAt: '2026-12-24T08:00:00Z', level: 'express' });
    // Thu 24th is the location's holiday → it packs Fri 25th; the carrier's holiday is the 25th, so it
    // collects Monday 28th and express (1 day) delivers Tuesday 29th.
    expect(res.body).toMatchObject({ startDate: '2026-12-25', shipDate: '2026-12-25', shifted: 'non_business_day' });
    expect(res.body.chosen).toMatchObject({ service: 'express', deliveryDate: '2026-12-29' });
    expect(res.body.ineligible).toEqual([{ carrier: 'ordo-post', service: 'ground', reason: 'level standard, the customer paid for express' }]);
  });

  it('dimensional weight prices a big light box above its scale weight', async () => {
    const res = await t.api('POST', '/api/v1/shipping/quote', { locationCode: 'BER', shipTo: munich, parcels: [{ weightGrams: 900, lengthMm: 400, widthMm: 300, heightMm: 200 }], releasedAt: '2026-11-26T09:00:00Z' });
    expect(res.body.chosen.parcels[0]).toMatchObject({ actualGrams: 900, dimensionalGrams: 4800, billableGrams: 4800, base: { amount: 790, currency: 'EUR' } });
  });

  it('refuses bad catalog data naming the field, and unknown locations', async () => {
    const bad = await t.api('POST', '/api/v1/carriers/ordo-post/services', {
      code: 'bad', name: 'Bad', level: 'standard', transitDays: 2, calendar: { ...calendar, timeZone: 'Mars/Olympus' },
      rates: { ...rates(1), weightBreaks: [{ maxGrams: 5000, prices: { LOCAL: 1 } }, { maxGrams: 1000, prices: { LOCAL: 2 } }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.path).sort()).toEqual(['calendar.timeZone', 'rates.weightBreaks.1.maxGrams']);
    const dup = await t.api('POST', '/api/v1/carriers', { code: 'ordo-post', name: 'Again' });
    expect(dup.status).toBe(409);
    const unknown = await t.api('POST', '/api/v1/shipping/quote', { locationCode: 'NOPE', shipTo: munich, parcels: [box] });
    expect(unknown.status).toBe(404);
    const cutoff = await t.api('PUT', '/api/v1/locations/BER/shipping-profile', { timeZone: 'Europe/Berlin', cutoff: '2pm', workdays: [1] });
    expect(cutoff.body.errors).toEqual([{ path: 'cutoff', message: 'must be a 24-hour time HH:MM' }]);
  });

  it('only managers change the catalog', async () => {
    expect((await t.api('POST', '/api/v1/carriers', { code: 'x', name: 'X' }, { as: 'support' })).status).toBe(403);
    expect((await t.api('POST', '/api/v1/shipping/quote', { locationCode: 'BER', shipTo: munich, parcels: [box] }, { as: 'read-only' })).status).toBe(403);
  });
});
