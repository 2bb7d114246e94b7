import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/platform/logger.js';
import { testApp, type TestApp } from '../support/app.js';

// Shippo authenticates its webhooks with a secret token in the URL's query string
// (SHIPPO_WEBHOOK_TOKEN); the request log line carries the URL, so the token must be scrubbed there.
const token = 'shippo_hook_Secret-1234567890';
const logLines: string[] = [];
let t: TestApp;
beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  t = await testApp({ app: { logger: createLogger({ level: 'info', destination: sink }), shippingWebhooks: { shippoToken: token } } });
});
afterAll(() => t.close());

describe('secrets in request URLs', () => {
  it('a Shippo webhook is logged without its token, right or wrong', async () => {
    const ok = await t.api('POST', `/api/v1/shipping/webhooks/shippo?token=${token}`, { event: 'track_updated', data: { tracking_number: 'LX000000000DE', tracking_status: { status: 'TRANSIT' } } }, { key: null });
    expect(ok.status, JSON.stringify(ok.body)).toBeLessThan(300);
    const wrong = await t.api('POST', '/api/v1/shipping/webhooks/shippo?token=guessed_token_0123456789', {}, { key: null });
    expect(wrong.status).toBe(400);

    const out = logLines.join('');
    // Request lines carry the path without the query string at all.
    expect(out).toContain('"url":"/api/v1/shipping/webhooks/shippo"');
    expect(out).not.toContain('?token=');
    expect(out).not.toContain(token);
    expect(out).not.toContain('guessed_token_0123456789');
  });

  it('scrubs token, key and secret query parameters from any logged URL and leaves others alone', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger({ level: 'info', destination: sink as never });
    log.info({ url: '/x?status=open&api_key=abc123def456&secret=s3cr3tvalue&access_token=tok987654' }, 'y');
    const out = lines.join('');
    expect(out).toContain('/x?status=open&api_key=[redacted]&secret=[redacted]&access_token=[redacted]');
    expect(out).not.toMatch(/abc123def456|s3cr3tvalue|tok987654/);
  });
});
