import { EmptyState } from '../../components/empty-state';
import { QueueIcon } from '../../components/icons';
import { ViewHeader } from '../../components/view-header';

/** Queue: uploads in flight with per-file and overall progress, pause/resume/retry/cancel (filled by the queue issue). */
export function QueueView({ onGoToLibrary }: { onGoToLibrary(): void }) {
  return (
    <div className="view">
      <ViewHeader title="Queue" subtitle="Uploads run in the background and carry on after a restart or a lost connection." />
      <div className="view__body view__body--center">
        <EmptyState icon={<QueueIcon size={34} />} title="Nothing is uploading"
          actions={<button type="button" className="button button--primary" onClick={onGoToLibrary}>Add artwork</button>}>
          <p>Artwork you add in the Library waits here with its progress. You can pause, resume or cancel any file, or the whole queue.</p>
        </EmptyState>
      </div>
    </div>
  );
}
