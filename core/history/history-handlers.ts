import type { Handlers } from '../ipc/dispatch';
import type { HistoryService } from './history-service';

/** What the `history.*` handlers need. */
export interface HistoryHandlerDeps {
  readonly history: HistoryService;
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
  | 'history.restore-folder';

/**
 * The `history.*` calls: payloads are already validated by the contract's schemas (key
 * length, no control characters, version-id shape, link lifetime 60 s – 7 days), and S3
 * itself enforces what the signed-in person may read or restore.
 */
export function historyHandlers(deps: HistoryHandlerDeps): Pick<Handlers, HistoryCalls> {
  const { history } = deps;
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
  };
}
