import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { isPrivateAddress } from './url-guard.js';

export interface PostResult {
  status: number | null;
  /** First `maxBody` bytes of the response body. */
  body: string | null;
  latencyMs: number;
  error: string | null;
}

export interface PostOptions {
  allowPrivate: boolean;
  connectTimeoutMs: number;
  responseTimeoutMs: number;
  maxBody?: number;
}

/**
 * POSTs JSON with a connect timeout and a response timeout (from sending to the last body byte).
 * Without `allowPrivate`, the address the socket connects to is checked after DNS resolution, so a
 * host that re-resolves to a private address (DNS rebinding) is refused at send time too.
 */
export function postJson(url: string, headers: Record<string, string>, body: string, opts: PostOptions): Promise<PostResult> {
  const started = performance.now();
  const maxBody = opts.maxBody ?? 2048;
  const u = new URL(url);
  const lib = u.protocol === 'https:' ? https : http;
  const guardedLookup = (hostname: string, options: object, cb: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return cb(err, '');
      const list = addresses as LookupAddress[];
      const bad = list.find((a) => isPrivateAddress(a.address));
      if (bad) return cb(Object.assign(new Error(`refused: ${hostname} resolves to a private address ${bad.address}`), { code: 'EPRIVATE' }), '');
      if ((options as { all?: boolean }).all) return cb(null, list);
      cb(null, list[0]!.address, list[0]!.family);
    });
  };
  return new Promise((resolve) => {
    let done = false;
    let responseTimer: NodeJS.Timeout | undefined;
    const finish = (r: Omit<PostResult, 'latencyMs'>) => {
      if (done) return;
      done = true;
      clearTimeout(responseTimer);
      resolve({ ...r, latencyMs: Math.round(performance.now() - started) });
    };
    const host = u.hostname.replace(/^\[|\]$/g, '');
    if (!opts.allowPrivate && isIP(host) && isPrivateAddress(host)) return finish({ status: null, body: null, error: `refused: ${host} is a private address` });
    const req = lib.request(u, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body).toString(), 'user-agent': 'Ordo-Webhooks/1', ...headers },
      ...(opts.allowPrivate ? {} : { lookup: guardedLookup as never }),
    });
    const connectTimer = setTimeout(() => req.destroy(new Error(`connect timeout after ${opts.connectTimeoutMs} ms`)), opts.connectTimeoutMs);
    responseTimer = setTimeout(() => req.destroy(new Error(`response timeout after ${opts.responseTimeoutMs} ms`)), opts.responseTimeoutMs);
    req.on('socket', (socket) => {
      if (!socket.connecting) clearTimeout(connectTimer);
      else socket.once(u.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    req.on('error', (e) => {
      clearTimeout(connectTimer);
      finish({ status: null, body: null, error: e.message });
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < maxBody) chunks.push(c);
        size += c.length;
        if (size > 64 * 1024) res.destroy();
      });
      const end = () => finish({ status: res.statusCode ?? null, body: Buffer.concat(chunks).subarray(0, maxBody).toString('utf8'), error: null });
      res.on('end', end);
      res.on('close', end);
      res.on('error', end);
    });
    req.end(body);
  });
}
