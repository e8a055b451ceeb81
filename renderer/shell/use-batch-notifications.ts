import { useEffect, useRef } from 'react';
import { BatchWatch } from '../../shared/notify/batch-notice';
import { useBridge } from '../bridge/bridge-context';

/** The browser's notifications, where this page may show them. */
export function browserNotifications(): typeof Notification | undefined {
  return typeof Notification === 'function' ? Notification : undefined;
}

/**
 * The web host's batch notification, in the page (Electron's main process shows its own):
 * one per finished batch (shared/notify/batch-notice.ts), only while the preference is on and
 * the browser granted the permission. The same tag keeps two tabs from showing it twice.
 */
export function useBatchNotifications(notify: boolean): void {
  const bridge = useBridge();
  const enabled = useRef(notify);
  enabled.current = notify;
  useEffect(() => {
    if (bridge.kind !== 'web') return;
    const watch = new BatchWatch();
    let generation = 0;
    const seed = () => {
      const mine = ++generation;
      bridge.invoke('queue.list', {}).then(
        (snapshot) => {
          if (mine === generation) watch.seed(snapshot.entries);
        },
        () => {},
      );
    };
    const show = (notice: ReturnType<BatchWatch['entry']>) => {
      const api = browserNotifications();
      if (!notice || !enabled.current || api?.permission !== 'granted') return;
      new api(notice.title, { body: notice.body, tag: 'copper-batch' });
    };
    const offs = [
      bridge.onTransport((state) => {
        if (state === 'open') seed();
      }),
      bridge.on('queue.entry', (e) => show(watch.entry(e))),
      bridge.on('queue.removed', ({ id }) => show(watch.removed(id))),
    ];
    if (bridge.transport() === 'open') seed();
    return () => {
      generation++;
      for (const off of offs) off();
    };
  }, [bridge]);
}
