/** A button's label: `idle`, or while `busy` a spinner and `busyText` (`onAccent` for a primary button). */
export function BusyLabel({
  busy,
  busyText,
  idle,
  onAccent = false,
}: {
  busy: boolean;
  busyText: string;
  idle: string;
  onAccent?: boolean;
}) {
  if (!busy) return <>{idle}</>;
  return (
    <>
      <span className={onAccent ? 'spinner spinner--on-accent' : 'spinner'} aria-hidden="true" />
      {busyText}
    </>
  );
}
