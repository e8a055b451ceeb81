import type { ReactNode } from 'react';

/** One card of Settings: a titled section (`id` names its heading), with optional actions beside the title. */
export function SettingsCard({
  id,
  title,
  actions,
  testId,
  children,
}: {
  id: string;
  title: string;
  actions?: ReactNode;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <section className="settings-card" aria-labelledby={`${id}-title`} data-testid={testId}>
      <div className="settings-card__header">
        <h2 id={`${id}-title`} className="settings-card__title">
          {title}
        </h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** One label/value row of a card's `<dl className="settings-rows">`. */
export function SettingsRow({
  label,
  testId,
  className,
  children,
}: {
  label: string;
  testId?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className="settings-row">
      <dt>{label}</dt>
      <dd className={className} data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** One row of a card with a control: its label (for the control `htmlFor`), a hint below, the control on the right. */
export function SettingsControl({
  htmlFor,
  label,
  hint,
  hintTestId,
  children,
}: {
  htmlFor: string;
  label: string;
  hint: ReactNode;
  hintTestId?: string;
  children: ReactNode;
}) {
  return (
    <div className="settings-row settings-row--control">
      <div>
        <label className="settings-row__label" htmlFor={htmlFor}>
          {label}
        </label>
        <div className="settings-row__hint" data-testid={hintTestId}>
          {hint}
        </div>
      </div>
      {children}
    </div>
  );
}
