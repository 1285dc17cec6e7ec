import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../lib/page.ts';
import { ButtonLink, PageHeader } from '../ui/index.ts';

/** Unknown routes, and pages the member may not see (the API answers those 404 too). */
export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t('notFound.title'));
  return (
    <>
      <PageHeader title={t('notFound.title')} lead={t('notFound.text')} />
      <ButtonLink to="/" variant="primary">
        {t('notFound.home')}
      </ButtonLink>
    </>
  );
}
