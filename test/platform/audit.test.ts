/** recordAudits: several entries in one statement, stored as recordAudit stores each (order, JSON, SQL NULL). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { testDatabase } from '../support/db.js';
import type { Database } from '../../src/platform/db/client.js';
import { auditLog } from '../../src/platform/db/schema/index.js';
import { recordAudit, recordAudits, type AuditEntry } from '../../src/platform/audit.js';
import { systemActor } from '../../src/platform/auth/roles.js';

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(() => database?.close());

const entries: AuditEntry[] = [
  { action: 'thing.created', entityType: 'thing', entityId: 't1', after: { name: 'a"b\\c {x,y}', n: 10n, at: new Date('2026-11-26T10:00:00Z') } },
  { action: 'thing.changed', entityType: 'thing', entityId: 't2', before: null, after: 'NULL' },
  { action: 'thing.removed', entityType: 'thing', entityId: 't3', before: { list: ['ünï', null, 1] } },
];
const ctx = { actor: systemActor, requestId: 'req-1', at: new Date('2026-11-26T11:00:00Z') };
const rows = async (type: string) =>
  (await database.db.select().from(auditLog).where(eq(auditLog.entityType, type)).orderBy(asc(auditLog.id))).map(({ id: _id, entityType: _t, ...r }) => r);

describe('recordAudits', () => {
  it('stores several entries in the given order exactly as recordAudit stores each', async () => {
    await database.db.transaction((tx) => recordAudits(tx, ctx, entries));
    const many = await rows('thing');
    await database.db.transaction(async (tx) => {
      for (const e of entries) await recordAudit(tx, ctx, { ...e, entityType: 'one' });
    });
    expect(many.map((r) => r.entityId)).toEqual(['t1', 't2', 't3']);
    expect(many).toEqual(await rows('one'));
    expect(many[0]).toMatchObject({ before: null, after: { name: 'a"b\\c {x,y}', n: '10', at: '2026-11-26T10:00:00.000Z' }, requestId: 'req-1', actorType: systemActor.type });
    expect(many[1]).toMatchObject({ before: null, after: 'NULL' });
    expect(many[2]).toMatchObject({ before: { list: ['ünï', null, 1] }, after: null });
  });
});
