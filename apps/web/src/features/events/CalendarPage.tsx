import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { EVENT_KINDS, type EventKind, type EventSummary, type Me } from '@rotes-netz/shared';
import { usePageTitle } from '../../lib/page.ts';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import { Button, ButtonLink, EmptyState, PageHeader, Spinner, TextLink } from '../../ui/index.ts';
import { useEventFilters, useEventList, type EventFilter } from './events.api.ts';
import { EventDayList, EventItem } from './EventItem.tsx';
import { MonthGrid } from './MonthGrid.tsx';
import { organiserUnits } from './organisers.ts';
import {
  berlinDay,
  formatDay,
  formatMonth,
  monthBounds,
  monthOf,
  shiftMonth,
  todayBerlin,
  type DayKey,
} from './time.ts';

/** "/termine": the events open to the member, as a list or a month, filtered by kind, unit and topic. */
export function Component() {
  const { t } = useTranslation();
  usePageTitle(t('events.calendar.title'));
  return <RequireSignIn>{(me) => <Calendar me={me} />}</RequireSignIn>;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function Calendar({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const view = params.get('ansicht') === 'monat' ? 'month' : 'list';
  const kindParam = params.get('art') ?? '';
  const filter: EventFilter = {
    kind: (EVENT_KINDS as readonly string[]).includes(kindParam) ? (kindParam as EventKind) : '',
    unitId: /^[1-9]\d{0,15}$/.test(params.get('gliederung') ?? '') ? params.get('gliederung')! : '',
    topic: (params.get('thema') ?? '').trim(),
  };

  const update = (changes: Record<string, string | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace: true },
    );

  return (
    <>
      <PageHeader
        title={t('events.calendar.title')}
        lead={t('events.calendar.lead')}
        actions={
          organiserUnits(me).length > 0 && (
            <ButtonLink to="/termine/neu" variant="primary">
              {t('events.calendar.create')}
            </ButtonLink>
          )
        }
      />
      <p>
        <TextLink to="/regionalzentren/schulungen">{t('events.calendar.trainings')}</TextLink>
      </p>
      <div className="calendar-toolbar">
        <div className="segmented" role="group" aria-label={t('events.calendar.views')}>
          <Button
            variant={view === 'list' ? 'primary' : 'secondary'}
            aria-pressed={view === 'list'}
            onPress={() => update({ ansicht: null })}
          >
            {t('events.calendar.list')}
          </Button>
          <Button
            variant={view === 'month' ? 'primary' : 'secondary'}
            aria-pressed={view === 'month'}
            onPress={() => update({ ansicht: 'monat' })}
          >
            {t('events.calendar.month')}
          </Button>
        </div>
      </div>
      <Filters
        filter={filter}
        onApply={(f) => update({ art: f.kind || null, gliederung: f.unitId || null, thema: f.topic || null })}
      />
      {view === 'list' ? (
        <UpcomingList filter={filter} />
      ) : (
        <MonthView
          filter={filter}
          month={MONTH.test(params.get('monat') ?? '') ? params.get('monat')! : monthOf(todayBerlin())}
          day={DAY.test(params.get('tag') ?? '') ? params.get('tag')! : null}
          onChange={(month, day) => update({ monat: month, tag: day })}
        />
      )}
    </>
  );
}

/**
 * Kind, unit and topic. Units and topics are those of the upcoming events the member may see
 * (the API builds the choices from them), so every choice finds something.
 */
function Filters({ filter, onApply }: { filter: EventFilter; onApply: (filter: EventFilter) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const choices = useEventFilters();
  const [kind, setKind] = useState<string>(filter.kind ?? '');
  const [unitId, setUnitId] = useState(filter.unitId ?? '');
  const [topic, setTopic] = useState(filter.topic ?? '');
  const units = choices.data?.units ?? [];
  const topics = choices.data?.topics ?? [];
  // A choice from the address that is not offered (its events are past) stays visible as chosen.
  const unknownUnit = unitId !== '' && choices.data !== undefined && !units.some((u) => String(u.id) === unitId);
  const unknownTopic = topic !== '' && !topics.includes(topic);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ kind: kind as EventKind | '', unitId, topic: topic.trim() });
  };
  const reset = () => {
    setKind('');
    setUnitId('');
    setTopic('');
    onApply({ kind: '', unitId: '', topic: '' });
  };
  const active = Boolean(filter.kind || filter.unitId || filter.topic);

  return (
    <form className="event-filters" onSubmit={submit} aria-label={t('events.calendar.filters')}>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-kind`}>
          {t('events.calendar.kind')}
        </label>
        <select id={`${id}-kind`} className="field__input" value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="">{t('events.calendar.anyKind')}</option>
          {EVENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`events.kinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-unit`}>
          {t('events.calendar.unit')}
        </label>
        <select
          id={`${id}-unit`}
          className="field__input"
          value={unitId}
          aria-busy={choices.isPending || undefined}
          onChange={(e) => setUnitId(e.target.value)}
        >
          <option value="">{t('events.calendar.anyUnit')}</option>
          {units.map((u) => (
            <option key={u.id} value={String(u.id)}>
              {u.name}
            </option>
          ))}
          {unknownUnit && <option value={unitId}>{t('events.calendar.chosenUnit')}</option>}
        </select>
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-topic`}>
          {t('events.calendar.topic')}
        </label>
        <select
          id={`${id}-topic`}
          className="field__input"
          value={topic}
          aria-busy={choices.isPending || undefined}
          onChange={(e) => setTopic(e.target.value)}
        >
          <option value="">{t('events.calendar.anyTopic')}</option>
          {topics.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
          {unknownTopic && <option value={topic}>{topic}</option>}
        </select>
      </div>
      {choices.isError && <p className="hint">{t('events.calendar.filtersUnavailable')}</p>}
      <div className="event-filters__actions">
        <Button type="submit" variant="primary">
          {t('events.calendar.apply')}
        </Button>
        {active && (
          <Button variant="quiet" onPress={reset}>
            {t('events.calendar.reset')}
          </Button>
        )}
      </div>
    </form>
  );
}

function UpcomingList({ filter }: { filter: EventFilter }) {
  const { t } = useTranslation();
  const list = useEventList(filter);
  if (list.isPending) return <Spinner label={t('common.loading')} />;
  if (list.isError) return <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />;
  const events = list.data.pages.flatMap((p) => p.items);
  const filtered = Boolean(filter.kind || filter.unitId || filter.topic);
  if (events.length === 0)
    return <EmptyState title={filtered ? t('events.calendar.empty') : t('events.calendar.emptyUpcoming')} />;
  return (
    <>
      <EventDayList events={events} />
      {list.hasNextPage && (
        <div className="load-more">
          <Button isPending={list.isFetchingNextPage} onPress={() => void list.fetchNextPage()}>
            {t('events.calendar.loadMore')}
          </Button>
        </div>
      )}
    </>
  );
}

function MonthView({
  filter,
  month,
  day,
  onChange,
}: {
  filter: EventFilter;
  month: string;
  day: DayKey | null;
  onChange: (month: string, day: DayKey | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'de';
  const list = useEventList({ ...filter, ...monthBounds(month) });
  const today = todayBerlin();
  const selected = day && monthOf(day) === month ? day : monthOf(today) === month ? today : `${month}-01`;
  const headingId = useId();

  // A month holds few events: load every page of it.
  useEffect(() => {
    if (list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
  }, [list]);

  const events: EventSummary[] = list.data?.pages.flatMap((p) => p.items) ?? [];
  const ofDay = events.filter((e) => berlinDay(e.startsAt) === selected);

  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId} className="visually-hidden">
        {formatMonth(month, lng)}
      </h2>
      <div className="month-nav">
        <Button onPress={() => onChange(shiftMonth(month, -1), null)}>
          <span aria-hidden="true">‹ </span>
          {t('events.calendar.previousMonth')}
        </Button>
        <Button variant="quiet" onPress={() => onChange(monthOf(today), today)}>
          {t('events.calendar.thisMonth')}
        </Button>
        <Button onPress={() => onChange(shiftMonth(month, 1), null)}>
          {t('events.calendar.nextMonth')}
          <span aria-hidden="true"> ›</span>
        </Button>
      </div>
      <p className="hint">{t('events.calendar.gridHint')}</p>
      {list.isError && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
      <div className="month-grid__scroll" aria-busy={list.isPending || undefined}>
        <MonthGrid
          month={month}
          events={events.map((e) => ({
            id: e.id,
            title: e.title,
            startsAt: e.startsAt,
            cancelled: e.status === 'cancelled',
          }))}
          selected={selected}
          onSelect={(next) => onChange(monthOf(next), next)}
        />
      </div>
      <section className="month-day" aria-labelledby={`${headingId}-day`}>
        <h3 id={`${headingId}-day`}>{t('events.calendar.dayTitle', { day: formatDay(selected, lng) })}</h3>
        {list.isPending ? (
          <Spinner label={t('common.loading')} />
        ) : ofDay.length === 0 ? (
          <p className="hint">{t('events.calendar.dayEmpty')}</p>
        ) : (
          <ul className="plain-list event-list">
            {ofDay.map((event) => (
              <li key={event.id}>
                <EventItem event={event} headingLevel={4} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}
