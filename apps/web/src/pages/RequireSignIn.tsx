import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import type { Me } from '@rotes-netz/shared';
import { signInPath } from '../lib/format.ts';
import { useMe } from '../lib/session.ts';
import { Spinner } from '../ui/index.ts';
import { ErrorNotice } from './ErrorNotice.tsx';

/**
 * Renders its children for a signed-in member; sends everyone else to sign in and back to exactly
 * this place (path, query and post anchor).
 */
export function RequireSignIn({ children }: { children: (me: Me) => ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Spinner label={t('common.loading')} />;
  if (me.isError) return <ErrorNotice error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) return <Navigate to={signInPath(location)} replace />;
  return children(me.data);
}

/**
 * The router's guard around every page that is not marked public (`handle: { public: true }`):
 * a shared link to a room, thread or event leads signed-out people through sign-in to it.
 */
export function SignedInOutlet() {
  return <RequireSignIn>{() => <Outlet />}</RequireSignIn>;
}
