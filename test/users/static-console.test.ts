import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { systemClock } from '../../src/platform/clock.js';
import { testDatabase } from '../support/db.js';
import type { Database } from '../../src/platform/db/client.js';

let database: Database;
let built: App;
let missing: App;
const dir = mkdtempSync(join(tmpdir(), 'ordo-web-'));
const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

beforeAll(async () => {
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><body><div id="root"></div>ORDO-CONSOLE</body></html>');
  writeFileSync(join(dir, 'assets', 'app-3f2a1b.js'), 'console.log("app")');
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  database = await testDatabase();
  built = await buildApp({ database, clock: systemClock, consoleDir: dir });
  missing = await buildApp({ database, clock: systemClock, consoleDir: join(dir, 'nope') });
});
afterAll(async () => {
  await built.http.close();
  await missing.http.close();
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('static console', () => {
  it('serves index.html at / without a key, revalidated every time', async () => {
    const res = await built.http.inject({ method: 'GET', url: '/', headers: html });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain('ORDO-CONSOLE');
    expect((await built.http.inject({ method: 'GET', url: '/index.html' })).headers['cache-control']).toBe('no-cache');
  });

  it('serves hashed assets with a long immutable cache, other files briefly', async () => {
    const res = await built.http.inject({ method: 'GET', url: '/assets/app-3f2a1b.js' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('console.log("app")');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await built.http.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('public, max-age=0');
  });

  it('falls back to index.html for client-side routes that accept HTML', async () => {
    for (const url of ['/orders', '/orders/0190a0a0-0000-7000-8000-000000000000?tab=lines', '/users/new']) {
      const res = await built.http.inject({ method: 'GET', url, headers: html });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('ORDO-CONSOLE');
    }
  });

  it('never answers server paths, missing assets or non-HTML requests with the app', async () => {
    for (const url of ['/api/v1/no-such-thing', '/api', '/metricsx/../metrics/x', '/healthz/x', '/docs/nope']) {
      const res = await built.http.inject({ method: 'GET', url, headers: html });
      expect(res.body, url).not.toContain('ORDO-CONSOLE');
    }
    const api = await built.http.inject({ method: 'GET', url: '/api/v1/no-such-thing', headers: html });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect((await built.http.inject({ method: 'GET', url: '/assets/gone.js' })).statusCode).toBe(404);
    expect((await built.http.inject({ method: 'GET', url: '/orders', headers: { accept: 'application/json' } })).statusCode).toBe(404);
    expect((await built.http.inject({ method: 'GET', url: '/../../etc/passwd', headers: { accept: '*/*' } })).statusCode).toBe(404);
    // The API itself is unchanged.
    expect((await built.http.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await built.http.inject({ method: 'GET', url: '/api/v1/orders' })).statusCode).toBe(401);
  });

  it('without a build, / explains how to build the console', async () => {
    const res = await missing.http.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('console is not built');
    expect(res.body).toContain('npm run build:web');
    expect((await missing.http.inject({ method: 'GET', url: '/orders', headers: { accept: 'application/json' } })).statusCode).toBe(404);
  });
});
