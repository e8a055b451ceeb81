import { useEffect, useRef, useState } from 'react';
import type { Artwork, DeletedArtwork } from '../../../shared/models/bucket';
import type { CopperError } from '../../../shared/errors';
import { useAccount } from '../../account/account-context';
import { useBridge, useCall } from '../../bridge/bridge-context';
import { toCopperError } from '../../bridge/bridge-error';
import { EmptyState } from '../../components/empty-state';
import { FolderIcon, VersionsIcon } from '../../components/icons';
import { ViewHeader } from '../../components/view-header';
import { ArtworkList } from './artwork-list';
import { Breadcrumb } from './breadcrumb';
import { VersionPanel } from './version-panel';
import { AsOfDialog } from './as-of-dialog';
import { StorageSummary } from './storage-summary';
import { useHistoryRole, type HistoryRole } from './history-role';
import './history.css';

/**
 * History: walk the bucket folder by folder, open an artwork's version history, download,
 * share or compare versions; staff also restore versions and folders, undo deletes and label.
 * An artist starts at their own folder (no level above it) and sees no staff-only action.
 * Each account gets a fresh browser state, so nothing of one person's navigation shows to the next.
 */
export function HistoryView() {
  const { state } = useAccount();
  const role = useHistoryRole();
  const who = state?.status === 'signed-in' ? state.profile.email : undefined;
  const subtitle = role.artist
    ? 'Every version of your artworks that the gallery holds.'
    : 'Every version of every artwork in the gallery’s bucket.';
  return (
    <div className="view">
      <ViewHeader title="History" subtitle={subtitle} />
      {state && state.status !== 'signed-in' ? (
        <div className="view__body view__body--center">
          <EmptyState
            icon={<VersionsIcon size={34} />}
            title={
              state.status === 'session-expired' ? 'Your session has ended' : 'Sign in to see the history'
            }
          >
            <p>
              History shows every version the gallery’s bucket holds: every artist’s for gallery staff, your
              own for an artist. Sign in in Settings → Account to browse it.
            </p>
          </EmptyState>
        </div>
      ) : (
        <HistoryBrowser key={who ?? 'unknown'} role={role} />
      )}
    </div>
  );
}

function HistoryBrowser({ role }: { role: HistoryRole }) {
  const bridge = useBridge();
  const [prefix, setPrefix] = useState<string>();
  const [selected, setSelected] = useState<string>();
  const [showDeleted, setShowDeleted] = useState(false);
  const [asOf, setAsOf] = useState(false);
  const [more, setMore] = useState<{ artworks: Artwork[]; folders: string[]; nextToken?: string }>();
  const [loadingMore, setLoadingMore] = useState(false);
  const page = useCall('history.list', prefix !== undefined ? { prefix } : {});
  const listed = page.data?.prefix ?? prefix ?? '';
  const deleted = useDeleted(showDeleted, page.data ? listed : undefined);

  // A new level (or a reload) starts again from its first page.
  useEffect(() => {
    setMore(undefined);
  }, [page.data]);
  // The folder row that opened this level is gone: focus goes to the level's first entry, so the
  // keyboard carries on from there instead of from the top of the page.
  const list = useRef<HTMLElement>(null);
  useEffect(() => {
    const lost = !document.activeElement || document.activeElement === document.body;
    if (page.data && lost) list.current?.querySelector<HTMLElement>('.artwork-list button')?.focus();
  }, [page.data]);

  const open = (next: string) => {
    setPrefix(next);
    setSelected(undefined);
  };
  const refresh = () => {
    page.reload();
    deleted.reload();
  };
  const nextToken = more ? more.nextToken : page.data?.nextToken;
  const loadMore = async () => {
    if (!nextToken) return;
    setLoadingMore(true);
    try {
      const next = await bridge.invoke('history.list', { prefix: listed, pageToken: nextToken });
      setMore((m) => ({
        artworks: [...(m?.artworks ?? []), ...next.artworks],
        folders: [...(m?.folders ?? []), ...next.folders],
        ...(next.nextToken ? { nextToken: next.nextToken } : {}),
      }));
    } catch (err) {
      console.warn('history.list (more) failed', toCopperError(err).message);
    } finally {
      setLoadingMore(false);
    }
  };

  const folders = [...(page.data?.folders ?? []), ...(more?.folders ?? [])];
  const artworks = [...(page.data?.artworks ?? []), ...(more?.artworks ?? [])];
  // Deleted keys directly at this level (the listing itself never shows them).
  const deletedHere = (deleted.data ?? []).filter(
    (d) => d.key.startsWith(listed) && !d.key.slice(listed.length).includes('/'),
  );
  const empty = page.data && folders.length === 0 && artworks.length === 0 && deletedHere.length === 0;

  return (
    <div className="view__body history">
      <div className="history__toolbar">
        {page.data ? (
          <Breadcrumb
            root={page.data.root}
            prefix={listed}
            onOpen={open}
            {...(role.artist ? { rootLabel: 'My artworks' } : {})}
          />
        ) : (
          <span className="muted">Opening the bucket…</span>
        )}
        <div className="history__toolbar-actions">
          <label className="toggle">
            <input
              type="checkbox"
              checked={showDeleted}
              onChange={(e) => setShowDeleted(e.target.checked)}
              data-testid="show-deleted"
            />
            <span>Show deleted</span>
          </label>
          <button
            type="button"
            className="button button--ghost button--small"
            disabled={!page.data}
            onClick={() => setAsOf(true)}
            data-testid="history-as-of"
          >
            As of…
          </button>
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={refresh}
            aria-label="Refresh the listing"
            data-testid="history-refresh"
          >
            Refresh
          </button>
        </div>
      </div>
      {page.data ? (
        <StorageSummary
          prefix={listed}
          {...(selected ? { selectedKey: selected } : {})}
          withCost={!role.artist}
          {...(role.artist && listed === page.data.root ? { label: 'My artworks' } : {})}
        />
      ) : null}
      {asOf && page.data ? (
        <AsOfDialog
          prefix={listed}
          onClose={() => setAsOf(false)}
          {...(role.artist ? {} : { onRestored: refresh })}
        />
      ) : null}
      <div className="history__panes">
        <section className="panel history-browser" aria-label="Bucket contents" ref={list}>
          {page.error && !page.data ? (
            <div className="history-panel-state">
              <p
                className="notice notice--bad"
                role="alert"
                data-testid="history-error"
                data-code={page.error.code}
              >
                {listError(page.error.code, page.error.message)}
              </p>
              <button type="button" className="button button--secondary button--small" onClick={page.reload}>
                Try again
              </button>
            </div>
          ) : !page.data ? (
            <div className="history-panel-state muted">
              <span className="spinner" aria-hidden="true" /> Listing…
            </div>
          ) : empty ? (
            <div className="history-panel-state">
              <EmptyState icon={<FolderIcon size={28} />} title="Nothing here yet">
                <p>
                  {listed !== page.data.root
                    ? 'This folder is empty.'
                    : role.artist
                      ? 'Nothing of yours is in the gallery’s bucket yet: upload from the Library.'
                      : 'No artist has uploaded anything yet.'}
                  {showDeleted ? '' : ' Deleted artworks are hidden: tick “Show deleted” to see them.'}
                </p>
              </EmptyState>
            </div>
          ) : (
            <>
              <ArtworkList
                folders={folders}
                artworks={artworks}
                deleted={showDeleted ? deletedHere : undefined}
                selectedKey={selected}
                onOpenFolder={open}
                onSelect={setSelected}
              />
              {nextToken ? (
                <div className="history-browser__more">
                  <button
                    type="button"
                    className="button button--ghost button--small"
                    disabled={loadingMore}
                    onClick={() => void loadMore()}
                  >
                    {loadingMore ? 'Loading…' : 'Show more'}
                  </button>
                </div>
              ) : null}
              {deleted.error && showDeleted ? (
                <p className="history-browser__foot notice notice--bad">
                  Couldn’t list deleted artworks: {deleted.error.message}
                </p>
              ) : null}
            </>
          )}
        </section>
        {selected ? (
          <VersionPanel objectKey={selected} onChanged={refresh} readOnly={role.artist} />
        ) : (
          <section
            className="panel history-versions history-versions--empty"
            data-testid="version-panel-empty"
          >
            <EmptyState icon={<VersionsIcon size={30} />} title="No artwork selected">
              <p>
                Open a folder and pick an artwork to see each version with its date, size and who uploaded it.
                {role.artist
                  ? ' Compare two side by side, download one or copy a share link.'
                  : ' Compare two side by side, restore an older one or copy a share link.'}
              </p>
            </EmptyState>
          </section>
        )}
      </div>
    </div>
  );
}

/** `history.deleted` for the current level, only while “Show deleted” is on. */
function useDeleted(enabled: boolean, prefix: string | undefined) {
  const bridge = useBridge();
  const [data, setData] = useState<DeletedArtwork[]>();
  const [error, setError] = useState<CopperError>();
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (!enabled || prefix === undefined) {
      setData(undefined);
      return;
    }
    let live = true;
    bridge.invoke('history.deleted', { prefix }).then(
      (d) => {
        if (live) {
          setData(d);
          setError(undefined);
        }
      },
      (err: unknown) => {
        if (live) setError(toCopperError(err));
      },
    );
    return () => {
      live = false;
    };
  }, [bridge, enabled, prefix, generation]);
  return { data, error, reload: () => setGeneration((g) => g + 1) };
}

function listError(code: string, message: string): string {
  if (code === 'access-denied') return `Your account may not list this folder. ${message}`;
  if (code === 'network' || code === 'network.offline')
    return `Can’t reach the bucket right now — check the connection and try again. (${message})`;
  return message;
}
