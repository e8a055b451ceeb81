import type { IncomingMessage } from 'node:http';

/** What a route handler gets: the request, its id and the client address. */
export interface RequestContext {
  readonly req: IncomingMessage;
  readonly requestId: string;
  readonly ip: string;
  /** Filled by handlers that authenticate, for the request log line. */
  userId?: string;
  /** The path's parameters (`/s/:id` → `{ id }`), filled by the router's match. */
  params?: Readonly<Record<string, string>>;
}

/** A handler's answer; `body` undefined means no body (204). */
export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** An HTML page instead of JSON (the share link's "gone" page); `body` is ignored then. */
  readonly html?: string;
}

/** One route handler. */
export type Handler = (ctx: RequestContext) => Promise<Reply>;

/** The result of matching a request: a handler, a path with other methods (405) or nothing (404). */
export type Match =
  | {
      readonly kind: 'found';
      readonly route: string;
      readonly handler: Handler;
      readonly params?: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'method-not-allowed'; readonly route: string; readonly allow: readonly string[] }
  | { readonly kind: 'not-found' };

// A path's last segment may be a parameter (`/s/:id`): it matches one non-empty segment of
// URL-safe characters, nothing with a slash or an escape in it.
const PARAM_SEGMENT = /^[A-Za-z0-9_-]{1,128}$/;

/** A tiny router: fixed paths, plus paths whose last segment is a parameter (`/s/:id`). */
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
    let route = path;
    let params: Record<string, string> | undefined;
    let byMethod = this.routes.get(path);
    if (!byMethod) {
      const cut = path.lastIndexOf('/');
      const value = path.slice(cut + 1);
      const pattern = [...this.routes.keys()].find(
        (p) => p.startsWith(path.slice(0, cut + 1) + ':') && !p.slice(cut + 1).includes('/'),
      );
      if (!pattern || !PARAM_SEGMENT.test(value)) return { kind: 'not-found' };
      route = pattern;
      params = { [pattern.slice(cut + 2)]: value };
      byMethod = this.routes.get(pattern)!;
    }
    const handler = byMethod.get(method) ?? (method === 'HEAD' ? byMethod.get('GET') : undefined);
    if (!handler) return { kind: 'method-not-allowed', route, allow: [...byMethod.keys()] };
    return { kind: 'found', route, handler, ...(params ? { params } : {}) };
  }
}
