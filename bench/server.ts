import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ServerProc {
  child: ChildProcess;
  pid: number;
  port: number;
  url: string;
  /** Everything the process wrote (warn level and above), for error reports. */
  output: () => string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Starts `node bin/ordo.mjs serve` (the `npm start` entry: the compiled build when current) and waits for /readyz. */
export async function startServer(opts: {
  databaseUrl: string;
  apiKey: string;
  poolSize: number;
  nodeArgs?: string[];
  env?: Record<string, string>;
}): Promise<ServerProc> {
  const port = await freePort();
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), 'bin/ordo.mjs', 'serve'], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      DATABASE_URL: opts.databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      ORDO_DEV_API_KEY: opts.apiKey,
      LOG_LEVEL: 'warn',
      ORDO_PRETTY_LOGS: 'false',
      ORDO_DB_POOL_SIZE: String(opts.poolSize),
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Ordo server exited with ${child.exitCode}:\n${out}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return { child, pid: child.pid!, port, url, output: () => out };
    } catch {
      /* not listening yet */
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`Ordo server did not become ready within 60 s:\n${out}`);
}

/** Resident set size and its peak (VmHWM) in MB, from /proc (Linux). */
export function rssMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
}

/** SIGTERM (graceful shutdown, flushes a --cpu-prof profile), SIGKILL after 15 s. */
export async function stopServer(s: ServerProc): Promise<void> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => s.child.once('exit', () => resolve()));
  s.child.kill('SIGTERM');
  const timer = setTimeout(() => s.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** CPU time (user + system) the process has used so far, in ms (Linux /proc, 100 Hz ticks). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU time (user + system, ms) of each PostgreSQL backend now connected to `database` (Linux /proc; a backend's process title names its database). */
function postgresBackendsCpuMs(database: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmdline.startsWith('postgres: ')) continue;
      // "postgres: [<cluster>: ]<user> <database> <client> <state>" (a backend)
      const m = /^postgres: (?:\S+: )?\S+ (\S+) \S+/.exec(cmdline.replace(/\0/g, ' '));
      if (m?.[1] !== database) continue;
      out.set(Number(entry), cpuMs(Number(entry)));
    } catch {
      /* the process exited meanwhile */
    }
  }
  return out;
}

/**
 * CPU used by the PostgreSQL backends of one database from `start()` on: sampled every 250 ms, so a
 * backend that disconnects (a pool closing idle connections) keeps what it used up to its last sample.
 * Background processes (WAL writer, checkpointer) are not included.
 */
export function postgresCpuMeter(database: string): { readMs(): number; stop(): number } {
  const base = postgresBackendsCpuMs(database);
  const last = new Map(base);
  const sample = () => {
    for (const [pid, ms] of postgresBackendsCpuMs(database)) last.set(pid, ms);
  };
  const timer = setInterval(sample, 250);
  timer.unref();
  const readMs = () => {
    sample();
    let total = 0;
    for (const [pid, ms] of last) total += ms - (base.get(pid) ?? 0);
    return total;
  };
  return {
    readMs,
    stop: () => {
      const ms = readMs();
      clearInterval(timer);
      return ms;
    },
  };
}
