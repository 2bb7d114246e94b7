import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { queryRows } from '../../src/platform/db/query.js';
import { auditLog, outbox } from '../../src/platform/db/schema/index.js';
import { inboundSecret, mailgun, manualClock } from './support.js';

/**
 * Mailgun signs inbound webhooks with the key it assigns to the account, so an admin must be able to
 * store that key: sealed at rest, never returned or audited in full, and used to verify Mailgun posts.
 */
const clock = manualClock('2026-03-04T09:00:00Z');
const mailgunKey = 'key-3ax6xnjp29jd6fds4gc373sgvjxteol0';
let t: TestApp;
beforeAll(async () => {
  t = await testApp({ clock });
});
afterAll(() => t.close());

const nowSec = () => Math.floor(clock.now().getTime() / 1000);

describe('Mailgun signing key', () => {
  it('is set by admins only, stored sealed, shown as a hint, and verifies Mailgun posts from then on', async () => {
    const before = await t.api('GET', '/api/v1/support/inbound-email');
    expect(before.body.mailgunSigningKey).toEqual({ configured: false, hint: null, updatedAt: null, updatedBy: null });

    for (const role of ['support', 'manager'] as const) {
      expect((await t.api('PUT', '/api/v1/support/inbound-email/mailgun-signing-key', { signingKey: mailgunKey }, { as: role })).status).toBe(403);
    }
    const bad = await t.api('PUT', '/api/v1/support/inbound-email/mailgun-signing-key', { signingKey: 'short' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'signingKey' })]);

    // Before a key is stored, a post signed with Mailgun's key is refused.
    expect((await mailgun(t, mailgunKey, nowSec(), { id: '<mg-a@x>', from: 'ada@example.com', subject: 'Hi', text: 'Q' })).statusCode).toBe(401);

    const put = await t.api('PUT', '/api/v1/support/inbound-email/mailgun-signing-key', { signingKey: mailgunKey });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toEqual({ configured: true, hint: '…eol0', updatedAt: '2026-03-04T09:00:00.000Z', updatedBy: expect.stringMatching(/^api_key:/) });
    const shown = await t.api('GET', '/api/v1/support/inbound-email');
    expect(shown.body.mailgunSigningKey).toEqual(put.body);
    expect(JSON.stringify(shown.body)).not.toContain(mailgunKey);

    // Sealed at rest (no plain key in the row), audited and announced without it.
    const rows = await queryRows<{ key_ciphertext: string; hint: string }>(t.database.db, sql`select key_ciphertext, hint from support_inbound_keys where provider = 'mailgun'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.key_ciphertext).toMatch(/^v1\./);
    expect(rows[0]!.key_ciphertext).not.toContain(mailgunKey);
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'support.mailgun_signing_key_set'));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(mailgunKey);
    const events = await t.database.db.select().from(outbox).where(and(eq(outbox.type, 'support_settings.updated'), eq(outbox.aggregateId, 'mailgun_signing_key')));
    expect(events.map((e) => e.payload)).toEqual([{ what: 'mailgun_signing_key', updatedBy: put.body.updatedBy }]);

    // Mailgun's signature verifies now; one made with the installation's inbound secret no longer does.
    const ok = await mailgun(t, mailgunKey, nowSec(), { id: '<mg-b@x>', from: 'Ada <ada@example.com>', subject: 'Norway?', text: 'Do you ship to Norway?' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ received: true, outcome: 'opened' });
    expect((await mailgun(t, await inboundSecret(t), nowSec(), { id: '<mg-c@x>', from: 'ada@example.com', subject: 'Hi', text: 'Q' })).statusCode).toBe(401);
    // Postmark keeps authenticating with the inbound secret.
    expect(shown.body.postmarkUrl).toContain(encodeURIComponent(shown.body.secret));

    // Replaced by a new key; removed, Mailgun posts are refused again.
    const next = 'key-0000000000000000000000000000next';
    expect((await t.api('PUT', '/api/v1/support/inbound-email/mailgun-signing-key', { signingKey: next })).body.hint).toBe('…next');
    expect((await mailgun(t, mailgunKey, nowSec(), { id: '<mg-d@x>', from: 'ada@example.com', subject: 'Hi', text: 'Q' })).statusCode).toBe(401);
    expect((await mailgun(t, next, nowSec(), { id: '<mg-e@x>', from: 'ada@example.com', subject: 'Hi', text: 'Q' })).statusCode).toBe(200);
    expect((await t.api('DELETE', '/api/v1/support/inbound-email/mailgun-signing-key', undefined, { as: 'support' })).status).toBe(403);
    const removed = await t.api('DELETE', '/api/v1/support/inbound-email/mailgun-signing-key');
    expect(removed.body).toEqual({ configured: false, hint: null, updatedAt: null, updatedBy: null });
    expect((await t.api('DELETE', '/api/v1/support/inbound-email/mailgun-signing-key')).status).toBe(404);
    expect(await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'support.mailgun_signing_key_removed'))).toHaveLength(1);
    expect((await mailgun(t, next, nowSec(), { id: '<mg-f@x>', from: 'ada@example.com', subject: 'Hi', text: 'Q' })).statusCode).toBe(401);
  });
});
