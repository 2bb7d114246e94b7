import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { testApp, type TestApp } from '../support/app.js';
import { makeProduct } from '../support/factories.js';
import { PINNED_START } from '../support/clock.js';
import { sendDueWebhooks, isPrivateAddress, type WebhookSettings } from '../../src/modules/webhooks/index.js';
import { queryRows } from '../../src/platform/db/query.js';

/**
 * A receiver on loopback that verifies every request with the `standardwebhooks` package (the
 * reference implementation of the spec), against each secret it is told about. Standard Webhooks
 * also checks webhook-timestamp against Date.now(): the test fakes Date and moves it with the clock.
 */
interface Received {
  id: string;
  type: string;
  sku: string | undefined;
  status: number;
  /** Which of the known secrets verified it. */
  verifiedBy: string[];
  signatures: number;
}

let server: Server;
let url = '';
let received: Received[] = [];
let answer: (n: number) => number = () => 200;
let secrets: string[] = [];
let hang = false;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(PINNED_START);
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      if (hang) return; // never answers: the sender's response timeout ends it
      const headers = { 'webhook-id': String(req.headers['webhook-id']), 'webhook-timestamp': String(req.headers['webhook-timestamp']), 'webhook-signature': String(req.headers['webhook-signature']) };
      const verifiedBy = secrets.filter((s) => {
        try {
          new Webhook(s).verify(body, headers);
          return true;
        } catch {
          return false;
        }
      });
      const parsed = JSON.parse(body) as { type: string; data: { sku?: string } };
      const status = answer(received.length);
      received.push({ id: headers['webhook-id'], type: parsed.type, sku: parsed.data.sku, status, verifiedBy, signatures: headers['webhook-signature'].split(' ').length });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : `nope ${'x'.repeat(5000)}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
});
afterAll(async () => {
  vi.useRealTimers();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const settings: WebhookSettings = { allowPrivate: true, connectTimeoutMs: 2_000, responseTimeoutMs: 3_000 };
const clock = { now: () => new Date() };
const advance = (ms: number) => vi.setSystemTime(new Date(Date.now() + ms));

async function app(over: Partial<WebhookSettings> = {}) {
  return testApp({ clock, app: { webhooks: { ...settings, ...over } } });
}

async function subscribe(t: TestApp, eventTypes: string[] = ['product.created']) {
  const res = await t.api('POST', '/api/v1/webhooks', { url, eventTypes });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  return res.body as { id: string; secret: string };
}

const send = (t: TestApp, over: Partial<WebhookSettings> = {}) => sendDueWebhooks(t.deps, { ...settings, ...over });

afterEach(() => {
  received = [];
  answer = () => 200;
  hang = false;
});

describe('outbound webhooks', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await app();
  });
  afterAll(() => t.close());

  it('a receiver that fails, then recovers, gets every delivery signed and in order; the log keeps each attempt', async () => {
    const sub = await subscribe(t);
    secrets = [sub.secret];
    for (const sku of ['WH-1', 'WH-2', 'WH-3']) await makeProduct(t, { sku });
    await t.drain();
    answer = (n) => (n < 2 ? 503 : 200); // down for the first two requests

    expect(await send(t)).toEqual({ sent: 1, succeeded: 0, failed: 0 }); // WH-1 fails; WH-2 and WH-3 wait behind it
    expect(await send(t)).toEqual({ sent: 0, succeeded: 0, failed: 0 }); // backing off
    advance(6_000);
    expect(await send(t)).toMatchObject({ sent: 1, succeeded: 0 });
    advance(6 * 60_000);
    expect(await send(t)).toEqual({ sent: 3, succeeded: 3, failed: 0 });

    expect(received.map((r) => `${r.sku}:${r.status}`)).toEqual(['WH-1:503', 'WH-1:503', 'WH-1:200', 'WH-2:200', 'WH-3:200']);
    expect(received.every((r) => r.verifiedBy.length === 1 && r.type === 'product.created')).toBe(true);
    expect(new Set(received.map((r) => r.id)).size).toBe(3); // webhook-id is stable across retries

    const list = await t.api('GET', `/api/v1/webhooks/${sub.id}/deliveries`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((d: { status: string; attempts: number }) => `${d.status}/${d.attempts}`)).toEqual(['succeeded/1', 'succeeded/1', 'succeeded/3']);
    const first = await t.api('GET', `/api/v1/webhook-deliveries/${list.body.items[2].id}`);
    expect(first.body.log.map((a: { responseStatus: number }) => a.responseStatus)).toEqual([503, 503, 200]);
    expect(first.body.log[0].responseBody).toHaveLength(2048); // truncated
    expect(first.body.log.every((a: { latencyMs: number }) => a.latencyMs >= 0)).toBe(true);
    expect(JSON.parse(first.body.request.body)).toMatchObject({ type: 'product.created', data: { sku: 'WH-1' } });
    expect((await t.api('GET', `/api/v1/webhooks/${sub.id}`)).body).toMatchObject({ enabled: true, failingSince: null, pendingDeliveries: 0 });
    await t.api('DELETE', `/api/v1/webhooks/${sub.id}`);
  });

  it('replays one delivery, or every delivery of a time range, with the same webhook-id and body', async () => {
    const sub = await subscribe(t);
    secrets = [sub.secret];
    const from = new Date();
    await makeProduct(t, { sku: 'RP-1' });
    await makeProduct(t, { sku: 'RP-2' });
    await t.drain();
    await send(t);
    expect(received.map((r) => r.sku)).toEqual(['RP-1', 'RP-2']);
    const [d2, d1] = (await t.api('GET', `/api/v1/webhooks/${sub.id}/deliveries`)).body.items;

    const one = await t.api('POST', `/api/v1/webhook-deliveries/${d1.id}/replay`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ status: 'pending', attempts: 0 });
    await send(t);
    expect(received.map((r) => r.sku)).toEqual(['RP-1', 'RP-2', 'RP-1']);
    expect(received[2]!.id).toBe(received[0]!.id);

    advance(1000);
    const range = await t.api('POST', `/api/v1/webhooks/${sub.id}/replay`, { from: from.toISOString(), to: new Date().toISOString() });
    expect(range.body).toEqual({ replayed: 2 });
    await send(t);
    expect(received.map((r) => r.sku)).toEqual(['RP-1', 'RP-2', 'RP-1', 'RP-1', 'RP-2']);
    expect(received.every((r) => r.verifiedBy.length === 1)).toBe(true);
    expect((await t.api('GET', `/api/v1/webhook-deliveries/${d2.id}`)).body.log).toHaveLength(2);

    const bad = await t.api('POST', `/api/v1/webhooks/${sub.id}/replay`, { from: new Date().toISOString(), to: from.toISOString() });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'to' })]);
    await t.api('DELETE', `/api/v1/webhooks/${sub.id}`);
  });

  it('after a secret rotation both secrets sign for 24 hours, then only the new one', async () => {
    const sub = await subscribe(t);
    const rotated = await t.api('POST', `/api/v1/webhooks/${sub.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(sub.secret);
    expect(Date.parse(rotated.body.previousSecretExpiresAt) - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    secrets = [sub.secret, rotated.body.secret];

    await makeProduct(t, { sku: 'ROT-1' });
    await t.drain();
    await send(t);
    expect(received[0]).toMatchObject({ sku: 'ROT-1', signatures: 2, verifiedBy: [sub.secret, rotated.body.secret] });
    // A receiver that only knows one of them still verifies: each signature stands alone.
    advance(24 * 3600_000 + 1000);
    await makeProduct(t, { sku: 'ROT-2' });
    await t.drain();
    await send(t);
    expect(received[1]).toMatchObject({ sku: 'ROT-2', signatures: 1, verifiedBy: [rotated.body.secret] });
    expect((await t.api('GET', `/api/v1/webhooks/${sub.id}`)).body.previousSecretExpiresAt).toBeNull();
    const events = await queryRows<{ type: string; payload: Record<string, unknown> }>(t.database.db, sql`select type, payload from outbox where aggregate_id = ${sub.id} order by id`);
    expect(events.map((e) => e.type)).toEqual(['webhook_subscription.created', 'webhook_subscription.secret_rotated']);
    expect(JSON.stringify(events)).not.toContain('whsec_');
    await t.api('DELETE', `/api/v1/webhooks/${sub.id}`);
  });

  it('an endpoint failing for about 3 days is disabled with an event; enabling it again sends what waited, in order', async () => {
    const sub = await subscribe(t);
    secrets = [sub.secret];
    answer = () => 500;
    await makeProduct(t, { sku: 'DN-1' });
    await makeProduct(t, { sku: 'DN-2' });
    await t.drain();
    const started = Date.now();
    let attempts = 0;
    for (let i = 0; i < 20 && (await t.api('GET', `/api/v1/webhooks/${sub.id}`)).body.enabled; i++) {
      attempts += (await send(t)).sent;
      const [next] = await queryRows<{ at: Date | string }>(t.database.db, sql`select next_attempt_at as at from webhook_deliveries where subscription_id = ${sub.id} and status = 'pending' order by seq limit 1`);
      if (next?.at) vi.setSystemTime(new Date(Math.max(Date.now(), new Date(next.at).getTime()) + 1000));
    }
    expect(attempts).toBe(10);
    const hours = (Date.now() - started) / 3600_000;
    expect(hours).toBeGreaterThan(60);
    expect(hours).toBeLessThan(84);
    expect(received.every((r) => r.sku === 'DN-1')).toBe(true); // DN-2 waited behind it
    const s = (await t.api('GET', `/api/v1/webhooks/${sub.id}`)).body;
    expect(s).toMatchObject({ enabled: false, pendingDeliveries: 1 });
    expect(s.disabledReason).toMatch(/failed 10 times/);
    const [ev] = await queryRows<{ payload: { subscriptionId: string; url: string } }>(t.database.db, sql`select payload from outbox where type = 'webhook_subscription.disabled'`);
    expect(ev!.payload).toMatchObject({ subscriptionId: sub.id, url });
    expect((await t.api('GET', `/api/v1/webhooks/${sub.id}/deliveries?status=failed`)).body.items).toHaveLength(1);

    answer = () => 200;
    received = [];
    expect((await t.api('PATCH', `/api/v1/webhooks/${sub.id}`, { enabled: true })).body).toMatchObject({ enabled: true, disabledReason: null });
    const failed = (await t.api('GET', `/api/v1/webhooks/${sub.id}/deliveries?status=failed`)).body.items[0];
    await send(t);
    expect(received.map((r) => r.sku)).toEqual(['DN-2']);
    await t.api('POST', `/api/v1/webhook-deliveries/${failed.id}/replay`);
    await send(t);
    expect(received.map((r) => r.sku)).toEqual(['DN-2', 'DN-1']);
    await t.api('DELETE', `/api/v1/webhooks/${sub.id}`);
  });

  it('a receiver that does not answer is cut off by the response timeout and retried later', async () => {
    const sub = await subscribe(t);
    secrets = [sub.secret];
    hang = true;
    await makeProduct(t, { sku: 'TO-1' });
    await t.drain();
    const began = performance.now();
    expect(await send(t, { responseTimeoutMs: 300 })).toMatchObject({ sent: 1, succeeded: 0 });
    expect(performance.now() - began).toBeLessThan(2_000);
    const [d] = (await t.api('GET', `/api/v1/webhooks/${sub.id}/deliveries`)).body.items;
    expect(d).toMatchObject({ status: 'pending', attempts: 1, lastError: 'response timeout after 300 ms', responseStatus: null });
    await t.api('DELETE', `/api/v1/webhooks/${sub.id}`);
  });

  it('a subscription made by another process is seen within a second (the fan-out caches subscribed types)', async () => {
    await makeProduct(t, { sku: 'CACHE-0' });
    await t.drain(); // warms the cache: nobody wants product.created now
    const id = t.deps.newId();
    const at = new Date();
    await t.database.db.execute(
      sql`insert into webhook_subscriptions (id, url, event_types, secret, enabled, created_at, updated_at) values (${id}, ${url}, ${'{product.created}'}::text[], ${'whsec_' + Buffer.alloc(32, 7).toString('base64')}, true, ${at}, ${at})`,
    );
    await new Promise((r) => setTimeout(r, 1_100));
    await makeProduct(t, { sku: 'CACHE-1' });
    await t.drain();
    const rows = await queryRows<{ event_type: string }>(t.database.db, sql`select event_type from webhook_deliveries where subscription_id = ${id}`);
    expect(rows).toHaveLength(1);
    await t.api('DELETE', `/api/v1/webhooks/${id}`);
  });

  it('subscriptions name catalog event types; unknown ones are refused with the field named', async () => {
    const count = async () => (await queryRows(t.database.db, sql`select 1 from webhook_subscriptions`)).length;
    const before = await count();
    const res = await t.api('POST', '/api/v1/webhooks', { url, eventTypes: ['order.placed', 'order.teleported'] });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'eventTypes.1' })]);
    expect((await t.api('POST', '/api/v1/webhooks', { url, eventTypes: ['order.placed'] }, { as: 'manager' })).status).toBe(403);
    expect(await count()).toBe(before);
  });
});

describe('SSRF guard', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await app({ allowPrivate: false });
  });
  afterAll(() => t.close());

  it.each([
    ['http://127.0.0.1:9/hooks', /private, loopback or link-local/],
    ['http://localhost/hooks', /private, loopback or link-local/],
    ['http://[::1]/hooks', /private, loopback or link-local/],
    ['http://169.254.169.254/latest/meta-data', /private, loopback or link-local/],
    ['http://10.1.2.3/hooks', /private, loopback or link-local/],
    ['http://192.168.0.10/hooks', /private, loopback or link-local/],
    ['http://[fe80::1]/hooks', /private, loopback or link-local/],
    ['http://[::ffff:127.0.0.1]/hooks', /private, loopback or link-local/],
    ['ftp://example.com/hooks', /http\(s\)/],
    ['https://user:pw@example.com/hooks', /credentials/],
  ])('refuses %s with 422 naming url, and writes nothing', async (target, why) => {
    const res = await t.api('POST', '/api/v1/webhooks', { url: target, eventTypes: ['order.placed'] });
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual([{ path: 'url', message: expect.stringMatching(why) }]);
    expect((await queryRows(t.database.db, sql`select 1 from webhook_subscriptions`)).length).toBe(0);
  });

  it('accepts a public address, and refuses to move an existing subscription to a private one', async () => {
    const ok = await t.api('POST', '/api/v1/webhooks', { url: 'https://93.184.215.14/hooks', eventTypes: ['order.placed'] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const moved = await t.api('PATCH', `/api/v1/webhooks/${ok.body.id}`, { url: 'http://127.0.0.1/x' });
    expect(moved.status).toBe(422);
    expect((await t.api('GET', `/api/v1/webhooks/${ok.body.id}`)).body.url).toBe('https://93.184.215.14/hooks');
  });

  it('the sender checks the connected address too (a host that later resolves to a private address is not reached)', async () => {
    // Written directly, as if the URL had been public when it was checked (DNS rebinding).
    const id = t.deps.newId();
    const at = new Date();
    await t.database.db.execute(
      sql`insert into webhook_subscriptions (id, url, event_types, secret, enabled, created_at, updated_at) values (${id}, ${url}, ${'{product.created}'}::text[], 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', true, ${at}, ${at})`,
    );
    await makeProduct(t, { sku: 'SSRF-1' });
    await t.drain();
    await sendDueWebhooks(t.deps, { ...settings, allowPrivate: false });
    expect(received).toEqual([]);
    const [d] = await queryRows<{ last_error: string }>(t.database.db, sql`select last_error from webhook_deliveries where subscription_id = ${id}`);
    expect(d!.last_error).toMatch(/refused: 127.0.0.1 is a private address/);
    expect(['8.8.8.8', '2a00:1450::1'].map(isPrivateAddress)).toEqual([false, false]);
    expect(['100.64.0.1', '172.16.5.4', '0.0.0.0', 'fd00::1', '::'].map(isPrivateAddress)).toEqual([true, true, true, true, true]);
  });
});
