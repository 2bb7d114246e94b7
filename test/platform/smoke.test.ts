import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('locations', () => {
  it('creates and lists', async () => {
    const res = await t.api('POST', '/api/v1/locations', {
      code: 'WH1', name: 'Main', type: 'warehouse',
      address: { line1: 'A 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
      latitude: 52.5, longitude: 13.4,
    });
    expect(res.status).toBe(201);
    const list = await t.api('GET', '/api/v1/locations');
    expect(list.body.items.map((l: { code: string }) => l.code)).toEqual(['WH1']);
    const bad = await t.api('POST', '/api/v1/locations', { code: '', type: 'x' });
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['code', 'name', 'type', 'address', 'latitude', 'longitude']);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
  });
});
