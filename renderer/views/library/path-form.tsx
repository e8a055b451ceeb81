import { useState, type FormEvent } from 'react';
import { itemFromPath, type DroppedItem } from '../../shell/dropped-items';

// Same rule as the contract's (shared/ipc/queue-schemas.ts): the core refuses anything else.
const ABSOLUTE = /^(\/|[A-Za-z]:[\\/]|\\\\[^\\]+\\)/;

/**
 * The web host's way to name a folder: a browser never reveals where dropped files live,
 * but the core runs on this same machine and can walk a folder given its path.
 */
export function PathForm({ onAdd }: { onAdd(items: DroppedItem[]): void }) {
  const [path, setPath] = useState('');
  const [hint, setHint] = useState<string>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = path.trim();
    if (!trimmed) return;
    if (!ABSOLUTE.test(trimmed)) {
      setHint('Enter the full path, starting at the top of the disk (/Users/… or C:\\…).');
      return;
    }
    setHint(undefined);
    onAdd([itemFromPath(trimmed)]);
    setPath('');
  };
  return (
    <form className="path-form" onSubmit={submit}>
      <label className="path-form__label" htmlFor="path-input">
        Add a folder on this computer by its path
      </label>
      <div className="path-form__row">
        <input
          id="path-input"
          className="input"
          type="text"
          spellCheck={false}
          autoComplete="off"
          aria-invalid={hint ? true : undefined}
          aria-describedby={hint ? 'path-hint' : undefined}
          placeholder="/Users/you/Pictures/Artwork"
          value={path}
          onChange={(e) => {
            setPath(e.target.value);
            setHint(undefined);
          }}
        />
        <button type="submit" className="button button--secondary" disabled={!path.trim()}>
          Add folder
        </button>
      </div>
      {hint ? (
        <p id="path-hint" className="path-form__hint" role="alert">
          {hint}
        </p>
      ) : null}
    </form>
  );
}
