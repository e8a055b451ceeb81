import type { ReactNode } from 'react';

/** The title row at the top of every view. */
export function ViewHeader({
  title,
  subtitle,
  actions,
}: {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <header className="view-header">
      <div className="view-header__text">
        <h1 className="view-header__title">{title}</h1>
        {subtitle ? <p className="view-header__subtitle">{subtitle}</p> : null}
      </div>
      {actions ? <div className="view-header__actions">{actions}</div> : null}
    </header>
  );
}
