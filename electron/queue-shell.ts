import { app, Notification, powerSaveBlocker, type BrowserWindow } from 'electron';
import type { QueueActivity } from '../core/queue/queue-activity';
import type { BatchNotice } from '../shared/notify/batch-notice';

/**
 * What the OS shows of the queue: App Nap and idle sleep held off while it is active
 * (`prevent-app-suspension`: the screen may still sleep), the count left on the dock badge
 * (macOS, Linux Unity) and the overall progress on the taskbar/dock icon, and one
 * notification when a batch finishes (what it says: shared/notify/batch-notice.ts; main shows
 * it only when the person turned notifications on). Returns the update functions and the disposer.
 */
export function queueShell(window: () => BrowserWindow | undefined) {
  let blocker: number | undefined;
  const release = () => {
    if (blocker !== undefined && powerSaveBlocker.isStarted(blocker)) powerSaveBlocker.stop(blocker);
    blocker = undefined;
  };
  return {
    activity(a: QueueActivity): void {
      if (a.active > 0 && blocker === undefined) blocker = powerSaveBlocker.start('prevent-app-suspension');
      if (a.active === 0) release();
      app.setBadgeCount(a.active);
      const win = window();
      if (win && !win.isDestroyed())
        win.setProgressBar(a.active > 0 && a.bytesTotal > 0 ? a.bytesDone / a.bytesTotal : -1);
    },
    batchDone(notice: BatchNotice): void {
      if (!Notification.isSupported()) return;
      const shown = new Notification({ title: notice.title, body: notice.body });
      shown.on('click', () => {
        const win = window();
        if (win && !win.isDestroyed()) win.show();
      });
      shown.show();
    },
    dispose: release,
  };
}
