import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { usePageTitle } from '../lib/page.ts';
import { PageHeader } from '../ui/index.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

/**
 * What a page that crashed shows. `standalone` is for a crash of the layout itself: then this
 * page brings its own landmarks.
 */
export function ErrorPage({ standalone = false }: { standalone?: boolean }) {
  const { t } = useTranslation();
  const error = useRouteError();
  usePageTitle(t('errorPage.title'));
  if (isRouteErrorResponse(error) && error.status === 404 && !standalone) return <NotFoundPage />;

  const content = (
    <>
      <PageHeader title={t('errorPage.title')} lead={t('errorPage.text')} />
      <p>
        <a className="button button--primary" href="/">
          {t('errorPage.reload')}
        </a>
      </p>
    </>
  );
  if (!standalone) return content;
  return (
    <main id="main" tabIndex={-1} className="site-main">
      {content}
    </main>
  );
}
