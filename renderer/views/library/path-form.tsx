import { useState, type FormEvent } from 'react';
import { itemFromPath, type DroppedItem } from '../../shell/dropped-items';

/**
 * The web host's way to name a folder: a browser never reveals where dropped files live,
 * but the core runs on this same machine and can walk a folder given its path.
 */
export function PathForm({ onAdd }: { onAdd(items: DroppedItem[]): void }) {
  const [path, setPath] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!path.trim()) return;
    onAdd([itemFromPath(path)]);
    setPath('');
  };
  return (
    <form className="path-form" onSubmit={submit}>
      <label className="path-form__label" htmlFor="path-input">Add a folder on this computer by its path</label>
      <div className="path-form__row">
        <input id="path-input" className="input" type="text" spellCheck={false} autoComplete="off"
          placeholder="/Users/you/Pictures/Artwork" value={path} onChange={(e) => setPath(e.target.value)} />
        <button type="submit" className="button button--secondary" disabled={!path.trim()}>Add folder</button>
      </div>
    </form>
  );
}
