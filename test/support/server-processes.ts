/**
 * Real `ordo serve` processes for the multi-process tests (PostgreSQL only): each is
 * `node bin/ordo.mjs serve` (test/support/ordo-command.ts) on its own free port against one database, with a shared
 * secret key and dev API key. `stop()` sends SIGTERM, `kill()` SIGKILL (the crash under test).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ordoArgs } from './ordo-command.js';

export interface ServerProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** stderr and stdout of the process so far (for failure messages). */
  output(): string;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export const DEV_KEY = 'multi-process-dev-key-0123456789';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const exited = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r())));

export async function startServer(name: string, databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), `ordo-${name}-`));
  const child = spawn(process.execPath, ordoArgs('serve'), {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ORDO_PRETTY_LOGS: 'false',
      ORDO_DEV_API_KEY: DEV_KEY,
      ORDO_SECRET_KEY: '0f'.repeat(32),
      ORDO_DATA_DIR: join(dataDir, 'data'),
      ORDO_DB_POOL_SIZE: '6',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out = (out + String(d)).slice(-20_000)));
  child.stderr!.on('data', (d) => (out = (out + String(d)).slice(-20_000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server ${name} exited ${child.exitCode}: ${out}`);
    if (Date.now() > deadline) throw new Error(`server ${name} not ready after 90 s: ${out}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    name,
    url,
    child,
    output: () => out,
    kill: async () => {
      child.kill('SIGKILL');
      await exited(child);
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}

export interface Reply {
  status: number;
  body: any;
}

/** One API call; a connection error (the process is gone) is status 0. */
export async function call(server: ServerProcess, method: string, path: string, body?: unknown, key = DEV_KEY): Promise<Reply> {
  try {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed };
  } catch {
    return { status: 0, body: null };
  }
}
