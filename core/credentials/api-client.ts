import { CopperError } from '../../shared/errors';
import { apiRoutes, type ApiRoute, type RequestOf, type ResponseOf } from '../../shared/http/api-routes';
import type {
  ApiCredentials,
  ApiHealth,
  ApiPresigned,
  ApiProfile,
  ApiSession,
  PresignRequest,
  ApiShare,
  ApiVersionLabels,
  LabelListRequest,
  LabelSetRequest,
  ShareCreateRequest,
  ShareListRequest,
} from '../../shared/http/api-schemas';
import { normalizeApiUrl } from './api-url';
import { ApiError, httpError, networkError, type RequestKind } from './api-errors';

/** How the API client reaches the network; injectable so the CLI or a test can shape it. */
export interface ApiClientOptions {
  readonly fetch?: typeof fetch;
  /** Per-request timeout; a stalled API becomes a retryable `network.timeout`. */
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

interface RequestSpec<R extends ApiRoute> {
  readonly route: R;
  readonly kind: RequestKind;
  readonly token?: string;
  readonly body?: RequestOf<R>;
}

/**
 * Talks to one Copper API over fetch. Stateless: the session token is passed per call (the
 * caller reads it from the keychain), never stored here. Every failure is an `ApiError`
 * (a CopperError) with a code, words for a person and an honest retryable flag.
 */
export class ApiClient {
  /** The normalised API URL (https, or http on loopback). */
  readonly apiUrl: string;
  private readonly fetchFn: typeof fetch;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(apiUrl: string, options: ApiClientOptions = {}) {
    this.apiUrl = normalizeApiUrl(apiUrl);
    this.fetchFn = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.now = options.now ?? Date.now;
  }

  /** GET /healthz; throws `api.not-copper` when something else answers. */
  async health(): Promise<ApiHealth> {
    return this.request({ route: apiRoutes.health, kind: 'health' });
  }

  /** POST /v1/sessions. A 401 is `auth.invalid-credentials`, a 429 `auth.rate-limited`. */
  async createSession(email: string, password: string): Promise<ApiSession> {
    return this.request({ route: apiRoutes.signIn, kind: 'sign-in', body: { email, password } });
  }

  /** GET /v1/me: who the token belongs to. A 401 is `auth.session-expired`. */
  async me(token: string): Promise<ApiProfile> {
    const r = await this.request({ route: apiRoutes.me, kind: 'authed', token });
    return r.profile;
  }

  /** DELETE /v1/sessions/current: revokes the token at the API. */
  async deleteSession(token: string): Promise<void> {
    await this.request({ route: apiRoutes.signOut, kind: 'authed', token });
  }

  /**
   * POST /v1/credentials: a temporary S3 credential scoped to this person. Keep it in memory
   * only. `serverTime` (from the Date header) lets the caller judge the expiration against the
   * API's clock rather than a possibly wrong local one.
   */
  async credentials(token: string): Promise<ApiCredentials & { readonly serverTime?: number }> {
    let serverTime: number | undefined;
    const value = await this.request(
      { route: apiRoutes.credentials, kind: 'authed', token, body: {} },
      (h) => {
        const date = Date.parse(h.get('date') ?? '');
        if (!Number.isNaN(date)) serverTime = date;
      },
    );
    return serverTime === undefined ? value : { ...value, serverTime };
  }

  /** POST /v1/shares: a revocable share link (`/s/<id>`) for one exact version. */
  async createShare(token: string, req: ShareCreateRequest): Promise<ApiShare> {
    return (await this.request({ route: apiRoutes.shareCreate, kind: 'authed', token, body: req })).share;
  }

  /** POST /v1/shares/list: one key's links, or every link under a prefix (default: the person's). */
  async listShares(token: string, req: ShareListRequest): Promise<ApiShare[]> {
    return (await this.request({ route: apiRoutes.shareList, kind: 'authed', token, body: req })).shares;
  }

  /** POST /v1/shares/revoke: the link answers 410 Gone from now on. */
  async revokeShare(token: string, id: string): Promise<ApiShare> {
    return (await this.request({ route: apiRoutes.shareRevoke, kind: 'authed', token, body: { id } })).share;
  }

  /** POST /v1/labels: replaces one version's labels and note. */
  async setLabels(token: string, req: LabelSetRequest): Promise<ApiVersionLabels> {
    return (await this.request({ route: apiRoutes.labelSet, kind: 'authed', token, body: req })).labels;
  }

  /** POST /v1/labels/list: one key's labelled versions, or a label searched under a prefix. */
  async listLabels(token: string, req: LabelListRequest): Promise<ApiVersionLabels[]> {
    return (await this.request({ route: apiRoutes.labelList, kind: 'authed', token, body: req })).labels;
  }

  /** POST /v1/presign: a time-limited URL for one object (version). */
  async presign(token: string, req: PresignRequest): Promise<ApiPresigned> {
    return this.request({ route: apiRoutes.presign, kind: 'authed', token, body: req });
  }

  private async request<R extends ApiRoute>(
    spec: RequestSpec<R>,
    onHeaders?: (headers: Headers) => void,
  ): Promise<ResponseOf<R>> {
    const { route } = spec;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (spec.token) headers.authorization = `Bearer ${spec.token}`;
    if (spec.body !== undefined) headers['content-type'] = 'application/json';
    // A timer of our own, not AbortSignal.timeout(): that one is unref'd, and a fetch whose
    // connection was reset at the wrong moment can stay pending with nothing else alive, so a
    // CLI process would end mid-await (exit 13) instead of reporting a timeout. The timer also
    // covers reading the body.
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new DOMException('The request to the Copper API timed out.', 'TimeoutError')),
      this.timeoutMs,
    );
    let res: Response;
    let body: { ok: boolean; value: unknown };
    try {
      try {
        res = await this.fetchFn(`${this.apiUrl}${route.path}`, {
          method: route.method,
          headers,
          body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
          // Never follow a redirect with a password or token on board; say where it points instead.
          redirect: 'manual',
          signal: controller.signal,
        });
      } catch (err) {
        throw networkError(err, this.apiUrl);
      }
      body = await readJson(res, this.apiUrl);
    } finally {
      clearTimeout(timer);
    }
    if (!res.ok) throw httpError(spec.kind, res.status, body.value, res.headers, this.apiUrl, this.now());
    onHeaders?.(res.headers);
    if (!route.response) return undefined as ResponseOf<R>;
    const parsed = route.response.safeParse(body.value);
    if (!parsed.success) {
      if (spec.kind === 'health' || !body.ok) {
        throw new ApiError(
          'api.not-copper',
          `${this.apiUrl} answered, but not as a Copper API. Check the address your gallery gave you (for example https://copper-api.example.com).`,
          false,
          { status: res.status },
        );
      }
      throw new ApiError(
        'api.bad-response',
        `The Copper API at ${this.apiUrl} sent an answer this version of Copper does not understand (${route.method} ${route.path}). Update Copper or tell the gallery.`,
        false,
        { status: res.status },
      );
    }
    return parsed.data as ResponseOf<R>;
  }
}

/**
 * Largest answer read from an API: a Copper API's are under 4 KiB. The address is typed by a
 * person (or sent by the web host's page), so whatever answers there must not make the core
 * buffer an unbounded body.
 */
export const MAX_RESPONSE_BYTES = 64 * 1024;

async function readCapped(res: Response, limit: number): Promise<string> {
  const tooBig = () =>
    new ApiError(
      'api.not-copper',
      `The answer from ${res.url || 'the API'} is too large for a Copper API.`,
      false,
      {
        status: res.status,
      },
    );
  if (Number(res.headers.get('content-length') ?? 0) > limit) {
    await res.body?.cancel().catch(() => undefined);
    throw tooBig();
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooBig();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readJson(res: Response, apiUrl: string): Promise<{ ok: boolean; value: unknown }> {
  if (res.status === 204) return { ok: true, value: undefined };
  let text: string;
  try {
    text = await readCapped(res, MAX_RESPONSE_BYTES);
  } catch (err) {
    if (err instanceof CopperError) throw err;
    // The connection dropped mid-body: that is the network, not the API.
    throw networkError(err, apiUrl);
  }
  if (!text) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, value: undefined };
  }
}

/**
 * Checks that `url` is a Copper API before anyone types a password into it: validates the
 * URL, then GET /healthz. Resolves the normalised URL and the API's version; throws a
 * CopperError in words otherwise (`api.url-*`, `api.not-copper`, `network.*`).
 */
export async function checkApi(
  url: string,
  options: ApiClientOptions = {},
): Promise<{ apiUrl: string; version: string }> {
  const client = new ApiClient(url, options);
  try {
    const health = await client.health();
    return { apiUrl: client.apiUrl, version: health.version };
  } catch (err) {
    if (err instanceof CopperError) throw err;
    throw networkError(err, client.apiUrl);
  }
}
