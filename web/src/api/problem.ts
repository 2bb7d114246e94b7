import type { Problem } from './client';

/** A refused API call: the HTTP status and the RFC 9457 problem the server sent (or one made up for network errors). */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail || problem.title);
  }
  get fieldErrors(): Array<{ path: string; message: string }> {
    return this.problem.errors ?? [];
  }
}

const asProblem = (status: number, body: unknown): Problem => {
  if (body && typeof body === 'object' && 'title' in body) return body as Problem;
  return { type: 'about:blank', title: status >= 500 ? 'The server had a problem' : 'Request failed', status, detail: `HTTP ${status}`, code: 'unknown' };
};

/**
 * Turns an openapi-fetch result into its data or a thrown ApiError, so pages can `await` calls.
 * Example: `const order = await unwrap(api.GET('/api/v1/orders/{id}', { params: { path: { id } } }))`.
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let out: { data?: T; error?: unknown; response: Response };
  try {
    out = await call;
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, { type: 'about:blank', title: 'Cannot reach Ordo', status: 0, detail: 'Check your connection and try again.', code: 'network' });
  }
  if (out.response.ok) return out.data as T;
  throw new ApiError(out.response.status, asProblem(out.response.status, out.error));
}
