import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type App, type AppOptions } from '../../src/app.js';
import type { Clock } from '../../src/platform/clock.js';
import { pinnedClock } from './clock.js';
import { createApiKey } from '../../src/platform/auth/api-keys.js';
import type { Role } from '../../src/platform/auth/roles.js';
import { testDatabase } from './db.js';
import type { Database } from '../../src/platform/db/client.js';
import { OutboxDispatcher } from '../../src/platform/outbox/dispatcher.js';
import { eventHandlers } from '../../src/handlers.js';
import { queryRows } from '../../src/platform/db/query.js';
import { sql } from 'drizzle-orm';

export interface TestApp extends App {
  database: Database;
  /** API keys by role, created for this app. */
  keys: Record<Role, string>;
  /** JSON request as an admin unless `as` names another role or a raw key; returns status, headers, parsed body. */
  api<T = any>(method: string, url: string, body?: unknown, opts?: { as?: Role; key?: string | null; headers?: Record<string, string>; remoteAddress?: string }): Promise<{ status: number; body: T; headers: LightMyRequestResponse['headers'] }>;
  /**
   * Runs the module event handlers (src/handlers.ts) over the outbox until nothing is left to do,
   * like the server's dispatcher does in the background. Throws if a handler fails.
   */
  drain(): Promise<{ dispatched: number }>;
  close(): Promise<void>;
}

export async function testApp(opts: { clock?: Clock; database?: Database; app?: Partial<Omit<AppOptions, 'database' | 'clock'>> } = {}): Promise<TestApp> {
  const database = opts.database ?? (await testDatabase());
  // Pinned by default: a test never depends on the calendar day it runs on.
  const clock = opts.clock ?? pinnedClock();
  const app = await buildApp({ ...opts.app, database, clock });
  const keys = {} as Record<Role, string>;
  for (const role of ['admin', 'manager', 'support', 'warehouse', 'integration', 'read-only'] as const) {
    keys[role] = (await createApiKey(database.db, app.deps, { name: `test ${role}`, role })).key;
  }
  return {
    ...app,
    database,
    keys,
    async api(method, url, body, o = {}) {
      const key = o.key === null ? undefined : (o.key ?? keys[o.as ?? 'admin']);
      const res = await app.http.inject({
        method: method as 'GET',
        url,
        headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(o.headers ?? {}) },
        ...(o.remoteAddress ? { remoteAddress: o.remoteAddress } : {}),
        ...(body === undefined ? {} : { payload: body as object }),
      });
      let parsed: unknown = res.body;
      try {
        parsed = res.body ? JSON.parse(res.body) : undefined;
      } catch {
        /* not JSON */
      }
      return { status: res.statusCode, body: parsed as never, headers: res.headers };
    },
    async drain() {
      const dispatcher = new OutboxDispatcher(database.db, eventHandlers(app.deps), { clock });
      let dispatched = 0;
      for (let round = 0; round < 50; round++) {
        const r = await dispatcher.dispatchOnce();
        if (r.failed) {
          const [row] = await queryRows<{ type: string; last_error: string }>(database.db, sql`select type, last_error from outbox where last_error is not null order by id desc limit 1`);
          throw new Error(`outbox handler failed: ${JSON.stringify(row ?? r)}`);
        }
        dispatched += r.dispatched;
        if (r.dispatched === 0) return { dispatched };
      }
      throw new Error('outbox did not drain in 50 rounds (handlers keep producing events?)');
    },
    async close() {
      await app.http.close();
      if (!opts.database) await database.close();
    },
  };
}
