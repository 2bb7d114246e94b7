import { existsSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { packageRoot } from '../package-root.js';

/** Where `npm run build:web` writes the console (hashed files under assets/). */
export const defaultConsoleDir = join(packageRoot, 'dist', 'web');

/** Paths that belong to the server, never to the single-page app. */
const serverPaths = /^\/(api|docs|metrics|healthz|readyz)(\/|$)/;

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Ordo</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}code{background:#f3f3f3;padding:.1rem .3rem;border-radius:3px}</style>
</head><body>
<h1>Ordo is running, but the console is not built</h1>
<p>The API is available at <a href="/api/v1/openapi.json"><code>/api/v1</code></a> with docs at <a href="/docs">/docs</a>.</p>
<p>To serve the web console, build it once and restart:</p>
<pre><code>npm run build:web</code></pre>
<p>(<code>npm install</code> builds it too, in its prepare step.)</p>
</body></html>
`;

export const consoleCsp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self' blob: data:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const wantsHtml = (req: FastifyRequest) => (req.headers.accept ?? '').includes('text/html');

/**
 * Serves the built console from `dir` at `/`: hashed `/assets/*` cached for a year (immutable),
 * `index.html` revalidated every time, and a single-page-app fallback: a GET for any other path
 * that accepts HTML gets index.html so client-side routes survive a reload. Server paths (/api,
 * /docs, /metrics, /healthz, /readyz) are never answered with the app; unknown ones stay 404.
 */
export async function staticConsole(app: FastifyInstance, opts: { dir?: string }): Promise<void> {
  const dir = resolve(opts.dir ?? defaultConsoleDir);
  // The console's Content-Security-Policy: its own scripts only (no inline or eval), API calls to
  // this origin only, never framed. Styles may be inline (component libraries set them).
  app.addHook('onSend', async (_req, reply) => {
    void reply.header('content-security-policy', consoleCsp);
  });
  await app.register(fastifyStatic, { root: dir, serve: false, suppressWarning: true });

  const sendIndex = (reply: FastifyReply) => reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });

  app.get('/*', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    let path: string;
    try {
      path = decodeURIComponent(req.url.split('?')[0]!);
    } catch {
      return reply.callNotFound();
    }
    if (serverPaths.test(path)) return reply.callNotFound();
    if (!existsSync(resolve(dir, 'index.html'))) {
      if (path === '/' || wantsHtml(req)) return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(notBuiltPage);
      return reply.callNotFound();
    }
    const file = resolve(dir, `.${path}`);
    if (path !== '/' && file.startsWith(dir + sep) && isFile(file)) {
      const rel = file.slice(dir.length + 1).split(sep).join('/');
      if (rel === 'index.html') return sendIndex(reply);
      const hashed = rel.startsWith('assets/');
      return reply.sendFile(rel, hashed ? { maxAge: 365 * 24 * 60 * 60 * 1000, immutable: true } : { maxAge: 0 });
    }
    if (path === '/' || wantsHtml(req)) return sendIndex(reply);
    return reply.callNotFound();
  });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
