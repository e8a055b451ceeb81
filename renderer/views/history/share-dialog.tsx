import { useState } from 'react';
import type { ObjectVersion, ShareLink } from '../../../shared/models/bucket';
import { SHARE_LINK_CHOICES } from '../../../shared/models/history';
import type { CopperError } from '../../../shared/errors';
import { useBridge } from '../../bridge/bridge-context';
import { toCopperError } from '../../bridge/bridge-error';
import { Dialog } from '../../components/dialog';
import { baseName, formatDate, formatDateSeconds } from './history-format';

type Copy = 'copied' | 'manual' | undefined;

/**
 * Share link: pick how long it works (1 hour – 7 days), get a pre-signed URL, copied to the
 * clipboard and shown so it can be copied by hand where the clipboard is not allowed.
 */
export function ShareDialog({ version, onClose }: { version: ObjectVersion; onClose(): void }) {
  const bridge = useBridge();
  const [seconds, setSeconds] = useState(24 * 3600);
  const [link, setLink] = useState<ShareLink>();
  const [error, setError] = useState<CopperError>();
  const [busy, setBusy] = useState(false);
  const [copy, setCopy] = useState<Copy>();

  const create = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const made = await bridge.invoke('history.link', {
        key: version.key,
        versionId: version.versionId,
        expiresInSeconds: seconds,
      });
      setLink(made);
      try {
        await navigator.clipboard.writeText(made.url);
        setCopy('copied');
      } catch {
        setCopy('manual');
      }
    } catch (err) {
      setError(toCopperError(err));
    } finally {
      setBusy(false);
    }
  };

  const footer = (
    <>
      <button type="button" className="button button--ghost" onClick={onClose}>
        {link ? 'Done' : 'Cancel'}
      </button>
      <button
        type="button"
        className="button button--primary"
        disabled={busy}
        onClick={() => void create()}
        data-testid="share-create"
      >
        {busy ? <span className="spinner" aria-hidden="true" /> : null}
        {link ? 'Copy a new link' : 'Create and copy link'}
      </button>
    </>
  );

  return (
    <Dialog title="Share link" onClose={onClose} footer={footer} testId="share-dialog">
      <p className="dialog__lead">
        Anyone with the link can open <strong>{baseName(version.key)}</strong> as it was on{' '}
        {formatDateSeconds(version.lastModified)}, until it expires. No sign-in is needed.
      </p>
      <div className="field">
        <span className="field__label" id="share-lifetime-label">
          Works for
        </span>
        <div className="segmented" role="radiogroup" aria-labelledby="share-lifetime-label">
          {SHARE_LINK_CHOICES.map((c) => (
            <button
              key={c.seconds}
              type="button"
              role="radio"
              aria-checked={seconds === c.seconds}
              className="segmented__option"
              data-seconds={c.seconds}
              onClick={() => {
                setSeconds(c.seconds);
                setLink(undefined);
                setCopy(undefined);
              }}
            >
              {c.label}
            </button>
          ))}
        </div>
      </div>
      {link ? (
        <div className="share-result" data-testid="share-result">
          <input
            className="input input--mono"
            readOnly
            value={link.url}
            aria-label="Share link"
            data-testid="share-url"
            onFocus={(e) => e.currentTarget.select()}
          />
          <p
            className={copy === 'copied' ? 'field__hint field__hint--ok' : 'field__hint'}
            data-testid="share-copy-status"
            data-state={copy}
          >
            {copy === 'copied' ? (
              <>
                <span className="check-mark">✓</span> Copied to the clipboard.
              </>
            ) : (
              'Select the link and copy it: this window may not use the clipboard.'
            )}{' '}
            Expires {formatDate(link.expiresAt)}.
          </p>
        </div>
      ) : null}
      {error ? (
        <div className="notice notice--bad" role="alert" data-code={error.code}>
          {error.message}
        </div>
      ) : null}
    </Dialog>
  );
}
