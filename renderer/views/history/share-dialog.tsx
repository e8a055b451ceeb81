import { useState } from 'react';
import type { ObjectVersion } from '../../../shared/models/bucket';
import { GALLERY_SHARE_CHOICES, type GalleryShare } from '../../../shared/models/history';
import { useBridge, useCall } from '../../bridge/bridge-context';
import { Dialog } from '../../components/dialog';
import { useRadioGroup } from '../../components/radio-group';
import { baseName, formatDate, formatDateSeconds, shortVersion } from './history-format';
import { TaskError, useTask } from './use-task';
import { DialogActions } from './dialog-actions';
import { ARTIST_SHARE_MAX_SECONDS } from '../../../shared/http/api-schemas';
import { useHistoryRole } from './history-role';

type Copy = 'copied' | 'manual' | undefined;

const STATE_WORDS = { live: 'Live', expired: 'Expired', revoked: 'Revoked' } as const;
const STATE_TONE = { live: 'pill--ok', expired: 'pill--neutral', revoked: 'pill--bad' } as const;

/** One of the artwork's links: which version, until when, how often opened, and Revoke while live (`onRevoke`). */
function ShareRow({ share, busy, onRevoke }: { share: GalleryShare; busy: boolean; onRevoke?: () => void }) {
  return (
    <li className="share-row" data-testid="share-row" data-id={share.id} data-state={share.state}>
      <div className="share-row__main">
        <span className={`pill ${STATE_TONE[share.state]}`}>{STATE_WORDS[share.state]}</span>
        <span className="mono share-row__version" title={share.versionId}>
          version {shortVersion(share.versionId)}
        </span>
        <span className="share-row__facts">
          {share.state === 'revoked'
            ? `revoked ${formatDate(share.revokedAt!)}`
            : `until ${formatDate(share.expiresAt)}`}{' '}
          · {share.downloads} {share.downloads === 1 ? 'download' : 'downloads'} · by {share.createdBy}
        </span>
      </div>
      {share.state === 'live' && onRevoke ? (
        <button
          type="button"
          className="button button--ghost button--small"
          disabled={busy}
          onClick={onRevoke}
          aria-label={`Revoke the link to version ${shortVersion(share.versionId)}, made by ${share.createdBy}`}
          data-action="revoke"
        >
          Revoke
        </button>
      ) : null}
    </li>
  );
}

/**
 * Share link: a link kept by the Copper API (`…/s/<id>`) to exactly this version, for a day to a
 * year (an artist: up to 7 days, the API's limit for them); it is copied to the clipboard (and
 * shown, where the clipboard is not allowed). Below, every link of the artwork with its
 * downloads, and Revoke: a revoked link answers "gone". An artist revokes only their own links.
 */
export function ShareDialog({ version, onClose }: { version: ObjectVersion; onClose(): void }) {
  const bridge = useBridge();
  const role = useHistoryRole();
  const choices = role.artist
    ? GALLERY_SHARE_CHOICES.filter((c) => c.seconds <= ARTIST_SHARE_MAX_SECONDS)
    : GALLERY_SHARE_CHOICES;
  const mayRevoke = (s: GalleryShare) => !role.artist || s.createdBy === role.email;
  const [seconds, setSeconds] = useState(7 * 86_400);
  const [link, setLink] = useState<GalleryShare>();
  const [copy, setCopy] = useState<Copy>();
  const lifetimes = useRadioGroup(
    choices.map((c) => c.seconds),
    seconds,
    (next) => {
      setSeconds(next);
      setLink(undefined);
      setCopy(undefined);
    },
  );
  const task = useTask();
  const links = useCall('history.share-list', { key: version.key });

  const create = async () => {
    const made = await task.run(() =>
      bridge.invoke('history.share-create', {
        key: version.key,
        versionId: version.versionId,
        expiresInSeconds: seconds,
      }),
    );
    if (!made) return;
    setLink(made);
    links.reload();
    try {
      await navigator.clipboard.writeText(made.url);
      setCopy('copied');
    } catch {
      setCopy('manual');
    }
  };
  const revoke = async (id: string) => {
    const done = await task.run(() => bridge.invoke('history.share-revoke', { id }));
    // The link just made is no use once revoked: stop showing it as one to copy.
    if (done && link?.id === id) {
      setLink(undefined);
      setCopy(undefined);
    }
    links.reload();
  };

  const footer = (
    <DialogActions
      cancelLabel={link ? 'Done' : 'Cancel'}
      onCancel={onClose}
      label={link ? 'Copy a new link' : 'Create and copy link'}
      onConfirm={() => void create()}
      busy={task.busy}
      testId="share-create"
    />
  );

  return (
    <Dialog title="Share link" onClose={onClose} footer={footer} testId="share-dialog">
      <p className="dialog__lead">
        Anyone with the link can download{' '}
        <strong className="share-dialog__name">{baseName(version.key)}</strong> exactly as it was on{' '}
        {formatDateSeconds(version.lastModified)}, until it expires or is revoked. No sign-in is needed.
        {role.artist ? ' Your links work for up to 7 days.' : ''}
      </p>
      <div className="field">
        <span className="field__label" id="share-lifetime-label">
          Works for
        </span>
        <div className="segmented" {...lifetimes.group} aria-labelledby="share-lifetime-label">
          {choices.map((c) => (
            <button
              key={c.seconds}
              type="button"
              {...lifetimes.radio(c.seconds)}
              className="segmented__option"
              data-seconds={c.seconds}
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
      <TaskError error={task.error} />
      <section className="share-links" aria-label="Links to this artwork">
        <h3 className="share-links__title">Links to this artwork</h3>
        {links.error ? (
          <TaskError error={links.error} prefix="Couldn’t read the links" />
        ) : !links.data ? (
          <p className="muted">Reading the links…</p>
        ) : links.data.length === 0 ? (
          <p className="muted">None yet.</p>
        ) : (
          <ul className="share-links__list" data-testid="share-links">
            {links.data.map((s) => (
              <ShareRow
                key={s.id}
                share={s}
                busy={task.busy}
                {...(mayRevoke(s) ? { onRevoke: () => void revoke(s.id) } : {})}
              />
            ))}
          </ul>
        )}
      </section>
    </Dialog>
  );
}
