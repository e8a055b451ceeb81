import type { Handlers } from '../ipc/dispatch';
import type { HistoryService } from './history-service';
import { SharingService } from './sharing-service';

/** What the `history.*` handlers need. */
export interface HistoryHandlerDeps {
  readonly history: HistoryService;
  /** Share links and labels at the Copper API; without it those calls answer `sharing.needs-api`. */
  readonly sharing?: SharingService;
}

type HistoryCalls =
  | 'history.list'
  | 'history.versions'
  | 'history.restore'
  | 'history.undelete'
  | 'history.deleted'
  | 'history.link'
  | 'history.download'
  | 'history.preview'
  | 'history.region'
  | 'history.as-of'
  | 'history.restore-folder'
  | 'history.share-create'
  | 'history.share-list'
  | 'history.share-revoke'
  | 'history.labels'
  | 'history.label-set'
  | 'history.label-find'
  | 'history.usage';

/**
 * The `history.*` calls: payloads are already validated by the contract's schemas (key
 * length, no control characters, version-id shape, link lifetime 60 s – 7 days), and S3
 * itself enforces what the signed-in person may read or restore.
 */
export function historyHandlers(deps: HistoryHandlerDeps): Pick<Handlers, HistoryCalls> {
  const { history } = deps;
  const sharing = deps.sharing ?? new SharingService(undefined);
  return {
    'history.list': ({ prefix, pageToken }) => history.list(prefix, pageToken),
    'history.versions': ({ key }) => history.versions(key),
    'history.restore': ({ key, versionId }) => history.restore(key, versionId),
    'history.undelete': ({ key }) => history.undelete(key),
    'history.deleted': ({ prefix }) => history.deleted(prefix),
    'history.link': ({ key, versionId, expiresInSeconds }) => history.link(key, expiresInSeconds, versionId),
    'history.download': ({ key, versionId }) => history.download(key, versionId),
    'history.preview': ({ key, versionId }) => history.preview(key, versionId),
    'history.region': ({ key, versionId, ...rect }) => history.region(key, versionId, rect),
    'history.as-of': ({ prefix, at, pageToken }) => history.asOf(prefix, new Date(at), pageToken),
    'history.restore-folder': ({ prefix, at }) => history.restoreFolder(prefix, new Date(at)),
    'history.share-create': ({ key, versionId, expiresInSeconds }) =>
      sharing.createShare(key, versionId, expiresInSeconds),
    'history.share-list': ({ key }) => sharing.listShares(key),
    'history.share-revoke': ({ id }) => sharing.revokeShare(id),
    'history.labels': ({ key }) => sharing.labels(key),
    'history.label-set': ({ key, versionId, labels, note }) =>
      sharing.setLabels(key, versionId, labels, note),
    'history.label-find': ({ prefix, label }) => sharing.findLabel(prefix, label),
    'history.usage': ({ prefix, refresh }) => history.usage(prefix, refresh === true),
  };
}
