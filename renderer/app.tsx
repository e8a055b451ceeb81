import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import type { SessionState } from '../shared/models/account';
import { useBridge, useTransport } from './bridge/bridge-context';
import { useAccount } from './account/account-context';
import { AccountChip } from './account/account-chip';
import { SessionBanner } from './account/session-banner';
import { ConnectionBanner } from './shell/connection-banner';
import { DropOverlay } from './shell/drop-overlay';
import { useMenuPicks } from './views/library/add-buttons';
import { Sidebar, type ViewId } from './shell/sidebar';
import { useTheme } from './shell/theme';
import type { DroppedItem } from './shell/dropped-items';
import { LibraryView } from './views/library/library-view';
import { QueueView } from './views/queue/queue-view';
import { useQueue } from './stores/queue-context';
import { useLibrarySources } from './views/library/use-library-sources';
import { WindowEffects } from './shell/window-effects';

// History (with zod, for its storage summary) and Settings are not what the app opens on for an
// artist: their code loads when first shown, so the Library's first paint parses less.
const HistoryView = lazy(() =>
  import('./views/history/history-view').then((m) => ({ default: m.HistoryView })),
);
const SettingsView = lazy(() =>
  import('./views/settings/settings-view').then((m) => ({ default: m.SettingsView })),
);

/** Where the app opens: signed in → the Library; anything else → Settings → Account to sign in. */
function landing(state: SessionState): ViewId {
  return state.status === 'signed-in' ? 'library' : 'settings';
}

/** The app frame: sidebar navigation, the current view, and the window-wide drop target. */
export function App() {
  const bridge = useBridge();
  const transport = useTransport();
  const { state } = useAccount();
  const [chosen, setView] = useState<ViewId | null>(null);
  const [theme, setTheme] = useTheme();
  // The queue is app-wide (sidebar badge, Library results, Queue view); each added source with
  // a path goes to queue.add (the catalog will later read the same sources for thumbnails).
  const queue = useQueue();
  const library = useLibrarySources(queue.add);

  // Signing out (here or because the keychain entry went away) leads back to the sign-in form.
  // The landing is decided once, by the first answer; a session ending later does not yank
  // the person away from their view (the banner offers the way back to sign-in).
  const previous = useRef(state?.status);
  useEffect(() => {
    const before = previous.current;
    previous.current = state?.status;
    if (!state) return;
    if (before === undefined) setView((v) => v ?? landing(state));
    else if (state.status === 'signed-out' && before !== 'signed-out') setView('settings');
  }, [state]);

  // Every view is everyone's: staff see every artist in History, an artist their own folder
  // (read-only). Until the core says who is signed in, show no view rather than flash the wrong one;
  // a page that cannot reach a core at all shows the Library under its banner.
  const view: ViewId | null = chosen ?? (state ? landing(state) : transport === 'refused' ? 'library' : null);

  const add = (items: readonly DroppedItem[]) => {
    library.add(items);
    setView('library');
  };
  useMenuPicks(add);
  const remove = library.remove;
  const signedIn = (next: SessionState) => {
    if (next.status === 'signed-in') setView(next.profile.role === 'staff' ? 'history' : 'library');
  };

  return (
    <div className="app" data-host={bridge.kind} data-account={state?.status ?? 'unknown'}>
      <Sidebar
        current={view}
        onSelect={setView}
        badges={{ library: library.sources.length || undefined, queue: queue.totals.active || undefined }}
        account={<AccountChip onOpen={() => setView('settings')} />}
      />
      <main className="content" data-testid={view ? `view-${view}` : 'view-none'}>
        <ConnectionBanner />
        {view !== 'settings' ? <SessionBanner onSignIn={() => setView('settings')} /> : null}
        {view === 'library' && (
          <LibraryView
            sources={library.sources}
            hostKind={bridge.kind}
            onAdd={add}
            onRemove={remove}
            onOpenQueue={() => setView('queue')}
          />
        )}
        {view === 'queue' && (
          <QueueView
            queue={queue}
            onGoToLibrary={() => setView('library')}
            onSignIn={() => setView('settings')}
          />
        )}
        {/* One boundary per lazy view: a view whose code is still loading shows nothing, never the view left behind. */}
        {view === 'history' && (
          <Suspense fallback={null}>
            <HistoryView />
          </Suspense>
        )}
        {view === 'settings' && (
          <Suspense fallback={null}>
            <SettingsView theme={theme} onTheme={setTheme} onSignedIn={signedIn} />
          </Suspense>
        )}
      </main>
      <DropOverlay onDrop={add} pathForFile={bridge.pathForFile} />
      <WindowEffects totals={queue.totals} />
    </div>
  );
}
