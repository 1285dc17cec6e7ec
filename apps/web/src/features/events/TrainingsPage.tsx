import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../lib/page.ts';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import { EmptyState, PageHeader, Spinner } from '../../ui/index.ts';
import { useTrainingsByCentre } from './events.api.ts';
import { EventItem } from './EventItem.tsx';
import { CentreContact } from './RegionalCentrePage.tsx';

/** "/regionalzentren/schulungen": the upcoming trainings of every Regionalzentrum in the Land. */
export function Component() {
  const { t } = useTranslation();
  usePageTitle(t('events.centre.allTitle'));
  return (
    <RequireSignIn>
      {() => (
        <>
          <PageHeader title={t('events.centre.allTitle')} lead={t('events.centre.allLead')} />
          <Centres />
        </>
      )}
    </RequireSignIn>
  );
}

function Centres() {
  const { t } = useTranslation();
  const list = useTrainingsByCentre();
  if (list.isPending) return <Spinner label={t('common.loading')} />;
  if (list.isError) return <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.items.length === 0) return <EmptyState title={t('events.centre.noCentres')} />;
  return (
    <>
      {list.data.items.map((centre) => (
        <section key={centre.unit.id} className="centre-section" aria-labelledby={`centre-${centre.unit.id}`}>
          <h2 id={`centre-${centre.unit.id}`}>{centre.unit.name}</h2>
          <div className="centre-grid">
            <div>
              {centre.trainings.length === 0 ? (
                <p className="hint">{t('events.centre.noTrainings')}</p>
              ) : (
                <ul className="plain-list event-list">
                  {centre.trainings.map((event) => (
                    <li key={event.id}>
                      <EventItem event={event} dated />
                    </li>
                  ))}
                </ul>
              )}
            </div>
            <CentreContact centre={centre} headingLevel={3} />
          </div>
        </section>
      ))}
    </>
  );
}
