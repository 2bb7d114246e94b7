/**
 * Types for the console session endpoints (/api/v1/auth/*), which the server keeps out of the OpenAPI
 * document on purpose (that document describes the API-key API). Written from the agreed contract in
 * the shape openapi-typescript generates; `Paths` in client.ts prefers generated types for any path
 * the spec does have, so nothing here can shadow the real schema.
 */
import type { components } from './schema';

type Problem = components['schemas']['Problem'];
type Json<T> = { headers: { [name: string]: unknown }; content: { 'application/json': T } };
type NoContent = { headers: { [name: string]: unknown }; content?: never };
type Problems = { [S in 400 | 401 | 403 | 404 | 409 | 422 | 429]: Json<Problem> };
type NoParams = { query?: never; header?: never; path?: never; cookie?: never };
type Unused = { get?: never; put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never };
/** One operation in the shape openapi-typescript generates. */
type Op<P, B, R> = { parameters: P; responses: R & Problems } & (B extends undefined ? { requestBody?: never } : { requestBody: { content: { 'application/json': B } } });
type PathOf<T> = { query?: never; header?: never; path: T; cookie?: never };

export type Role = 'admin' | 'manager' | 'support' | 'warehouse' | 'integration' | 'read-only';
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}
export interface Session {
  user: SessionUser;
  csrfToken: string;
}
/** Console users and the dashboard report are in the OpenAPI document: use the generated types. */
export type ConsoleUser = components['schemas']['User'];
export type Dashboard = components['schemas']['Dashboard'];

export type SessionPaths = {
  '/api/v1/auth/login': { parameters: NoParams } & Omit<Unused, 'post'> & { post: Op<NoParams, { email: string; password: string }, { 200: Json<Session> }> };
  '/api/v1/auth/logout': { parameters: NoParams } & Omit<Unused, 'post'> & { post: Op<NoParams, undefined, { 204: NoContent }> };
  '/api/v1/auth/session': { parameters: NoParams } & Omit<Unused, 'get'> & { get: Op<NoParams, undefined, { 200: Json<Session> }> };
  '/api/v1/auth/password': { parameters: NoParams } & Omit<Unused, 'post'> & {
    post: Op<NoParams, { currentPassword: string; newPassword: string }, { 204: NoContent }>;
  };
  '/api/v1/auth/password-reset': { parameters: NoParams } & Omit<Unused, 'post'> & { post: Op<NoParams, { email: string }, { 202: NoContent }> };
  '/api/v1/auth/password-reset/confirm': { parameters: NoParams } & Omit<Unused, 'post'> & {
    post: Op<NoParams, { token: string; newPassword: string }, { 204: NoContent }>;
  };
};
