import { useTranslation } from 'react-i18next';
import { Spinner } from '../ui/index.ts';

/** The whole page while the first route's code loads: a landmark and a spoken "loading". */
export function InitialLoading() {
  const { t } = useTranslation();
  return (
    <main id="main" className="site-main">
      <Spinner label={t('common.loading')} />
    </main>
  );
}
