import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import type { LegalPage as LegalPageData, LegalPageName } from '@rotes-netz/shared';
import { api } from '../api.ts';
import { currentLanguage } from '../i18n/index.ts';
import { usePageTitle } from '../lib/page.ts';
import { PageHeader } from '../ui/index.ts';
import { Loaded } from './Loaded.tsx';

/** Impressum, Datenschutzerklärung, Erklärung zur Barrierefreiheit: the instance's own texts. */
export function Component() {
  const { t } = useTranslation();
  const page = useLocation().pathname.slice(1) as LegalPageName;
  const lng = currentLanguage();
  const title = t(`legal.${page}`);
  usePageTitle(title);
  const query = useQuery({
    queryKey: ['legal', page, lng],
    queryFn: ({ signal }) => api<LegalPageData>(`/legal/${page}`, { signal }),
  });
  return (
    <Loaded query={query}>
      {(legal) => (
        <>
          <PageHeader title={title} />
          {/* Rendered on the server from the operator's Markdown, without raw HTML. */}
          <div className="prose" lang={legal.locale} dangerouslySetInnerHTML={{ __html: legal.html }} />
        </>
      )}
    </Loaded>
  );
}
