import type { ReactNode } from 'react';

/** A titled surface grouping related content. */
export function Card({
  title,
  children,
  headingLevel = 2,
}: {
  title?: ReactNode;
  children: ReactNode;
  headingLevel?: 2 | 3;
}) {
  const H = `h${headingLevel}` as const;
  return (
    <section className="card">
      {title && <H className="card__title">{title}</H>}
      {children}
    </section>
  );
}

/**
 * The page's main heading. It can take focus (tabIndex -1) so that after a route change focus
 * moves here and screen readers announce the new page.
 */
export function PageHeader({ title, lead, actions }: { title: ReactNode; lead?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="page-header">
      <div className="page-header__text">
        <h1 className="page-header__title" tabIndex={-1} data-page-heading="">
          {title}
        </h1>
        {lead && <p className="page-header__lead">{lead}</p>}
      </div>
      {actions && <div className="page-header__actions">{actions}</div>}
    </div>
  );
}

/** What a list shows when there is nothing in it: never an empty, unexplained space. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-state__title">{title}</p>
      {children}
    </div>
  );
}

/** A loading indicator with a text for screen readers. */
export function Spinner({ label }: { label: string }) {
  return (
    <div className="spinner" role="status">
      <span className="spinner__circle" aria-hidden="true" />
      <span className="visually-hidden">{label}</span>
    </div>
  );
}
