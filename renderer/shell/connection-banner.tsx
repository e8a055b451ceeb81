import { useTransport } from '../bridge/bridge-context';

/**
 * Shown across the top when this page cannot reach a core at all: opened without the web
 * host's link, or with the token of an earlier run. Says what to do, not what broke.
 */
export function ConnectionBanner() {
  const transport = useTransport();
  if (transport !== 'refused') return null;
  return (
    <div className="connection-banner" role="alert" data-testid="connection-banner">
      <strong>This window isn’t connected to Copper.</strong> Open the link that{' '}
      <code>npm run start:web</code> printed — it carries a key that changes every time Copper starts.
    </div>
  );
}
