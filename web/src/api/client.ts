import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';
import type { SessionPaths } from './session-paths';

/** Generated paths win; the hand-written ones fill in endpoints the spec does not have yet. */
export type Paths = paths & Omit<SessionPaths, keyof paths>;
export type Schemas = components['schemas'];
export type Money = Schemas['Money'];
export type Problem = Schemas['Problem'];

let csrfToken: string | null = null;
/** The session's CSRF token, sent as `x-csrf-token` on every non-GET request. */
export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};
/** For requests made outside the typed client (an XMLHttpRequest upload with progress). */
export const getCsrfToken = () => csrfToken;

/** Fired when an API call outside /auth answers 401: the session has ended. */
export const UNAUTHENTICATED_EVENT = 'ordo:unauthenticated';

const sessionMiddleware: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && request.method !== 'HEAD' && csrfToken) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !new URL(request.url, window.location.origin).pathname.startsWith('/api/v1/auth/')) {
      window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT));
    }
    return response;
  },
};

export const api = createClient<Paths>({ baseUrl: window.location.origin, credentials: 'include' });
api.use(sessionMiddleware);
