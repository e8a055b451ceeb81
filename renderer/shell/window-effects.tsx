import type { QueueTotals } from '../../shared/models/queue';
import { useBatchNotifications } from './use-batch-notifications';
import { usePreferences } from './use-preferences';
import { useWindowTitle } from './use-window-title';

/** What the window does beside its views: the title's count, and (web host) the batch notification. */
export function WindowEffects({ totals }: { totals: QueueTotals }) {
  const { prefs } = usePreferences();
  useWindowTitle(totals);
  useBatchNotifications(prefs?.notify ?? false);
  return null;
}
