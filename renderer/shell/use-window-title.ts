import { useEffect } from 'react';
import type { QueueTotals } from '../../shared/models/queue';
import { windowTitle } from '../../shared/notify/window-title';

/** Files still to upload: waiting, uploading, paused or waiting for the network (not failed, not done). */
export function stillToUpload(totals: QueueTotals): number {
  const s = totals.byState;
  return s.queued + s.uploading + s.paused + s['waiting-for-network'];
}

/** Keeps `document.title` on "Copper — N to upload" (the desktop window follows the page's title). */
export function useWindowTitle(totals: QueueTotals): void {
  const title = windowTitle(stillToUpload(totals));
  useEffect(() => {
    document.title = title;
  }, [title]);
}
