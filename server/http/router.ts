import type { IncomingMessage } from 'node:http';

/** What a route handler gets: the request, its id and the client address. */
export interface RequestContext {
  readonly req: IncomingMessage;
  readonly requestId: string;
  readonly ip: string;
  /** Filled by handlers that authenticate, for the request log line. */
  userId?: string;
}

/** A handler's answer; `body` undefined means no body (204). */
export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** One route handler. */
export type Handler = (ctx: RequestContext) => Promise<Reply>;

/** The result of matching a request: a handler, a path with other methods (405) or nothing (404). */
export type Match =
  | { readonly kind: 'found'; readonly route: string; readonly handler: Handler }
  | { readonly kind: 'method-not-allowed'; readonly route: string; readonly allow: readonly string[] }
  | { readonly kind: 'not-found' };

/** A tiny exact-path router: the API has a handful of fixed paths and no parameters. */
export class Router {
  private readonly routes = new Map<string, Map<string, Handler>>();

  on(method: string, path: string, handler: Handler): this {
    const byMethod = this.routes.get(path) ?? new Map<string, Handler>();
    byMethod.set(method, handler);
    this.routes.set(path, byMethod);
    return this;
  }

  /** Every bound `METHOD /path`, for checking the table against the contract. */
  *entries(): IterableIterator<string> {
    for (const [path, byMethod] of this.routes)
      for (const method of byMethod.keys()) yield `${method} ${path}`;
  }

  match(method: string, path: string): Match {
    const byMethod = this.routes.get(path);
    if (!byMethod) return { kind: 'not-found' };
    const handler = byMethod.get(method) ?? (method === 'HEAD' ? byMethod.get('GET') : undefined);
    if (!handler) return { kind: 'method-not-allowed', route: path, allow: [...byMethod.keys()] };
    return { kind: 'found', route: path, handler };
  }
}
