import { useTranslation } from 'react-i18next';
import type { Regionalzentrum } from '@rotes-netz/shared';
import { isStatus } from '../../api.ts';
import { usePageTitle } from '../../lib/page.ts';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import { Card, EmptyState, PageHeader, Spinner, TextLink } from '../../ui/index.ts';
import { useMyRegionalzentrum } from './events.api.ts';
import { EventItem } from './EventItem.tsx';

/** "/regionalzentrum": the member's Regionalzentrum — address, contact people, upcoming trainings. */
export function Component() {
  const { t } = useTranslation();
  usePageTitle(t('events.centre.title'));
  return (
    <RequireSignIn>
      {() => (
        <>
          <PageHeader title={t('events.centre.title')} lead={t('events.centre.lead')} />
          <MyCentre />
          <p>
            <TextLink to="/regionalzentren/schulungen">{t('events.centre.allTrainings')}</TextLink>
          </p>
        </>
      )}
    </RequireSignIn>
  );
}

function MyCentre() {
  const { t } = useTranslation();
  const centre = useMyRegionalzentrum();
  if (centre.isPending) return <Spinner label={t('common.loading')} />;
  if (isStatus(centre.error, 404)) return <EmptyState title={t('events.centre.none')} />;
  if (centre.isError) return <ErrorNotice error={centre.error} onRetry={() => void centre.refetch()} />;
  const rz = centre.data;
  return (
    <>
      <h2>{rz.unit.name}</h2>
      <div className="centre-grid">
        <CentreContact centre={rz} />
        <Card title={t('events.centre.people')}>
          {rz.people.length === 0 ? (
            <p className="hint">{t('events.centre.noPeople')}</p>
          ) : (
            <ul className="plain-list centre-people">
              {rz.people.map((p, i) => (
                <li key={`${p.name}-${p.role}-${i}`}>
                  <strong>{p.name}</strong>
                  <br />
                  <span className="hint">{t(`roles.${p.role}`)}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <section aria-labelledby="centre-trainings">
        <h2 id="centre-trainings">{t('events.centre.trainings')}</h2>
        {rz.upcomingTrainings.length === 0 ? (
          <EmptyState title={t('events.centre.noTrainings')} />
        ) : (
          <ul className="plain-list event-list">
            {rz.upcomingTrainings.map((event) => (
              <li key={event.id}>
                <EventItem event={event} dated />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** Address, phone and e-mail of a centre, as far as they are known. */
export function CentreContact({
  centre,
  headingLevel = 2,
}: {
  centre: Pick<Regionalzentrum, 'contact'>;
  headingLevel?: 2 | 3;
}) {
  const { t } = useTranslation();
  const c = centre.contact;
  const street = [c.street, [c.postcode, c.city].filter(Boolean).join(' ')].filter(Boolean);
  return (
    <Card title={t('events.centre.contact')} headingLevel={headingLevel}>
      {street.length > 0 && (
        <address className="centre-address">
          {street.map((line) => (
            <span key={line}>
              {line}
              <br />
            </span>
          ))}
        </address>
      )}
      <dl className="event-facts">
        {c.phone && (
          <div>
            <dt>{t('events.centre.phone')}</dt>
            <dd>
              <a className="link" href={`tel:${c.phone.replace(/[^\d+]/g, '')}`}>
                {c.phone}
              </a>
            </dd>
          </div>
        )}
        {c.email && (
          <div>
            <dt>{t('events.centre.email')}</dt>
            <dd className="break">
              <a className="link" href={`mailto:${c.email}`}>
                {c.email}
              </a>
            </dd>
          </div>
        )}
      </dl>
    </Card>
  );
}
