import { app, Notification, powerSaveBlocker, type BrowserWindow } from 'electron';
import type { QueueActivity } from '../core/queue/queue-activity';

/**
 * What the OS shows of the queue: App Nap and idle sleep held off while it is active
 * (`prevent-app-suspension`: the screen may still sleep), the count left on the dock badge
 * (macOS, Linux Unity) and the overall progress on the taskbar/dock icon, and one
 * notification when a batch finishes. Returns the update functions and the disposer.
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
    batchDone({ done, failed }: { done: number; failed: number }): void {
      if (!Notification.isSupported() || done + failed === 0) return;
      const body =
        failed > 0
          ? `${done} uploaded, ${failed} failed: the Queue says why.`
          : `${done} ${done === 1 ? 'file' : 'files'} uploaded.`;
      new Notification({ title: 'Copper: uploads finished', body }).show();
    },
    dispose: release,
  };
}
