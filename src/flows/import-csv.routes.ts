import { PassThrough, type Readable } from 'node:stream';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../platform/context.js';
import { access } from '../platform/auth/roles.js';
import { AppError, toProblem } from '../platform/errors.js';
import { errorResponses } from '../platform/http/schemas.js';
import { importCsv, importKinds } from './import-csv.js';

const reportSchema = z
  .object({
    kind: z.enum(importKinds),
    dryRun: z.boolean(),
    rows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })),
  })
  .meta({ id: 'ImportReport' });

export const ndjson = 'application/x-ndjson';

/**
 * CSV upload (the console's import page): the request body (text/csv) is streamed into the same
 * import as `ordo import <kind>` — never buffered whole — and answered with the report (rows,
 * created, updated, rejected lines with their line numbers and reasons).
 *
 * With `Accept: application/x-ndjson` the answer is a stream of JSON lines instead, so a client can show
 * the rows applied on the server: `{"progress":{"rows":…,"bytes":…}}` as the import goes (every 100
 * rows; per batch for orders), then `{"report":{…}}`. The stream starts with the first progress line:
 * an error before it (a header without a required column) is the ordinary problem+json answer; one
 * after it ends the stream with `{"problem":{…}}`.
 */
export const importCsvRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.addContentTypeParser('text/csv', (_req, payload, done) => done(null, payload));
    app.post('/imports/:kind', {
      config: { roles: access.importsWrite },
      schema: {
        tags: ['exports'],
        summary: 'Import a CSV file (products, inventory counts, customers, orders) sent as text/csv; dryRun=true checks without writing',
        description: 'With `Accept: application/x-ndjson` the answer streams JSON lines: `{"progress":{"rows","bytes"}}` while rows are applied, then `{"report":…}` (or `{"problem":…}` on a failure after the first progress line).',
        params: z.object({ kind: z.enum(importKinds) }),
        querystring: z.object({ dryRun: z.enum(['true', 'false']).default('false') }),
        response: { 200: reportSchema, ...errorResponses },
      },
      handler: async (req, reply) => {
        const source = req.body as Readable | undefined;
        if (!source || typeof (source as Readable).pipe !== 'function') throw new AppError('unsupported_media_type', 'Send the file as text/csv', { errors: [{ path: '(body)', message: 'must be text/csv' }] });
        const run = (onProgress?: (bytes: number, rows: number) => void | Promise<void>) =>
          importCsv({ ...deps, actor: req.actor, requestId: req.id }, { kind: req.params.kind, source, dryRun: req.query.dryRun === 'true', onProgress });
        if (!req.headers.accept?.includes(ndjson)) return run();
        const out = new PassThrough();
        let started = false;
        const line = (o: object) => {
          // A Readable is sent as is (no response serialization), like the CSV exports.
          if (!started) void reply.type(`${ndjson}; charset=utf-8`).send(out as never);
          started = true;
          out.write(`${JSON.stringify(o)}\n`);
        };
        try {
          // After each progress line the import waits one turn of the event loop (setImmediate runs after
          // I/O), so the line reaches the socket while the import goes on, even on the embedded database.
          line({ report: await run((bytes, rows) => (line({ progress: { rows, bytes } }), new Promise<void>((r) => setImmediate(r)))) });
        } catch (e) {
          if (!started) throw e;
          req.log.error({ err: e }, 'import failed after its progress was sent');
          line({ problem: toProblem(e instanceof AppError && e.status < 500 ? e : new AppError('internal', 'An unexpected error occurred; it has been logged with the request id'), req.url, req.id) });
        }
        out.end();
        return reply;
      },
    });
  };
