import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { CopperError } from '../../../shared/errors';
import type { SessionState } from '../../../shared/models/account';
import { useAccount } from '../../account/account-context';
import { failureDetail, failureTitle } from '../../account/account-words';
import { toCopperError } from '../../bridge/bridge-error';
import { BusyLabel } from '../../components/busy-label';

type ApiStatus =
  | { readonly kind: 'idle' }
  | { readonly kind: 'checking'; readonly url: string }
  | { readonly kind: 'ok'; readonly url: string; readonly version: string }
  | { readonly kind: 'bad'; readonly url: string; readonly error: CopperError };

/** A labelled form field: the label names the control given as children (which carries `id`). */
function Field({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children}
    </div>
  );
}

function ApiStatusLine({ status }: { status: ApiStatus }) {
  if (status.kind === 'idle')
    return (
      <div className="field__hint">
        The address your gallery gave you, for example https://copper-api.example.com
      </div>
    );
  if (status.kind === 'checking')
    return (
      <div className="field__hint field__hint--busy" data-testid="api-check-status" data-state="checking">
        <span className="spinner" aria-hidden="true" />
        Checking the address…
      </div>
    );
  if (status.kind === 'ok') {
    return (
      <div className="field__hint field__hint--ok" data-testid="api-check-status" data-state="ok">
        <span className="check-mark" aria-hidden="true">
          ✓
        </span>
        Copper API found (version {status.version})
      </div>
    );
  }
  return (
    <div
      className="field__hint field__hint--bad"
      data-testid="api-check-status"
      data-state="bad"
      role="alert"
    >
      <strong>{failureTitle(status.error)}.</strong> {status.error.message}
    </div>
  );
}

/**
 * The first-run / signed-out form: the gallery's API address (checked as soon as it is
 * typed), email and password. The password goes to the core once and is never kept here.
 */
export function SignInForm({
  state,
  onSignedIn,
}: {
  state: SessionState;
  onSignedIn?(next: SessionState): void;
}) {
  const { lastProfile, checkApi, signIn } = useAccount();
  const [apiUrl, setApiUrl] = useState(lastProfile?.apiUrl ?? '');
  const [email, setEmail] = useState(lastProfile?.email ?? '');
  const [password, setPassword] = useState('');
  const [apiStatus, setApiStatus] = useState<ApiStatus>({ kind: 'idle' });
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<CopperError>();
  const latestCheck = useRef('');
  const passwordRef = useRef<HTMLInputElement>(null);

  const check = (raw: string) => {
    const url = raw.trim();
    if (!url) {
      latestCheck.current = '';
      setApiStatus({ kind: 'idle' });
      return;
    }
    if (url === latestCheck.current) return;
    latestCheck.current = url;
    setApiStatus({ kind: 'checking', url });
    checkApi(url).then(
      (r) => {
        if (latestCheck.current === url) setApiStatus({ kind: 'ok', url, version: r.version });
      },
      (err: unknown) => {
        if (latestCheck.current === url) setApiStatus({ kind: 'bad', url, error: toCopperError(err) });
      },
    );
  };

  // A remembered address is checked at once, so a moved or offline API shows before typing.
  const initialUrl = useRef(apiUrl);
  useEffect(() => {
    if (initialUrl.current) check(initialUrl.current);
  }, []);

  const ready = apiUrl.trim() !== '' && email.trim() !== '' && password !== '' && !pending;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    setPending(true);
    setError(undefined);
    try {
      const next = await signIn(apiUrl.trim(), email.trim(), password);
      setPassword('');
      onSignedIn?.(next);
    } catch (err) {
      const failure = toCopperError(err);
      setError(failure);
      if (failure.code === 'auth.invalid-credentials') {
        setPassword('');
        passwordRef.current?.focus();
      }
    } finally {
      setPending(false);
    }
  };

  const reason = state.status === 'signed-out' ? state.reason : undefined;
  const expired = state.status === 'session-expired';
  // With the address and email remembered, the password is all that is left to type.
  const focusPassword = Boolean(lastProfile?.apiUrl && lastProfile.email);
  return (
    <form className="sign-in" onSubmit={submit} noValidate data-testid="account-sign-in" aria-busy={pending}>
      <div className="sign-in__intro">
        <h3 className="sign-in__title">{expired ? 'Sign in again' : 'Sign in to your gallery'}</h3>
        <p className="muted">
          {expired
            ? 'Enter your password to pick up where you left off.'
            : 'Use the account the gallery made for you. Copper keeps your sign-in in this computer’s keychain, so you only do this once.'}
        </p>
      </div>
      {expired ? (
        <div className="notice notice--warn" data-testid="account-expired">
          <strong>Your session has ended.</strong> Your queue is intact: it carries on once you sign in again.
        </div>
      ) : null}
      {reason ? (
        <div className="notice notice--bad" role="alert">
          <strong>{failureTitle(toCopperError(reason))}.</strong> {reason.message}
        </div>
      ) : null}
      <Field id="account-api-url" label="Gallery API address">
        <input
          id="account-api-url"
          autoFocus={!focusPassword}
          className="input input--mono"
          type="url"
          inputMode="url"
          spellCheck={false}
          autoComplete="url"
          placeholder="https://copper-api.example.com"
          value={apiUrl}
          disabled={pending}
          aria-invalid={apiStatus.kind === 'bad' || undefined}
          onChange={(e) => {
            setApiUrl(e.target.value);
            if (apiStatus.kind !== 'idle' && e.target.value.trim() !== latestCheck.current) {
              latestCheck.current = '';
              setApiStatus({ kind: 'idle' });
            }
          }}
          onBlur={(e) => check(e.target.value)}
        />
        <ApiStatusLine status={apiStatus} />
      </Field>
      <Field id="account-email" label="Email">
        <input
          id="account-email"
          className="input"
          type="email"
          autoComplete="username"
          spellCheck={false}
          placeholder="you@example.com"
          value={email}
          disabled={pending}
          onChange={(e) => setEmail(e.target.value)}
        />
      </Field>
      <Field id="account-password" label="Password">
        <input
          id="account-password"
          ref={passwordRef}
          autoFocus={focusPassword}
          className="input"
          type="password"
          autoComplete="current-password"
          value={password}
          disabled={pending}
          onChange={(e) => setPassword(e.target.value)}
        />
      </Field>
      {error ? (
        <div className="notice notice--bad" role="alert" data-testid="account-error" data-code={error.code}>
          <strong>{failureTitle(error)}.</strong> {failureDetail(error)}
        </div>
      ) : null}
      <div className="sign-in__actions">
        <button
          type="submit"
          className="button button--primary"
          disabled={!ready}
          data-testid="sign-in-submit"
        >
          <BusyLabel busy={pending} busyText="Signing in…" idle="Sign in" onAccent />
        </button>
      </div>
    </form>
  );
}
