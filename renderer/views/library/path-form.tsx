import { useState, type FormEvent } from 'react';
import { useBridge } from '../../bridge/bridge-context';
import { toCopperError } from '../../bridge/bridge-error';
import { itemFromPath, type DroppedItem } from '../../shell/dropped-items';

/**
 * The web host's way to name a folder: a browser never reveals where dropped files live,
 * but the core runs on this same machine and can walk a folder given its path.
 */
export function PathForm({ onAdd }: { onAdd(items: DroppedItem[]): void }) {
  const [path, setPath] = useState('');
  const bridge = useBridge();
  const [hint, setHint] = useState<string>();
  // A path the core said deserves a second thought (system folder, thousands of files): asked once.
  const [asking, setAsking] = useState<{ path: string; question: string }>();
  const add = (resolved: string) => {
    setHint(undefined);
    setAsking(undefined);
    onAdd([itemFromPath(resolved)]);
    setPath('');
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const typed = path.trim();
    if (!typed) return;
    // The core checks it (`~`, length, exists, folder, size): one clear sentence beside the field.
    try {
      const check = await bridge.invoke('catalog.checkPath', { path: typed });
      if (!check.ok) {
        setHint(check.message);
        return;
      }
      if (check.ask) {
        setAsking({ path: check.path, question: check.ask });
        return;
      }
      add(check.path);
    } catch (err) {
      setHint(toCopperError(err).message);
    }
  };
  return (
    <form className="path-form" onSubmit={(e) => void submit(e)}>
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
          aria-describedby={hint || asking ? 'path-hint' : undefined}
          placeholder="/Users/you/Pictures/Artwork"
          value={path}
          onChange={(e) => {
            setPath(e.target.value);
            setHint(undefined);
            setAsking(undefined);
          }}
        />
        <button type="submit" className="button button--secondary" disabled={!path.trim()}>
          Add folder
        </button>
      </div>
      {asking ? (
        <div id="path-hint" className="path-form__hint path-form__ask" role="alert" data-testid="path-ask">
          <span>{asking.question} Add it anyway?</span>{' '}
          <button type="button" className="button button--secondary" onClick={() => add(asking.path)}>
            Add anyway
          </button>{' '}
          <button type="button" className="button button--ghost" onClick={() => setAsking(undefined)}>
            Cancel
          </button>
        </div>
      ) : null}
      {hint ? (
        <p id="path-hint" className="path-form__hint" role="alert">
          {hint}
        </p>
      ) : null}
    </form>
  );
}
