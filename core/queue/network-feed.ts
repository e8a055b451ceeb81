import type { NetworkStatus } from '../app/network-status';

/**
 * Watches what the OS says about the network and reports CHANGES only: a host whose first
 * reading is "offline" (a machine with only loopback reaching a local S3) never stalls the
 * queue; the queue's own probe is the authority, this only makes it react sooner.
 * Returns the disposer.
 */
export function watchNetwork(
  status: NetworkStatus,
  onChange: (online: boolean) => void,
  intervalMs = 2_000,
): () => void {
  let last = status();
  const timer = setInterval(() => {
    const now = status();
    if (now === last || now === 'unknown') return;
    const before = last;
    last = now;
    if (before === 'unknown' && now === 'online') return;
    onChange(now === 'online');
  }, intervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}
