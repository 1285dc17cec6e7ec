import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { EventSummary } from '@rotes-netz/shared';
import { berlinDay, formatDay, formatEventRange, formatTimeRange, type DayKey } from './time.ts';

/** The member's state and the places, as small badges. */
export function EventBadges({ event }: { event: EventSummary }) {
  const { t } = useTranslation();
  const mine = event.myRegistration;
  return (
    <span className="event-badges">
      <span className={`badge event-kind event-kind--${event.kind}`}>{t(`events.kinds.${event.kind}`)}</span>
      {event.status === 'cancelled' && <span className="badge badge--failed">{t('events.common.cancelled')}</span>}
      {mine?.status === 'registered' && <span className="badge badge--sent">{t('events.common.registered')}</span>}
      {mine?.status === 'waitlisted' && (
        <span className="badge badge--kept">
          {mine.position
            ? t('events.common.waitlistPosition', { position: mine.position })
            : t('events.common.waitlisted')}
        </span>
      )}
      {event.status !== 'cancelled' && !mine && event.counts.spotsLeft !== null && (
        <span className="badge">
          {event.counts.spotsLeft === 0
            ? t('events.common.full')
            : t('events.common.spotsLeft', { count: event.counts.spotsLeft })}
        </span>
      )}
    </span>
  );
}

/**
 * One event in a list: its time, title (the link), kind, organiser, place and the member's state.
 * `dated` shows the full date (lists not grouped by day).
 */
export function EventItem({
  event,
  dated = false,
  headingLevel = 3,
}: {
  event: EventSummary;
  dated?: boolean;
  headingLevel?: 3 | 4;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'de';
  const H = `h${headingLevel}` as const;
  return (
    <article className="event-item" data-cancelled={event.status === 'cancelled' || undefined}>
      <H className="event-item__title">
        <Link className="link" to={`/termine/${event.id}`}>
          {event.title}
        </Link>
      </H>
      <p className="event-item__time">
        <time dateTime={event.startsAt}>
          {dated
            ? formatEventRange(event.startsAt, event.endsAt, lng)
            : formatTimeRange(event.startsAt, event.endsAt, lng)}
        </time>
      </p>
      <p className="event-item__meta">
        <EventBadges event={event} />
      </p>
      <p className="event-item__meta">
        {[
          event.unit.name,
          event.online ? t('events.common.online') : event.location,
          event.topic ? t('events.common.topic', { topic: event.topic }) : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
    </article>
  );
}

/** Events grouped under a heading per Berlin day, in the order given. */
export function EventDayList({ events }: { events: EventSummary[] }) {
  const { i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'de';
  const days = new Map<DayKey, EventSummary[]>();
  for (const event of events) {
    const day = berlinDay(event.startsAt);
    days.set(day, [...(days.get(day) ?? []), event]);
  }
  return (
    <div className="event-days">
      {[...days].map(([day, list]) => (
        <section key={day} className="event-day" aria-labelledby={`day-${day}`}>
          <h2 id={`day-${day}`} className="event-day__title">
            {formatDay(day, lng)}
          </h2>
          <ul className="plain-list event-list">
            {list.map((event) => (
              <li key={event.id}>
                <EventItem event={event} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
