import type { z } from 'zod';
import {
  credentialsSchema,
  labelAnswerSchema,
  labelListRequestSchema,
  labelListSchema,
  labelSetRequestSchema,
  shareAnswerSchema,
  shareCreateRequestSchema,
  shareListRequestSchema,
  shareListSchema,
  shareRevokeRequestSchema,
  emptyRequestSchema,
  healthSchema,
  meSchema,
  presignRequestSchema,
  presignedSchema,
  readinessSchema,
  sessionSchema,
  signInRequestSchema,
} from './api-schemas';

/** One route of the Copper API: where it is, what it takes and what it answers. */
export interface ApiRoute<
  Req extends z.ZodType | undefined = z.ZodType | undefined,
  Res extends z.ZodType | undefined = z.ZodType | undefined,
  Authed extends boolean = boolean,
> {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  /** The JSON body's schema; undefined for a route that takes no body. */
  readonly request: Req;
  /** The success answer's schema; undefined for 204 No Content. */
  readonly response: Res;
  /** The success status (302: a redirect, `/s/<id>`). */
  readonly status: 200 | 201 | 204 | 302;
  /** Needs `Authorization: Bearer <session token>`. */
  readonly authed: Authed;
}

function route<Req extends z.ZodType | undefined, Res extends z.ZodType | undefined, A extends boolean>(
  r: ApiRoute<Req, Res, A>,
): ApiRoute<Req, Res, A> {
  return r;
}

/**
 * The Copper API's HTTP contract: every route, declared once. The server binds a handler to
 * each (server/routes.ts); the desktop core's client calls them (core/credentials/api-client.ts).
 * Errors are `{ error: { code, message } }` with the status of the error that carries it
 * (shared/http/http-error.ts).
 */
export const apiRoutes = {
  health: route({
    method: 'GET',
    path: '/healthz',
    request: undefined,
    response: healthSchema,
    status: 200,
    authed: false,
  }),
  ready: route({
    method: 'GET',
    path: '/readyz',
    request: undefined,
    response: readinessSchema,
    status: 200,
    authed: false,
  }),
  signIn: route({
    method: 'POST',
    path: '/v1/sessions',
    request: signInRequestSchema,
    response: sessionSchema,
    status: 201,
    authed: false,
  }),
  me: route({
    method: 'GET',
    path: '/v1/me',
    request: undefined,
    response: meSchema,
    status: 200,
    authed: true,
  }),
  signOut: route({
    method: 'DELETE',
    path: '/v1/sessions/current',
    request: undefined,
    response: undefined,
    status: 204,
    authed: true,
  }),
  credentials: route({
    method: 'POST',
    path: '/v1/credentials',
    request: emptyRequestSchema,
    response: credentialsSchema,
    status: 200,
    authed: true,
  }),
  presign: route({
    method: 'POST',
    path: '/v1/presign',
    request: presignRequestSchema,
    response: presignedSchema,
    status: 200,
    authed: true,
  }),
  shareCreate: route({
    method: 'POST',
    path: '/v1/shares',
    request: shareCreateRequestSchema,
    response: shareAnswerSchema,
    status: 201,
    authed: true,
  }),
  shareList: route({
    method: 'POST',
    path: '/v1/shares/list',
    request: shareListRequestSchema,
    response: shareListSchema,
    status: 200,
    authed: true,
  }),
  shareRevoke: route({
    method: 'POST',
    path: '/v1/shares/revoke',
    request: shareRevokeRequestSchema,
    response: shareAnswerSchema,
    status: 200,
    authed: true,
  }),
  /**
   * Opening a share link (anyone, no sign-in): 302 to a fresh one-minute pre-signed GET of the
   * link's version; 404 / 410 Gone (revoked, expired) answer a small HTML page, not JSON.
   */
  shareOpen: route({
    method: 'GET',
    path: '/s/:id',
    request: undefined,
    response: undefined,
    status: 302,
    authed: false,
  }),
  labelSet: route({
    method: 'POST',
    path: '/v1/labels',
    request: labelSetRequestSchema,
    response: labelAnswerSchema,
    status: 200,
    authed: true,
  }),
  labelList: route({
    method: 'POST',
    path: '/v1/labels/list',
    request: labelListRequestSchema,
    response: labelListSchema,
    status: 200,
    authed: true,
  }),
} as const;

/** Where a share link lives under the API's address. */
export function sharePath(id: string): string {
  return `/s/${id}`;
}

/** A route's request body type (undefined when it takes none). */
export type RequestOf<R extends ApiRoute> = R['request'] extends z.ZodType
  ? z.infer<R['request']>
  : undefined;
/** A route's success body type (undefined for 204). */
export type ResponseOf<R extends ApiRoute> = R['response'] extends z.ZodType
  ? z.infer<R['response']>
  : undefined;
