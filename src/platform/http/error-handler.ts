import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type FieldError, toProblem } from '../errors.js';

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
  if (err.statusCode === 429) return new AppError('rate_limited', 'Too many requests; slow down and retry later');
  if (err.code && retryable.has(err.code)) return new AppError('conflict', 'A concurrent update interfered; retry the request', { retryable: true });
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return new AppError('validation_failed', err.message);
  return new AppError('internal', 'An unexpected error occurred; it has been logged with the request id');
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const appErr = toAppError(err);
    if (appErr.status >= 500) {
      req.log.error({ err, serialization: isResponseSerializationError(err) ? err.cause.issues : undefined }, 'request failed');
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
