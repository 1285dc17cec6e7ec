import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import type { Me } from '@rotes-netz/shared';
import { useMe } from '../lib/session.ts';
import { Spinner } from '../ui/index.ts';
import { ErrorNotice } from './ErrorNotice.tsx';

/** Renders its children for a signed-in member; sends everyone else to sign in and back. */
export function RequireSignIn({ children }: { children: (me: Me) => ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  const { pathname, search } = useLocation();
  if (me.isPending) return <Spinner label={t('common.loading')} />;
  if (me.isError) return <ErrorNotice error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) return <Navigate to={`/anmelden?next=${encodeURIComponent(pathname + search)}`} replace />;
  return children(me.data);
}
