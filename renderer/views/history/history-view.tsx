import { EmptyState } from '../../components/empty-state';
import { VersionsIcon } from '../../components/icons';
import { ViewHeader } from '../../components/view-header';

/** History: every version of an artwork, side by side, restore and share links (filled by the bucket issue). */
export function HistoryView() {
  return (
    <div className="view">
      <ViewHeader title="History" subtitle="Every version of every artwork in the gallery’s bucket." />
      <div className="view__body view__body--center">
        <EmptyState icon={<VersionsIcon size={34} />} title="No artwork selected">
          <p>Open an artwork to see each version with its date, size and who uploaded it. Compare two side by side, restore an older one or copy a share link.</p>
        </EmptyState>
      </div>
    </div>
  );
}
