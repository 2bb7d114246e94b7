import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation, makeProduct, orderBody, receiveStock } from '../support/factories.js';
import { normalisePostalCode, parsePostalCentroids } from '../../src/domain/postal-centroids.js';
import { importPostalCentroids } from '../../src/modules/locations/index.js';

/** GeoNames postal code rows (country, code, place, admin1..admin3 name/code, latitude, longitude, accuracy). */
const geonames = [
  'DE\t80331\tMünchen\tBayern\tBY\tOberbayern\t091\tMünchen, Landeshauptstadt\t09162\t48.1372\t11.5755\t4',
  'DE\t10117\tBerlin\tBerlin\tBE\t\t00\tBerlin, Stadt\t11000\t52.5170\t13.3889\t4',
  // One code, two places: the centroid is their mean.
  'DE\t01945\tGuteborn\tBrandenburg\tBB\t\t00\tLandkreis Oberspreewald-Lausitz\t12066\t51.4\t13.9\t4',
  'DE\t01945\tHermsdorf\tBrandenburg\tBB\t\t00\tLandkreis Oberspreewald-Lausitz\t12066\t51.6\t14.1\t4',
  'GB\tSW1A 1AA\tLondon\tEngland\tENG\t\t\t\t\t51.501\t-0.1416\t6',
  'XX\tbroken line without coordinates',
  'DE\t99999\tNowhere\t\t\t\t\t\t\t91\t10\t1',
].join('\n');

describe('postal code centroids (domain)', () => {
  it('parses GeoNames rows, averages a code shared by places, normalises codes and skips unreadable lines', () => {
    const { centroids, skipped } = parsePostalCentroids(`${geonames}\n`);
    expect(centroids).toEqual([
      { country: 'DE', postalCode: '80331', place: 'München', latitude: 48.1372, longitude: 11.5755 },
      { country: 'DE', postalCode: '10117', place: 'Berlin', latitude: 52.517, longitude: 13.3889 },
      { country: 'DE', postalCode: '01945', place: 'Guteborn', latitude: 51.5, longitude: 14 },
      { country: 'GB', postalCode: 'SW1A1AA', place: 'London', latitude: 51.501, longitude: -0.1416 },
    ]);
    expect(skipped).toEqual([6, 7]);
    expect(normalisePostalCode(' sw1a-1aa ')).toBe('SW1A1AA');
  });
});

describe('geocoding typed addresses (GET /geocode/postal-code)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
    await t.database.db.transaction((tx) => importPostalCentroids(tx, parsePostalCentroids(geonames).centroids));
    // Two warehouses with the same stock, 500 km apart.
    await makeLocation(t, { code: 'BER', latitude: 52.52, longitude: 13.4 });
    await makeLocation(t, { code: 'MUC', name: 'Munich warehouse', address: { line1: 'Lagerweg 2', city: 'München', postalCode: '80331', country: 'DE' }, latitude: 48.14, longitude: 11.58 });
    await makeProduct(t);
    await receiveStock(t, 'SKU-1', 'BER', 10);
    await receiveStock(t, 'SKU-1', 'MUC', 10);
  });
  afterAll(() => t.close());

  it('answers the centre of a postal code, 404 for an unknown one, 400 naming bad fields, and only to order writers', async () => {
    const hit = await t.api('GET', '/api/v1/geocode/postal-code?country=gb&postalCode=sw1a%201aa', undefined, { as: 'support' });
    expect(hit.status, JSON.stringify(hit.body)).toBe(200);
    expect(hit.body).toEqual({ country: 'GB', postalCode: 'SW1A1AA', place: 'London', latitude: 51.501, longitude: -0.1416, precision: 'postal_code' });
    expect((await t.api('GET', '/api/v1/geocode/postal-code?country=DE&postalCode=12345')).status).toBe(404);
    const bad = await t.api('GET', '/api/v1/geocode/postal-code?country=Germany&postalCode=');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['querystring.country', 'querystring.postalCode']);
    expect((await t.api('GET', '/api/v1/geocode/postal-code?country=DE&postalCode=10117', undefined, { as: 'warehouse' })).status).toBe(403);
  });

  it('gives a typed address coordinates, so sourcing ships a phone order from the nearest warehouse', async () => {
    for (const [postalCode, city, nearest] of [['80331', 'München', 'MUC'], ['10117', 'Berlin', 'BER']] as const) {
      const geo = (await t.api('GET', `/api/v1/geocode/postal-code?country=DE&postalCode=${postalCode}`, undefined, { as: 'support' })).body;
      const shippingAddress = { name: 'Ada', line1: 'Hauptstraße 1', city, postalCode, country: 'DE', latitude: geo.latitude, longitude: geo.longitude };
      const res = await t.api('POST', '/api/v1/orders', orderBody([{ sku: 'SKU-1', quantity: 1 }], { channel: 'phone', shippingAddress }), { as: 'support' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.shippingAddress).toMatchObject({ latitude: geo.latitude, longitude: geo.longitude });
      expect(res.body.lines[0].locationCode).toBe(nearest);
    }
  });
});
