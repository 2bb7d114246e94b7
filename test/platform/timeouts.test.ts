/**
 * Timeouts and the shutdown deadline, against a real server process: a slow body and slow headers
 * are cut off by the request/header timeouts (408, connection closed); SIGTERM with a slow upload, an
 * idle keep-alive connection and a silent socket connected → the process exits within the deadline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ordoArgs } from '../support/ordo-command.js';

const key = 'timeouts-test-key-0123456789';
const dataDir = mkdtempSync(join(tmpdir(), 'ordo-timeouts-'));
let proc: ChildProcess;
let port = 0;

beforeAll(async () => {
  proc = spawn(process.execPath, ordoArgs('serve'), {
    env: {
      ...process.env,
      DATABASE_URL: '',
      ORDO_DATA_DIR: dataDir,
      PORT: '0',
      ORDO_DEV_API_KEY: key,
      ORDO_ADMIN_EMAIL: 'admin@example.com',
      ORDO_ADMIN_PASSWORD: 'a long enough password',
      LOG_LEVEL: 'info',
      ORDO_PRETTY_LOGS: 'false',
      ORDO_REQUEST_TIMEOUT_MS: '1500',
      ORDO_HEADERS_TIMEOUT_MS: '800',
      ORDO_KEEP_ALIVE_TIMEOUT_MS: '60000', // longer than the test: only the shutdown closes it
      ORDO_SHUTDOWN_TIMEOUT_MS: '1500',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  port = await new Promise<number>((resolve, reject) => {
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}, 60_000);
afterAll(() => {
  if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function open(): Promise<Socket & { received: () => string; closedAt: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    let data = '';
    s.on('data', (b) => (data += b.toString()));
    const closedAt = new Promise<number>((r) => s.on('close', () => r(Date.now())));
    s.on('error', () => undefined);
    s.once('connect', () => resolve(Object.assign(s, { received: () => data, closedAt })));
    s.once('error', reject);
  });
}

/** Writes one byte every `everyMs` until the socket closes. */
function trickle(s: Socket, text: string, everyMs: number) {
  let i = 0;
  const timer = setInterval(() => {
    if (s.destroyed || s.writableEnded) return clearInterval(timer);
    s.write(text[i % text.length]!);
    i++;
  }, everyMs);
  s.on('close', () => clearInterval(timer));
}

const postHead = `POST /api/v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n`;

it('a slow body is cut off by the request timeout (408, connection closed)', async () => {
  const s = await open();
  const start = Date.now();
  s.write(postHead);
  trickle(s, '{"note":"' + 'x'.repeat(50), 100);
  const closed = await s.closedAt;
  expect(closed - start).toBeGreaterThanOrEqual(1_400);
  expect(closed - start).toBeLessThan(1_500 + 1_500); // timeout + the connection-checking interval
  expect(s.received()).toMatch(/^HTTP\/1\.1 408/);
}, 15_000);

it('slow headers are cut off by the header timeout', async () => {
  const s = await open();
  const start = Date.now();
  trickle(s, 'GET /healthz HTTP/1.1\r\nX-Slow: ' + 'y'.repeat(200), 100);
  const closed = await s.closedAt;
  expect(closed - start).toBeLessThan(800 + 1_500);
  expect(s.received()).toMatch(/^HTTP\/1\.1 408/);
}, 15_000);

it('SIGTERM with a slow upload, an idle keep-alive connection and a silent socket → exit within the deadline', async () => {
  const slow = await open();
  slow.write(postHead);
  trickle(slow, '{"a":1', 100);
  const idle = await open();
  idle.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
  await new Promise((r) => setTimeout(r, 300));
  expect(idle.received()).toMatch(/^HTTP\/1\.1 200/);
  const silent = await open();
  await new Promise((r) => setTimeout(r, 200));
  const start = Date.now();
  proc.kill('SIGTERM');
  const [code] = (await Promise.race([once(proc, 'exit'), new Promise((r) => setTimeout(() => r(['timeout']), 10_000))])) as [unknown];
  const took = Date.now() - start;
  expect(code).toBe(0);
  expect(took).toBeLessThan(1_500 + 1_500);
  for (const s of [slow, idle, silent]) expect(s.destroyed || s.readableEnded).toBe(true);
}, 20_000);
