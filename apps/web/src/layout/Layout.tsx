import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { I18nProvider, RouterProvider } from 'react-aria-components';
import { Outlet, useHref, useNavigate, useNavigation } from 'react-router';
import { useBrand, useInstance } from '../lib/instance.ts';
import { displayLocale } from '../lib/format.ts';
import { Spinner } from '../ui/index.ts';
import { Footer } from './Footer.tsx';
import { Header } from './Header.tsx';
import { useRouteFocus } from './route-focus.ts';
import { useMe } from '../lib/session.ts';

// Only a signed-in member has a session to time out: visitors' first load does not carry it.
const IdleWarning = lazy(async () => ({
  default: (await import('../features/security/IdleWarning.tsx')).IdleWarning,
}));

/** The frame of every page: skip link, header with navigation, main, footer. */
export function Layout() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const instance = useInstance();
  const { data: me } = useMe();
  useBrand(instance);
  useRouteFocus();

  return (
    <RouterProvider navigate={(to) => void navigate(to)} useHref={useHref}>
      <I18nProvider locale={displayLocale(i18n.language)}>
        <a className="skip-link" href="#main">
          {t('layout.skipToContent')}
        </a>
        <Header instance={instance} />
        <main id="main" tabIndex={-1} className="site-main">
          {navigation.state === 'loading' && (
            <div className="route-progress">
              <Spinner label={t('common.loading')} />
            </div>
          )}
          <Suspense fallback={<Spinner label={t('common.loading')} />}>
            <Outlet />
          </Suspense>
        </main>
        <Footer />
        {me && (
          <Suspense fallback={null}>
            <IdleWarning />
          </Suspense>
        )}
      </I18nProvider>
    </RouterProvider>
  );
}
