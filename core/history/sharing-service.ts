import { CopperError } from '../../shared/errors';
import { sharePath } from '../../shared/http/api-routes';
import type { ApiShare } from '../../shared/http/api-schemas';
import type { GalleryShare, VersionLabels } from '../../shared/models/history';
import type { ApiClient } from '../credentials/api-client';

/** Runs a call with the Copper API client and the session token (SessionService.withToken). */
export type WithApi = <T>(fn: (api: ApiClient, token: string) => Promise<T>) => Promise<T>;

/** The full link to hand out: the API's address plus `/s/<id>`. */
export function toGalleryShare(apiUrl: string, s: ApiShare): GalleryShare {
  return { ...s, url: `${apiUrl}${sharePath(s.id)}` };
}

/**
 * Share links and version labels, kept by the Copper API for the signed-in person (the API
 * checks each key is within their prefix; S3 is not involved here). Without a session (direct
 * mode) there is nowhere to keep them: `sharing.needs-api`, in words.
 */
export class SharingService {
  constructor(private readonly withApi: WithApi | undefined) {}

  createShare(key: string, versionId: string, expiresInSeconds: number): Promise<GalleryShare> {
    return this.api(async (api, token) =>
      toGalleryShare(api.apiUrl, await api.createShare(token, { key, versionId, expiresInSeconds })),
    );
  }

  /** One artwork's links, or (no key) every link under the person's prefix; newest first. */
  listShares(key?: string): Promise<GalleryShare[]> {
    return this.api(async (api, token) =>
      (await api.listShares(token, key === undefined ? {} : { key })).map((s) =>
        toGalleryShare(api.apiUrl, s),
      ),
    );
  }

  revokeShare(id: string): Promise<GalleryShare> {
    return this.api(async (api, token) => toGalleryShare(api.apiUrl, await api.revokeShare(token, id)));
  }

  /** Every labelled version of one key. */
  labels(key: string): Promise<VersionLabels[]> {
    return this.api((api, token) => api.listLabels(token, { key }));
  }

  setLabels(key: string, versionId: string, labels: readonly string[], note: string): Promise<VersionLabels> {
    return this.api((api, token) => api.setLabels(token, { key, versionId, labels: [...labels], note }));
  }

  /** Every version under `prefix` that carries `label` ("every print master under this artist"), or any label. */
  findLabel(prefix: string, label?: string): Promise<VersionLabels[]> {
    return this.api((api, token) => api.listLabels(token, { prefix, ...(label ? { label } : {}) }));
  }

  private api<T>(fn: (api: ApiClient, token: string) => Promise<T>): Promise<T> {
    if (!this.withApi)
      return Promise.reject(
        new CopperError(
          'sharing.needs-api',
          'Share links and labels are kept by the Copper API: sign in (not direct mode) to use them.',
          false,
        ),
      );
    return this.withApi(fn);
  }
}
