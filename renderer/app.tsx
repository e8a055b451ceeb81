import { useState } from 'react';
import { useBridge } from './bridge/bridge-context';
import { ConnectionBanner } from './shell/connection-banner';
import { DropOverlay } from './shell/drop-overlay';
import { Sidebar, type ViewId } from './shell/sidebar';
import { useTheme } from './shell/theme';
import type { DroppedItem } from './shell/dropped-items';
import { LibraryView } from './views/library/library-view';
import { QueueView } from './views/queue/queue-view';
import { HistoryView } from './views/history/history-view';
import { SettingsView } from './views/settings/settings-view';

/** The app frame: sidebar navigation, the current view, and the window-wide drop target. */
export function App() {
  const bridge = useBridge();
  const [view, setView] = useState<ViewId>('library');
  const [theme, setTheme] = useTheme();
  // Added sources live here until the catalog service owns them (then: a call + an event).
  const [sources, setSources] = useState<readonly DroppedItem[]>([]);

  const add = (items: readonly DroppedItem[]) => {
    setSources((prev) => [...prev, ...items]);
    setView('library');
  };
  const remove = (id: string) => setSources((prev) => prev.filter((s) => s.id !== id));

  return (
    <div className="app" data-host={bridge.kind}>
      <Sidebar current={view} onSelect={setView} badges={{ library: sources.length || undefined }} />
      <main className="content" data-testid={`view-${view}`}>
        <ConnectionBanner />
        {view === 'library' && <LibraryView sources={sources} hostKind={bridge.kind} onAdd={add} onRemove={remove} />}
        {view === 'queue' && <QueueView onGoToLibrary={() => setView('library')} />}
        {view === 'history' && <HistoryView />}
        {view === 'settings' && <SettingsView theme={theme} onTheme={setTheme} />}
      </main>
      <DropOverlay onDrop={add} pathForFile={bridge.pathForFile} />
    </div>
  );
}
