import type { ReactNode } from 'react';
import { HistoryIcon, LibraryIcon, QueueIcon, SettingsIcon } from '../components/icons';
import { ConnectionIndicator } from './connection-indicator';

/** The four rooms of the app; each has its folder under renderer/views/. */
export type ViewId = 'library' | 'queue' | 'history' | 'settings';

const NAV: ReadonlyArray<{ id: ViewId; label: string; icon: ReactNode }> = [
  { id: 'library', label: 'Library', icon: <LibraryIcon /> },
  { id: 'queue', label: 'Queue', icon: <QueueIcon /> },
  { id: 'history', label: 'History', icon: <HistoryIcon /> },
];

function NavButton({
  id,
  label,
  icon,
  current,
  badge,
  onSelect,
}: {
  id: ViewId;
  label: string;
  icon: ReactNode;
  current: ViewId | null;
  badge?: number;
  onSelect(id: ViewId): void;
}) {
  const selected = current === id;
  return (
    <button
      type="button"
      className="nav-item"
      aria-current={selected ? 'page' : undefined}
      data-view={id}
      onClick={() => onSelect(id)}
    >
      <span className="nav-item__icon">{icon}</span>
      <span className="nav-item__label">{label}</span>
      {badge ? <span className="nav-item__badge">{badge}</span> : null}
    </button>
  );
}

/**
 * The left column: brand, navigation, settings and the live connection indicator. `hidden`
 * removes views the signed-in role may not use (History for artists); `account` is the
 * signed-in person's chip above Settings.
 */
export function Sidebar({
  current,
  onSelect,
  badges,
  hidden = [],
  account,
}: {
  current: ViewId | null;
  onSelect(id: ViewId): void;
  badges: Partial<Record<ViewId, number>>;
  hidden?: readonly ViewId[];
  account?: ReactNode;
}) {
  return (
    <aside className="sidebar">
      <div className="sidebar__brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">Copper</span>
      </div>
      <nav className="sidebar__nav" aria-label="Main">
        <div className="sidebar__section">Workspace</div>
        {NAV.filter((n) => !hidden.includes(n.id)).map((n) => (
          <NavButton key={n.id} {...n} current={current} badge={badges[n.id]} onSelect={onSelect} />
        ))}
      </nav>
      <div className="sidebar__footer">
        {account}
        <NavButton
          id="settings"
          label="Settings"
          icon={<SettingsIcon />}
          current={current}
          onSelect={onSelect}
        />
        <ConnectionIndicator />
      </div>
    </aside>
  );
}
