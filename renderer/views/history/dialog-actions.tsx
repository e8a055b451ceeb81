/**
 * A dialog's footer: a quiet way out and the one primary action (with a spinner while busy).
 * While busy the action is aria-disabled rather than disabled: a disabled button would drop the
 * keyboard focus to the page, and the person pressing Enter would lose their place.
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
        aria-disabled={busy || undefined}
        onClick={() => {
          if (!busy) onConfirm();
        }}
        data-testid={testId}
      >
        {busy ? <span className="spinner" aria-hidden="true" /> : null}
        {label}
      </button>
    </>
  );
}
