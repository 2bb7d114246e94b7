import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation, receiveStock } from '../support/factories.js';
import { ok, placeOrder, warehouse } from '../fulfillment/support.js';
import { formatOpeningHours } from '../../src/domain/locations/opening-hours.js';

let t: TestApp;
const hours = [
  { day: 'mon', opens: '09:00', closes: '13:00' },
  { day: 'mon', opens: '14:00', closes: '18:00' },
  { day: 'sat', opens: '10:00', closes: '16:00' },
];

beforeAll(async () => {
  t = await testApp();
  await warehouse(t, 'BER');
});
afterAll(() => t.close());

describe('store opening hours', () => {
  it('a location takes weekly opening hours through the API; bad ranges are a 400 naming the field', async () => {
    await makeLocation(t, { code: 'STO', name: 'Mitte store', type: 'store', canShip: false, canPickup: true, latitude: 52.53, longitude: 13.41, openingHours: hours });
    expect((await ok(t.api('GET', '/api/v1/locations/STO'))).openingHours).toEqual(hours);
    const patched = await ok(t.api('PATCH', '/api/v1/locations/STO', { openingHours: [...hours, { day: 'tue', opens: '09:00', closes: '18:00' }] }));
    expect(patched.openingHours).toHaveLength(4);
    expect(patched).toMatchObject({ canPickup: true, canShip: false, type: 'store' }); // a PATCH changes only what it sends
    const bad = await t.api('PATCH', '/api/v1/locations/STO', { openingHours: [{ day: 'mon', opens: '09:00', closes: '13:00' }, { day: 'mon', opens: '12:00', closes: '11:00' }, { day: 'fri', opens: '9', closes: '18:00' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'openingHours.1.closes', message: 'must be after opens' },
        { path: 'openingHours.2.opens', message: 'must be a time HH:MM (24-hour clock)' },
      ]),
    );
    const overlap = await t.api('PATCH', '/api/v1/locations/STO', { openingHours: [{ day: 'mon', opens: '09:00', closes: '13:00' }, { day: 'mon', opens: '12:00', closes: '15:00' }] });
    expect(overlap.body.errors).toEqual([{ path: 'openingHours.1.opens', message: 'overlaps range 0 of the same day' }]);
    const backwards = await t.api('PATCH', '/api/v1/locations/STO', { openingHours: [{ day: 'sun', opens: '12:00', closes: '11:00' }] });
    expect(backwards.body.errors).toEqual([{ path: 'openingHours.0.closes', message: 'must be after opens' }]);
    expect((await ok(t.api('GET', '/api/v1/locations/STO'))).openingHours).toHaveLength(4);
  });

  it('the status page of a pickup order shows the store’s hours in the page’s language', async () => {
    await receiveStock(t, 'MUG-1', 'STO', 5);
    const o = await placeOrder(t, [{ sku: 'MUG-1', quantity: 1 }], { delivery: { method: 'pickup', locationCode: 'STO' } });
    await t.drain();
    const found = await t.api('POST', '/api/v1/public/order-status/lookup', { orderNumber: o.number, email: 'ada@example.com' }, { key: null });
    expect(found.body.order.pickup).toMatchObject({ location: 'Mitte store', hours: expect.arrayContaining(hours) });
    const token = encodeURIComponent(found.body.token);
    const de = (await t.http.inject({ method: 'GET', url: `/track/${token}?lang=de` })).body;
    expect(de).toContain('<h3>Öffnungszeiten</h3>');
    expect(de).toContain('<tr><th scope="row">Montag</th><td>09:00–13:00, 14:00–18:00</td></tr>');
    expect(de).toContain('<tr><th scope="row">Sonntag</th><td>geschlossen</td></tr>');
    const en = (await t.http.inject({ method: 'GET', url: `/track/${token}?lang=en` })).body;
    expect(en).toContain('<h3>Opening hours</h3>');
    expect(en).toContain('<tr><th scope="row">Saturday</th><td>10:00–16:00</td></tr>');
    expect(en).toContain('<tr><th scope="row">Wednesday</th><td>closed</td></tr>');
  });

  it('a shipped order’s page has no store hours', async () => {
    const o = await placeOrder(t, [{ sku: 'MUG-1', quantity: 1 }]);
    const found = await t.api('POST', '/api/v1/public/order-status/lookup', { orderNumber: o.number, email: 'ada@example.com' }, { key: null });
    const page = (await t.http.inject({ method: 'GET', url: `/track/${encodeURIComponent(found.body.token)}?lang=en` })).body;
    expect(page).not.toContain('Opening hours');
  });

  it('formats a week Monday first, ranges sorted', () => {
    expect(formatOpeningHours([{ day: 'sun', opens: '14:00', closes: '16:00' }, { day: 'sun', opens: '08:00', closes: '12:00' }], 'en-GB', 'closed')).toEqual([
      ...['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'].map((day) => ({ day, hours: 'closed' })),
      { day: 'Sunday', hours: '08:00–12:00, 14:00–16:00' },
    ]);
  });
});
