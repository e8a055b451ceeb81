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
