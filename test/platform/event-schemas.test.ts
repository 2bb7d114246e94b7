import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { defineEvent, newEvent } from '../../src/platform/events/define.js';
import { enqueueEvents } from '../../src/platform/outbox/outbox.js';
import { systemActor } from '../../src/platform/auth/roles.js';
import { queryRows } from '../../src/platform/db/query.js';
import { eventCatalog } from '../../src/events.js';
import { eventHandlers } from '../../src/handlers.js';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const probe = defineEvent({
  type: 'probe.happened',
  version: 1,
  aggregateType: 'probe',
  summary: 'A test event.',
  payload: z.object({ probeId: z.string(), amount: z.string().regex(/^-?\d+$/) }),
});

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const write = (payload: unknown) =>
  t.database.db.transaction((tx) => enqueueEvents(tx, { actor: systemActor, newId: t.deps.newId, at: t.deps.clock.now() }, [newEvent(probe, 'p1', payload as never)]));
const count = async () => (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from outbox where type = 'probe.happened'`))[0]!.n;

describe('typed events', () => {
  it('a payload that does not match its schema is refused and nothing is written', async () => {
    await expect(write({ probeId: 'p1', amount: 12.5 })).rejects.toThrow(/probe.happened v1: payload does not match its schema/);
    await expect(write({ probeId: 'p1' })).rejects.toThrow(/does not match/);
    expect(await count()).toBe(0);
  });

  it('a matching payload is written in its JSON form (bigint as a decimal string)', async () => {
    await write({ probeId: 'p1', amount: 1234n });
    const [row] = await queryRows<{ payload: { amount: string } }>(t.database.db, sql`select payload from outbox where type = 'probe.happened'`);
    expect(row!.payload).toEqual({ probeId: 'p1', amount: '1234' });
  });

  it('event types are unique in the catalog and named <aggregate>.<verb>', () => {
    const types = eventCatalog.map((d) => `${d.type}@${d.version}`);
    expect(new Set(types).size).toBe(types.length);
    expect(() => defineEvent({ ...probe, type: 'NotAnEvent' })).toThrow(/snake_case/);
  });

  it('an event whose definition is missing or names another type is refused', async () => {
    const undeclared = { type: 'probe.undeclared', aggregateType: 'probe', aggregateId: 'p1', payload: {} } as never;
    await expect(t.database.db.transaction((tx) => enqueueEvents(tx, { actor: systemActor, newId: t.deps.newId, at: t.deps.clock.now() }, [undeclared]))).rejects.toThrow(/not declared/);
    const renamed = { ...newEvent(probe, 'p1', { probeId: 'p1', amount: '1' }), type: 'probe.renamed' };
    await expect(t.database.db.transaction((tx) => enqueueEvents(tx, { actor: systemActor, newId: t.deps.newId, at: t.deps.clock.now() }, [renamed]))).rejects.toThrow(/not declared/);
    expect(await queryRows(t.database.db, sql`select 1 from outbox where type like 'probe.%' and type <> 'probe.happened'`)).toHaveLength(0);
  });

  it('every definition declared by a module is in the catalog, and every handled type too', async () => {
    const inCatalog = new Set(eventCatalog);
    const declared: string[] = [];
    for (const ctx of readdirSync('src/modules')) {
      for (const f of readdirSync(join('src/modules', ctx)).filter((n) => n.endsWith('.events.ts'))) {
        const mod = (await import(/* @vite-ignore */ `../../src/modules/${ctx}/${f.replace(/\.ts$/, '.js')}`)) as Record<string, unknown>;
        for (const v of Object.values(mod)) {
          if (v && typeof v === 'object' && 'type' in v && 'payload' in v && 'version' in v) {
            declared.push((v as { type: string }).type);
            expect(inCatalog.has(v as never), `${(v as { type: string }).type} (${f}) is not listed in src/events.ts`).toBe(true);
          }
        }
      }
    }
    expect(declared.length).toBeGreaterThanOrEqual(69);
    const types = new Set(eventCatalog.map((d) => d.type));
    for (const h of eventHandlers(t.deps)) {
      if (h.types === '*') continue;
      for (const type of h.types) expect(types.has(type), `${h.name} handles ${type}`).toBe(true);
    }
  });

  it('no code writes an event type as a string literal (events are written with newEvent and a definition)', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !p.endsWith('.events.ts')) {
          const text = readFileSync(p, 'utf8');
          if (/type: '[a-z_]+\.[a-z_]+',\s*aggregateType:/.test(text)) offenders.push(p);
        }
      }
    };
    walk('src');
    expect(offenders).toEqual([]);
  });

  it('the outbox rows written by an order journey are all declared types with valid payloads', async () => {
    const { makeLocation, makeProduct, orderBody, receiveStock } = await import('../support/factories.js');
    await makeLocation(t, { code: 'EVT' });
    await makeProduct(t, { sku: 'EVT-1', price: { amount: 1000, currency: 'EUR' } });
    await receiveStock(t, 'EVT-1', 'EVT', 5);
    const res = await t.api('POST', '/api/v1/orders', orderBody([{ sku: 'EVT-1', quantity: 2, amount: 1000 }]));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((await t.api('POST', `/api/v1/orders/${res.body.id}/cancel`, { reason: 'changed mind' })).status).toBe(200);
    await t.drain();
    const rows = await queryRows<{ type: string; payload: unknown }>(t.database.db, sql`select type, payload from outbox where type not like 'probe.%'`);
    expect(rows.length).toBeGreaterThan(3);
    const byType = new Map(eventCatalog.map((d) => [d.type, d]));
    for (const r of rows) {
      const def = byType.get(r.type);
      expect(def, r.type).toBeDefined();
      expect(def!.payload.safeParse(r.payload).success, r.type).toBe(true);
    }
  });
});
