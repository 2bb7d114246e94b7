import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type FieldError, toProblem } from '../errors.js';
import { isQueryError } from '../logger.js';

/** Postgres error codes that mean the client raced another writer and may retry. */
const retryable = new Set(['40001', '40P01']);

function fieldErrors(err: { validation: Array<{ instancePath: string; message?: string }>; validationContext?: string }): FieldError[] {
  const ctx = err.validationContext && err.validationContext !== 'body' ? `${err.validationContext}.` : '';
  return err.validation.map((v) => ({
    path: ctx + v.instancePath.replace(/^\//, '').replaceAll('/', '.') || (ctx ? ctx.slice(0, -1) : '(body)'),
    message: v.message ?? 'is invalid',
  }));
}

function toAppError(err: FastifyError & { code?: string }): AppError {
  if (err instanceof AppError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const errors = fieldErrors(err as never);
    return new AppError('validation_failed', `Invalid ${errors.map((e) => e.path).join(', ')}`, { errors });
  }
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new AppError('payload_too_large', 'The request body is larger than the limit');
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new AppError('unsupported_media_type', 'Send JSON with Content-Type: application/json');
  if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (err instanceof SyntaxError && err.statusCode === 400)) {
    return new AppError('validation_failed', 'The body is not valid JSON', { errors: [{ path: '(body)', message: err.message }] });
  }
  // Class 22 (data exception: a value PostgreSQL cannot take, e.g. out-of-range date, NUL byte, bad
  // number) is bad input that got past validation: a 400, never a 500. The value is not echoed.
  const dbCode = err.code ?? (err.cause as { code?: unknown } | undefined)?.code;
  if (typeof dbCode === 'string' && /^22[0-9A-Z]{3}$/.test(dbCode)) {
    return new AppError('validation_failed', 'A value in the request is out of range or not valid for its type', { errors: [{ path: '(request)', message: `rejected by the database (SQLSTATE ${dbCode})` }] });
  }
  if (err.statusCode === 429) return new AppError('rate_limited', 'Too many requests; slow down and retry later');
  if (typeof dbCode === 'string' && retryable.has(dbCode)) return new AppError('conflict', 'A concurrent update interfered; retry the request', { retryable: true });
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return new AppError('validation_failed', err.message);
  return new AppError('internal', 'An unexpected error occurred; it has been logged with the request id');
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const appErr = toAppError(err);
    if (appErr.status >= 500) {
      req.log.error({ err, serialization: isResponseSerializationError(err) ? err.cause.issues : undefined }, 'request failed');
    } else if (isQueryError(err)) {
      req.log.warn({ err, code: appErr.code }, 'request refused by the database');
    } else {
      req.log.info({ code: appErr.code, detail: appErr.message }, 'request refused');
    }
    void reply
      .code(appErr.status)
      .type('application/problem+json')
      .send(toProblem(appErr, req.url, req.id));
  });
  app.setNotFoundHandler((req, reply) => {
    void reply
      .code(404)
      .type('application/problem+json')
      .send(toProblem(new AppError('not_found', `No route ${req.method} ${req.url.split('?')[0]}`), req.url, req.id));
  });
}
