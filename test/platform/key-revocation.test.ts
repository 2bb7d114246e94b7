/**
 * A revoked API key is refused by every process within 1 s: two apps (two resolvers with their own
 * caches, like two server processes) on one database; the key is revoked through one, the other
 * stops accepting it within a second.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { testDatabase } from '../support/db.js';
import type { Database } from '../../src/platform/db/client.js';

let database: Database;
let a: TestApp;
let b: TestApp;
beforeAll(async () => {
  database = await testDatabase();
  a = await testApp({ database });
  b = await testApp({ database });
});
afterAll(async () => {
  await a.close();
  await b.close();
  await database.close();
});

it('a key revoked on one process is refused on the other within 1 s', async () => {
  const created = await a.api('POST', '/api/v1/api-keys', { name: 'leaky', role: 'admin' });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const key: string = created.body.key;
  // Process B has used (and cached) the key.
  expect((await b.api('GET', '/api/v1/orders', undefined, { key })).status).toBe(200);
  expect((await a.api('POST', `/api/v1/api-keys/${created.body.id}/revoke`)).status).toBe(200);
  // Process A refuses at once.
  expect((await a.api('GET', '/api/v1/orders', undefined, { key })).status).toBe(401);
  const revokedAt = Date.now();
  let refusedAfter = Infinity;
  while (Date.now() - revokedAt < 5_000) {
    const res = await b.api('GET', '/api/v1/orders', undefined, { key });
    if (res.status === 401) {
      refusedAfter = Date.now() - revokedAt;
      break;
    }
    // While it is still accepted (the cache window), it cannot create keys either after the window.
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(refusedAfter).toBeLessThan(1_000);
  // And it stays refused, including for creating a new admin key.
  expect((await b.api('POST', '/api/v1/api-keys', { name: 'sneaky', role: 'admin' }, { key })).status).toBe(401);
});
