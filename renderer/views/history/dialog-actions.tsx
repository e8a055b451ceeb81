/**
 * A dialog's footer: a quiet way out and the one primary action (with a spinner while busy).
 */
export function DialogActions({
  cancelLabel = 'Cancel',
  onCancel,
  label,
  onConfirm,
  busy = false,
  testId,
}: {
  cancelLabel?: string;
  onCancel(): void;
  label: string;
  onConfirm(): void;
  busy?: boolean;
  testId: string;
}) {
  return (
    <>
      <button type="button" className="button button--ghost" onClick={onCancel}>
        {cancelLabel}
      </button>
      <button
        type="button"
        className="button button--primary"
        disabled={busy}
        onClick={onConfirm}
        data-testid={testId}
      >
        {busy ? <span className="spinner" aria-hidden="true" /> : null}
        {label}
      </button>
    </>
  );
}
