import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type App } from '../../src/app.js';
import { systemClock, type Clock } from '../../src/platform/clock.js';
import { createApiKey } from '../../src/platform/auth/api-keys.js';
import type { Role } from '../../src/platform/auth/roles.js';
import { testDatabase } from './db.js';
import type { Database } from '../../src/platform/db/client.js';

export interface TestApp extends App {
  database: Database;
  /** API keys by role, created for this app. */
  keys: Record<Role, string>;
  /** JSON request as an admin unless `as` names another role or a raw key; returns status, headers, parsed body. */
  api<T = any>(method: string, url: string, body?: unknown, opts?: { as?: Role; key?: string | null; headers?: Record<string, string> }): Promise<{ status: number; body: T; headers: LightMyRequestResponse['headers'] }>;
  close(): Promise<void>;
}

export async function testApp(opts: { clock?: Clock; database?: Database } = {}): Promise<TestApp> {
  const database = opts.database ?? (await testDatabase());
  const clock = opts.clock ?? systemClock;
  const app = await buildApp({ database, clock });
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
    async close() {
      await app.http.close();
      if (!opts.database) await database.close();
    },
  };
}
