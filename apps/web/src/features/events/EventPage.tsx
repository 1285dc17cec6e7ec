import { useTranslation } from 'react-i18next';
import type { Event } from '@rotes-netz/shared';
import { ApiError } from '../../api.ts';
import { usePageTitle } from '../../lib/page.ts';
import { Loaded } from '../../pages/Loaded.tsx';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import { Button, ButtonLink, Card, PageHeader, TextLink, useToast } from '../../ui/index.ts';
import { useEventId } from './event-id.ts';
import { icsUrl, useCancelRegistration, useEvent, useRegister } from './events.api.ts';
import { EventBadges } from './EventItem.tsx';
import { Questions } from './Questions.tsx';
import { formatEventRange } from './time.ts';

/** "/termine/:id": an event with its details, registration, meeting data (for registrants) and questions. */
export function Component() {
  return <RequireSignIn>{() => <EventLoader />}</RequireSignIn>;
}

function EventLoader() {
  const id = useEventId();
  const event = useEvent(id);
  usePageTitle(event.data?.title ?? null);
  return (
    <Loaded query={event} missing={id === 0}>
      {(data) => <EventView event={data} />}
    </Loaded>
  );
}

function EventView({ event }: { event: Event }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'de';
  const cancelled = event.status === 'cancelled';
  return (
    <div className="event-page">
      <p>
        <TextLink to="/termine">{t('events.event.back')}</TextLink>
      </p>
      <PageHeader
        title={event.title}
        lead={<EventBadges event={event} />}
        actions={
          (event.abilities.manage || event.abilities.moderateQuestions) && (
            <div className="button-row">
              {event.abilities.manage && (
                <ButtonLink to={`/termine/${event.id}/organisation`} variant="primary">
                  {t('events.event.organise')}
                </ButtonLink>
              )}
              {event.abilities.manage && (
                <ButtonLink to={`/termine/${event.id}/bearbeiten`} variant="secondary">
                  {t('events.event.edit')}
                </ButtonLink>
              )}
              {event.abilities.moderateQuestions && (
                <ButtonLink to={`/termine/${event.id}/praesentation`} variant="secondary">
                  {t('events.event.presenter')}
                </ButtonLink>
              )}
            </div>
          )
        }
      />
      {cancelled && (
        <div className="notice notice--error" role="status">
          <p>{t('events.event.cancelledNotice')}</p>
          {event.cancelReason && <p>{t('events.event.cancelReason', { reason: event.cancelReason })}</p>}
        </div>
      )}
      <div className="event-layout">
        <div className="event-layout__main">
          <dl className="event-facts">
            <div>
              <dt>{t('events.event.when')}</dt>
              <dd>
                <time dateTime={event.startsAt}>{formatEventRange(event.startsAt, event.endsAt, lng)}</time>
                <br />
                <span className="hint">{t('events.common.berlinTime')}</span>
              </dd>
            </div>
            <div>
              <dt>{t('events.event.where')}</dt>
              <dd>{event.online ? t('events.event.online') : (event.location ?? '–')}</dd>
            </div>
            <div>
              <dt>{t('events.form.unit')}</dt>
              <dd>{event.unit.name}</dd>
            </div>
            {event.topic && (
              <div>
                <dt>{t('events.form.topic')}</dt>
                <dd>{event.topic}</dd>
              </div>
            )}
            {event.series && (
              <div>
                <dt>{t('events.form.series')}</dt>
                <dd>
                  <TextLink to={`/termine/reihen/${event.series.id}`}>{event.series.title}</TextLink>
                </dd>
              </div>
            )}
            {event.guests.length > 0 && (
              <div>
                <dt>{t('events.event.guests')}</dt>
                <dd>
                  <ul className="plain-list">
                    {event.guests.map((g, i) => (
                      <li key={i}>
                        {g.name}
                        {g.role && <span className="hint">, {g.role}</span>}
                      </li>
                    ))}
                  </ul>
                </dd>
              </div>
            )}
            <div>
              <dt>{t('events.event.audience')}</dt>
              <dd>
                {t(`events.audiences.${event.audience}`)}
                {event.audience === 'role' &&
                  event.audienceRoles.length > 0 &&
                  `: ${event.audienceRoles.map((r) => t(`roles.${r}`)).join(', ')}`}
              </dd>
            </div>
            <div>
              <dt>{t('events.event.places')}</dt>
              <dd>
                {event.counts.capacity === null ? t('events.event.unlimited') : event.counts.capacity}
                {' · '}
                {t('events.event.counts', {
                  registered: event.counts.registered,
                  waitlisted: event.counts.waitlisted,
                })}
              </dd>
            </div>
          </dl>
          <p>
            <a className="button button--secondary" href={icsUrl(event.id)} download={`termin-${event.id}.ics`}>
              {t('events.event.ics')}
            </a>
          </p>
          {event.share.public && event.share.url && (
            <p>
              <a className="link" href={event.share.url}>
                {t('events.event.share')}
              </a>
              <br />
              <span className="hint">{t('events.event.shareHint')}</span>
            </p>
          )}
          {event.descriptionHtml.trim() !== '' && (
            <section className="event-description" aria-labelledby="event-description">
              <h2 id="event-description">{t('events.event.description')}</h2>
              {/* Rendered by the server from Markdown with raw HTML turned off. */}
              <div className="prose" dangerouslySetInnerHTML={{ __html: event.descriptionHtml }} />
            </section>
          )}
        </div>
        <aside className="event-layout__side" aria-label={t('events.registration.title')}>
          <RegistrationCard event={event} />
          <MeetingDataCard event={event} />
        </aside>
      </div>
      <Questions event={event} />
    </div>
  );
}

function RegistrationCard({ event }: { event: Event }) {
  const { t } = useTranslation();
  const toast = useToast();
  const register = useRegister(event.id);
  const cancel = useCancelRegistration(event.id);
  const mine = event.myRegistration;
  const full = event.counts.spotsLeft === 0;
  const fail = (error: unknown) =>
    toast(error instanceof ApiError ? error.problem.title : t('errors.unexpected'), 'error');

  return (
    <Card title={t('events.registration.title')}>
      {mine?.status === 'registered' && (
        <p className="registration-state">{t('events.registration.youAreRegistered')}</p>
      )}
      {mine?.status === 'waitlisted' && (
        <p className="registration-state">
          {t('events.registration.youAreWaitlisted', { position: mine.position ?? '–' })}
        </p>
      )}
      {!mine && event.counts.spotsLeft !== null && (
        <p>{full ? t('events.common.full') : t('events.common.spotsLeft', { count: event.counts.spotsLeft })}</p>
      )}
      {event.abilities.register && (
        <Button
          variant="primary"
          isPending={register.isPending}
          onPress={() =>
            register.mutate(undefined, {
              onSuccess: (r) =>
                toast(
                  r.status === 'waitlisted'
                    ? t('events.registration.waitlistedToast')
                    : t('events.registration.registeredToast'),
                  'success',
                ),
              onError: fail,
            })
          }
        >
          {full ? t('events.registration.joinWaitlist') : t('events.registration.register')}
        </Button>
      )}
      {event.abilities.cancelRegistration && mine && (
        <Button
          variant="secondary"
          isPending={cancel.isPending}
          onPress={() =>
            cancel.mutate(undefined, {
              onSuccess: () => toast(t('events.registration.cancelledToast'), 'success'),
              onError: fail,
            })
          }
        >
          {mine.status === 'waitlisted' ? t('events.registration.leaveWaitlist') : t('events.registration.cancel')}
        </Button>
      )}
      {!mine && !event.abilities.register && <p className="hint">{t('events.registration.notOpen')}</p>}
      {!mine && event.abilities.register && event.online && (
        <p className="hint">{t('events.registration.meetingHint')}</p>
      )}
    </Card>
  );
}

/** Shown only when the API sends meeting data, which it does for registrants and organisers alone. */
function MeetingDataCard({ event }: { event: Event }) {
  const { t } = useTranslation();
  const data = event.meetingData;
  if (!data) {
    if (event.myRegistration?.status === 'registered' && event.online && !event.hasMeetingData)
      return (
        <Card title={t('events.meeting.title')}>
          <p>{t('events.meeting.notYet')}</p>
        </Card>
      );
    return null;
  }
  return (
    <section className="card meeting-data" aria-labelledby="meeting-data-title">
      <h2 id="meeting-data-title" className="card__title">
        {t('events.meeting.title')}
      </h2>
      <p className="hint">{t('events.meeting.lead')}</p>
      <dl className="event-facts">
        {data.url && (
          <div>
            <dt>{t('events.meeting.url')}</dt>
            <dd className="break">
              <a className="link" href={data.url} rel="noopener noreferrer">
                {data.url}
              </a>
            </dd>
          </div>
        )}
        {data.dialIn && (
          <div>
            <dt>{t('events.meeting.dialIn')}</dt>
            <dd>{data.dialIn}</dd>
          </div>
        )}
        {data.accessCode && (
          <div>
            <dt>{t('events.meeting.accessCode')}</dt>
            <dd>
              <code>{data.accessCode}</code>
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}
