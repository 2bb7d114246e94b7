import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../platform/context.js';
import { access } from '../platform/auth/roles.js';
import { AppError } from '../platform/errors.js';
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

/**
 * CSV upload (the console's import page): the request body (text/csv) is streamed into the same
 * import as `ordo import <kind>` — never buffered whole — and answered with the report (rows,
 * created, updated, rejected lines with their line numbers and reasons).
 */
export const importCsvRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.addContentTypeParser('text/csv', (_req, payload, done) => done(null, payload));
    app.post('/imports/:kind', {
      config: { roles: access.importsWrite },
      schema: {
        tags: ['exports'],
        summary: 'Import a CSV file (products, inventory counts, customers) sent as text/csv; dryRun=true checks without writing',
        params: z.object({ kind: z.enum(importKinds) }),
        querystring: z.object({ dryRun: z.enum(['true', 'false']).default('false') }),
        response: { 200: reportSchema, ...errorResponses },
      },
      handler: async (req) => {
        const source = req.body as Readable | undefined;
        if (!source || typeof (source as Readable).pipe !== 'function') throw new AppError('unsupported_media_type', 'Send the file as text/csv', { errors: [{ path: '(body)', message: 'must be text/csv' }] });
        return importCsv({ ...deps, actor: req.actor, requestId: req.id }, { kind: req.params.kind, source, dryRun: req.query.dryRun === 'true' });
      },
    });
  };
