import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isStatus } from '../api.ts';
import { Spinner } from '../ui/index.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';

interface LoadedProps<T> {
  /** A query of the one thing the page shows. */
  query: { data: T | undefined; error: unknown; refetch: () => unknown };
  /** The address names nothing (e.g. a malformed id): the not-found page, like a 404. */
  missing?: boolean;
  /** Whether the member may use this page for it; otherwise the not-found page, exactly as for a 404. */
  allowed?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}

/**
 * The start every detail page shares: not found (a 404, a malformed address, or a page the member
 * may not use — all look the same), an error with a retry, a spinner, then the page.
 */
export function Loaded<T>({ query, missing = false, allowed, children }: LoadedProps<T>) {
  const { t } = useTranslation();
  if (missing || isStatus(query.error, 404)) return <NotFoundPage />;
  if (query.error) return <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data === undefined) return <Spinner label={t('common.loading')} />;
  if (allowed && !allowed(query.data)) return <NotFoundPage />;
  return <>{children(query.data)}</>;
}
